using System.Globalization;
using System.Text;

namespace SyncStudio.Services.Shopify;

public enum ShopifyDocumentKind
{
    Query,
    Mutation,

    /// <summary>The inner query of a bulk operation: sent as a string argument, run by Shopify later.</summary>
    BulkQuery,
}

/// <summary>A GraphQL document the client sends.</summary>
/// <param name="RetryAfterUnknownOutcome">
/// Whether an attempt whose outcome is unknown (5xx, timeout, lost response) may be sent again: true for reads and
/// for mutations carrying an idempotency key; false for other mutations, which report
/// <see cref="ShopifyFailureKind.OutcomeUnknown"/> so the caller reads back first.
/// </param>
public sealed record ShopifyDocument(string Name, ShopifyDocumentKind Kind, string Text, bool RetryAfterUnknownOutcome)
{
    public override string ToString() => Name;
}

/// <summary>Every GraphQL document the client can send, in one place (tests validate them all against the schema).</summary>
public static class ShopifyDocuments
{
    private const string ProductFields = """
        fragment ProductFields on Product {
          id
          title
          handle
          descriptionHtml
          vendor
          productType
          tags
          status
          updatedAt
          options {
            name
            position
          }
          seo {
            title
            description
          }
          mediaCount {
            count
          }
        }
        """;

    private const string VariantFields = """
        fragment VariantFields on ProductVariant {
          id
          sku
          price
          compareAtPrice
          inventoryQuantity
          barcode
          inventoryPolicy
          taxable
          selectedOptions {
            name
            value
          }
          inventoryItem {
            id
            tracked
            requiresShipping
            harmonizedSystemCode
            countryCodeOfOrigin
            unitCost {
              amount
            }
            measurement {
              weight {
                unit
                value
              }
            }
            inventoryLevels(first: 10) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                location {
                  id
                }
                quantities(names: ["available", "on_hand"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
        """;

    private const string Fragments = ProductFields + "\n" + VariantFields;

    public static ShopifyDocument ProductsPage { get; } = Query("ProductsPage", $$"""
        query ProductsPage($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys!, $variantsFirst: Int!) {
          products(first: $first, after: $after, query: $query, sortKey: $sortKey) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              ...ProductFields
              variants(first: $variantsFirst) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  ...VariantFields
                }
              }
            }
          }
        }
        {{Fragments}}
        """);

    public static ShopifyDocument CollectionProductsPage { get; } = Query("CollectionProductsPage", $$"""
        query CollectionProductsPage($collectionId: ID!, $first: Int!, $after: String, $variantsFirst: Int!) {
          collection(id: $collectionId) {
            products(first: $first, after: $after) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                ...ProductFields
                variants(first: $variantsFirst) {
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  nodes {
                    ...VariantFields
                  }
                }
              }
            }
          }
        }
        {{Fragments}}
        """);

    public static ShopifyDocument ProductVariantsPage { get; } = Query("ProductVariantsPage", $$"""
        query ProductVariantsPage($id: ID!, $first: Int!, $after: String) {
          product(id: $id) {
            variants(first: $first, after: $after) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                ...VariantFields
              }
            }
          }
        }
        {{VariantFields}}
        """);

    public static ShopifyDocument Product { get; } = Query("Product", $$"""
        query Product($id: ID!, $variantsFirst: Int!) {
          product(id: $id) {
            ...ProductFields
            variants(first: $variantsFirst) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                ...VariantFields
              }
            }
          }
        }
        {{Fragments}}
        """);

    /// <summary>
    /// A product's media in gallery order (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Product#field-Product.fields.media):
    /// read on its own, and only for a product whose <c>mediaCount</c> is not 0, so the product pages keep their cost
    /// (docs/decisions/0029). An image's URL and alt are its <c>MediaImage.image</c>'s; a medium still processing has none yet.
    /// </summary>
    public static ShopifyDocument ProductMedia { get; } = Query("ProductMedia", """
        query ProductMedia($id: ID!, $first: Int!, $after: String) {
          product(id: $id) {
            id
            media(first: $first, after: $after) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                id
                alt
                mediaContentType
                status
                ... on MediaImage {
                  image {
                    url
                    altText
                  }
                }
              }
            }
          }
        }
        """);

    /// <summary>
    /// Adds images to a product from URLs: <c>productUpdate</c>'s <c>media</c> argument, what shopify.dev recommends in
    /// 2026-07 (<c>productCreateMedia</c> is deprecated "Use productUpdate or productSet instead";
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productUpdate). Not re-sent after an unknown outcome:
    /// a second send is a second image; the writer reads the product's media back first.
    /// </summary>
    public static ShopifyDocument ProductMediaCreate { get; } = new("ProductMediaCreate", ShopifyDocumentKind.Mutation, """
        mutation ProductMediaCreate($product: ProductUpdateInput!, $media: [CreateMediaInput!]!) {
          productUpdate(product: $product, media: $media) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Sets images' alt text and takes images off a product (<c>referencesToRemove</c>): <c>fileUpdate</c>, which
    /// 2026-07 names in place of the deprecated <c>productUpdateMedia</c> and <c>productDeleteMedia</c>
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/fileUpdate). Settled by a read-back like the other writes.
    /// </summary>
    public static ShopifyDocument MediaFileUpdate { get; } = new("MediaFileUpdate", ShopifyDocumentKind.Mutation, """
        mutation MediaFileUpdate($files: [FileUpdateInput!]!) {
          fileUpdate(files: $files) {
            files {
              id
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Puts a product's media in order (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productReorderMedia).
    /// The moves name every image's final place, evaluated in order: sent again, they give the same order, so a lost
    /// answer may be re-sent.
    /// </summary>
    public static ShopifyDocument ProductReorderMedia { get; } = new("ProductReorderMedia", ShopifyDocumentKind.Mutation, """
        mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {
          productReorderMedia(id: $id, moves: $moves) {
            job {
              id
            }
            mediaUserErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    public static ShopifyDocument ProductsCount { get; } = Query("ProductsCount", """
        query ProductsCount($query: String) {
          productsCount(query: $query, limit: null) {
            count
            precision
          }
        }
        """);

    /// <summary>
    /// One collection by id, to refuse a pull filtered by a collection the store does not have before its batch
    /// starts. Shopify answers <c>collection: null</c> for an unknown id
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/collection).
    /// </summary>
    public static ShopifyDocument Collection { get; } = Query("Collection", """
        query Collection($id: ID!) {
          collection(id: $id) {
            id
            title
          }
        }
        """);

    public static ShopifyDocument Shop { get; } = Query("Shop", """
        query Shop {
          shop {
            name
            myshopifyDomain
            currencyCode
            plan {
              publicDisplayName
              partnerDevelopment
              shopifyPlus
            }
          }
        }
        """);

    /// <summary>
    /// The shop's locations (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/locations), for the mapping of
    /// local stock locations in Settings (docs/decisions/0019); a shop has at most a few hundred, read 250 a page.
    /// </summary>
    public static ShopifyDocument Locations { get; } = Query("Locations", """
        query Locations($after: String) {
          locations(first: 250, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              id
              name
            }
          }
        }
        """);

    /// <summary>
    /// The shop's primary location, where stock is written (docs/decisions/0017): <c>location</c> without an id answers
    /// it (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/location). Not the oldest location, and not
    /// <c>Location.isPrimary</c>, deprecated in 2026-07.
    /// </summary>
    public static ShopifyDocument PrimaryLocation { get; } = Query("PrimaryLocation", """
        query PrimaryLocation {
          location {
            id
            name
          }
        }
        """);

    /// <summary>
    /// One inventory item's <c>available</c> quantity at one location; <c>inventoryLevel</c> is null where the item is
    /// not stocked (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryItem#field-inventoryLevel).
    /// </summary>
    public static ShopifyDocument InventoryLevel { get; } = Query("InventoryLevel", """
        query InventoryLevel($inventoryItemId: ID!, $locationId: ID!) {
          inventoryItem(id: $inventoryItemId) {
            id
            inventoryLevel(locationId: $locationId) {
              id
              quantities(names: ["available"]) {
                name
                quantity
              }
            }
          }
        }
        """);

    /// <summary>
    /// An inventory item's levels past the first 10 a product read carries (a shop may have up to 1,000 locations,
    /// https://help.shopify.com/en/manual/locations/setting-up-your-locations#location-limits).
    /// </summary>
    public static ShopifyDocument InventoryLevelsPage { get; } = Query("InventoryLevelsPage", """
        query InventoryLevelsPage($id: ID!, $first: Int!, $after: String) {
          inventoryItem(id: $id) {
            inventoryLevels(first: $first, after: $after) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                location {
                  id
                }
                quantities(names: ["available", "on_hand"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
        """);

    public static ShopifyDocument BulkProductsRun { get; } = new("BulkProductsRun", ShopifyDocumentKind.Mutation, """
        mutation BulkProductsRun($query: String!) {
          bulkOperationRunQuery(query: $query) {
            bulkOperation {
              id
              status
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    public static ShopifyDocument BulkOperation { get; } = Query("BulkOperation", """
        query BulkOperation($id: ID!) {
          bulkOperation(id: $id) {
            id
            status
            errorCode
            objectCount
            rootObjectCount
            url
            partialDataUrl
          }
        }
        """);

    /// <summary>The inner query of the bulk export, as sent for all products (see <see cref="BulkProductsQuery"/>).</summary>
    public static ShopifyDocument BulkProducts { get; } =
        new("BulkProducts", ShopifyDocumentKind.BulkQuery, BulkProductsQuery(null), RetryAfterUnknownOutcome: true);

    /// <summary>The app-owned metafield a create marks its product with (<see cref="ProductCreate"/>).</summary>
    public const string CreateMarkNamespace = "$app:syncstudio";

    public const string CreateMarkKey = "create_key";

    /// <summary>
    /// Creates a product with its options and variants. <c>productSet</c> does not honour <c>@idempotent</c> (only the
    /// inventory, location and refund mutations do: https://shopify.dev/docs/api/usage/implementing-idempotency), so a
    /// re-send after a lost answer would be a second create: an unknown outcome is never re-sent here but settled by
    /// the caller with <see cref="ProductByHandle"/>. The input carries a mark (an app-owned metafield, value derived
    /// from the caller's change id) by which that look-up tells this create's product from anyone else's.
    /// </summary>
    public static ShopifyDocument ProductCreate { get; } = new("ProductCreate", ShopifyDocumentKind.Mutation, $$"""
        mutation ProductCreate($input: ProductSetInput!, $variantsFirst: Int!) {
          productSet(input: $input, synchronous: true) {
            product {
              ...ProductFields
              variants(first: $variantsFirst) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  ...VariantFields
                }
              }
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        {{Fragments}}
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// The product under a handle (handles are unique per shop), with the mark a create of this app left on it
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/productByIdentifier): what settles a create whose
    /// outcome is unknown before anything is sent again.
    /// </summary>
    public static ShopifyDocument ProductByHandle { get; } = Query("ProductByHandle", $$"""
        query ProductByHandle($handle: String!, $variantsFirst: Int!) {
          productByIdentifier(identifier: { handle: $handle }) {
            ...ProductFields
            createMark: metafield(namespace: "{{CreateMarkNamespace}}", key: "{{CreateMarkKey}}") {
              value
            }
            variants(first: $variantsFirst) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                ...VariantFields
              }
            }
          }
        }
        {{Fragments}}
        """);

    public static ShopifyDocument ProductUpdate { get; } = new("ProductUpdate", ShopifyDocumentKind.Mutation, """
        mutation ProductUpdate($product: ProductUpdateInput!) {
          productUpdate(product: $product) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    public static ShopifyDocument VariantsUpdate { get; } = new("VariantsUpdate", ShopifyDocumentKind.Mutation, $$"""
        mutation VariantsUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $productId, variants: $variants) {
            product {
              id
              updatedAt
            }
            productVariants {
              ...VariantFields
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        {{VariantFields}}
        """, RetryAfterUnknownOutcome: false);

    /// <summary>A product's options with their ids: what <see cref="OptionUpdate"/> names an option by.</summary>
    public static ShopifyDocument ProductOptions { get; } = Query("ProductOptions", """
        query ProductOptions($id: ID!) {
          product(id: $id) {
            id
            options {
              id
              name
              position
              optionValues {
                id
                name
              }
            }
          }
        }
        """);

    /// <summary>
    /// Renames one option and any of its values (<c>productOptionUpdate</c> with <c>optionValuesToUpdate</c>,
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionUpdate). Variants are left as they are
    /// (<c>LEAVE_AS_IS</c>): a rename creates or deletes none; a renamed value is renamed on every variant that has it.
    /// </summary>
    public static ShopifyDocument OptionUpdate { get; } = new("OptionUpdate", ShopifyDocumentKind.Mutation, """
        mutation OptionUpdate($productId: ID!, $option: OptionUpdateInput!, $optionValuesToUpdate: [OptionValueUpdateInput!]) {
          productOptionUpdate(productId: $productId, option: $option, optionValuesToUpdate: $optionValuesToUpdate, variantStrategy: LEAVE_AS_IS) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Adds variants to a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkCreate),
    /// at most 250 a call. <c>PRESERVE_STANDALONE_VARIANT</c>: Shopify deletes nothing of its own accord (its
    /// <c>DEFAULT</c> deletes a lone "Default Title" variant); the writer deletes the variants the target lacks itself,
    /// so every write it settles is one it planned.
    /// </summary>
    public static ShopifyDocument VariantsCreate { get; } = new("VariantsCreate", ShopifyDocumentKind.Mutation, $$"""
        mutation VariantsCreate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkCreate(productId: $productId, variants: $variants, strategy: PRESERVE_STANDALONE_VARIANT) {
            product {
              id
              updatedAt
            }
            productVariants {
              ...VariantFields
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        {{VariantFields}}
        """, RetryAfterUnknownOutcome: false);

    /// <summary>Deletes variants of a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkDelete), at most 250 a call.</summary>
    public static ShopifyDocument VariantsDelete { get; } = new("VariantsDelete", ShopifyDocumentKind.Mutation, """
        mutation VariantsDelete($productId: ID!, $variantsIds: [ID!]!) {
          productVariantsBulkDelete(productId: $productId, variantsIds: $variantsIds) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Moves variants to 1-based positions (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productVariantsBulkReorder),
    /// at most 250 a call. Positions are absolute, so a re-send is harmless.
    /// </summary>
    public static ShopifyDocument VariantsReorder { get; } = new("VariantsReorder", ShopifyDocumentKind.Mutation, """
        mutation VariantsReorder($productId: ID!, $positions: [ProductVariantPositionInput!]!) {
          productVariantsBulkReorder(productId: $productId, positions: $positions) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>
    /// Adds options to a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsCreate).
    /// <c>LEAVE_AS_IS</c>: no variant is created; the existing ones take each new option's first value.
    /// </summary>
    public static ShopifyDocument OptionsCreate { get; } = new("OptionsCreate", ShopifyDocumentKind.Mutation, """
        mutation OptionsCreate($productId: ID!, $options: [OptionCreateInput!]!) {
          productOptionsCreate(productId: $productId, options: $options, variantStrategy: LEAVE_AS_IS) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Deletes options of a product (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsDelete).
    /// <c>NON_DESTRUCTIVE</c>: an option with several values may go, but only if no variant has to go with it (the writer
    /// deletes the variants the target lacks first); Shopify refuses it otherwise instead of choosing variants to delete.
    /// </summary>
    public static ShopifyDocument OptionsDelete { get; } = new("OptionsDelete", ShopifyDocumentKind.Mutation, """
        mutation OptionsDelete($productId: ID!, $options: [ID!]!) {
          productOptionsDelete(productId: $productId, options: $options, strategy: NON_DESTRUCTIVE) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Puts a product's options in a new order, each named by id (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productOptionsReorder);
    /// variants keep their values and Shopify re-sorts them by the new option order.
    /// </summary>
    public static ShopifyDocument OptionsReorder { get; } = new("OptionsReorder", ShopifyDocumentKind.Mutation, """
        mutation OptionsReorder($productId: ID!, $options: [OptionReorderInput!]!) {
          productOptionsReorder(productId: $productId, options: $options) {
            product {
              id
              updatedAt
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    public static ShopifyDocument ProductDelete { get; } = new("ProductDelete", ShopifyDocumentKind.Mutation, """
        mutation ProductDelete($input: ProductDeleteInput!) {
          productDelete(input: $input, synchronous: true) {
            deletedProductId
            userErrors {
              field
              message
            }
          }
        }
        """, RetryAfterUnknownOutcome: false);

    /// <summary>
    /// Compare-and-set of one quantity: Shopify refuses it (CHANGE_FROM_QUANTITY_STALE) when the quantity is no
    /// longer the one seen at staging; the idempotency key makes a re-send after a lost response safe.
    /// </summary>
    public static ShopifyDocument InventorySetQuantities { get; } = new("InventorySetQuantities", ShopifyDocumentKind.Mutation, """
        mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
            inventoryAdjustmentGroup {
              id
              changes {
                name
                delta
                quantityAfterChange
                item {
                  id
                }
                location {
                  id
                }
              }
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>
    /// Stocks an inventory item at a location with nothing there, before a quantity is set at it: inventorySetQuantities
    /// refuses an item not stocked at the location (ITEM_NOT_STOCKED_AT_LOCATION). The idempotency key is required
    /// from 2026-04 on (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/inventoryActivate), so a re-send
    /// after a lost response is safe.
    /// </summary>
    public static ShopifyDocument InventoryActivate { get; } = new("InventoryActivate", ShopifyDocumentKind.Mutation, """
        mutation InventoryActivate($inventoryItemId: ID!, $locationId: ID!, $idempotencyKey: String!) {
          inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId) @idempotent(key: $idempotencyKey) {
            inventoryLevel {
              id
              quantities(names: ["available"]) {
                name
                quantity
              }
            }
            userErrors {
              field
              message
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>
    /// The metafield definitions of one owner type in one namespace
    /// (https://shopify.dev/docs/api/admin-graphql/2026-07/queries/metafieldDefinitions): what a pull reads and how a
    /// value is validated before approval (docs/decisions/0023).
    /// </summary>
    public static ShopifyDocument MetafieldDefinitions { get; } = Query("MetafieldDefinitions", """
        query MetafieldDefinitions($ownerType: MetafieldOwnerType!, $namespace: String, $after: String) {
          metafieldDefinitions(ownerType: $ownerType, namespace: $namespace, first: 250, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              namespace
              key
              name
              type {
                name
              }
              validations {
                name
                value
              }
            }
          }
        }
        """);

    /// <summary>
    /// One product's metafields and its variants' in the synced keys (<c>metafields(keys:)</c>,
    /// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Product#field-metafields), read after the product so
    /// the product reads keep their cost; variants are paged as <c>$variantsFirst</c> allows under the cost cap.
    /// </summary>
    public static ShopifyDocument ProductMetafields { get; } = Query("ProductMetafields", """
        query ProductMetafields($id: ID!, $keys: [String!]!, $first: Int!, $withProduct: Boolean!, $variantKeys: [String!]!, $variantFirst: Int!, $variantsFirst: Int!, $after: String, $withVariants: Boolean!) {
          product(id: $id) {
            metafields(first: $first, keys: $keys) @include(if: $withProduct) {
              nodes {
                namespace
                key
                type
                value
              }
            }
            variants(first: $variantsFirst, after: $after) @include(if: $withVariants) {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                id
                metafields(first: $variantFirst, keys: $variantKeys) {
                  nodes {
                    namespace
                    key
                    type
                    value
                  }
                }
              }
            }
          }
        }
        """);

    /// <summary>
    /// Sets up to 25 metafields at once, atomically (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet).
    /// Setting a value again is harmless, so a re-send after a lost answer is safe.
    /// </summary>
    public static ShopifyDocument MetafieldsSet { get; } = new("MetafieldsSet", ShopifyDocumentKind.Mutation, """
        mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
          metafieldsSet(metafields: $metafields) {
            metafields {
              namespace
              key
            }
            userErrors {
              field
              message
              code
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>
    /// Removes metafields by owner, namespace and key (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsDelete);
    /// one already gone answers null in <c>deletedMetafields</c>, so a re-send is safe.
    /// </summary>
    public static ShopifyDocument MetafieldsDelete { get; } = new("MetafieldsDelete", ShopifyDocumentKind.Mutation, """
        mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
          metafieldsDelete(metafields: $metafields) {
            deletedMetafields {
              key
              namespace
              ownerId
            }
            userErrors {
              field
              message
            }
          }
        }
        """, RetryAfterUnknownOutcome: true);

    /// <summary>The alias prefix of a bulk read's <c>metafield(namespace:, key:)</c> fields (<c>mf_0</c>, <c>mf_1</c>, ...).</summary>
    public const string MetafieldAliasPrefix = "mf_";

    public static IReadOnlyList<ShopifyDocument> All { get; } =
    [
        ProductsPage, CollectionProductsPage, ProductVariantsPage, Product, ProductsCount, Collection, Shop, Locations, PrimaryLocation, InventoryLevel, InventoryLevelsPage,
        BulkProductsRun, BulkOperation, BulkProducts, ProductCreate, ProductByHandle, ProductUpdate, VariantsUpdate, ProductOptions, OptionUpdate,
        VariantsCreate, VariantsDelete, VariantsReorder, OptionsCreate, OptionsDelete, OptionsReorder, ProductDelete, InventorySetQuantities, InventoryActivate,
        MetafieldDefinitions, ProductMetafields, MetafieldsSet, MetafieldsDelete,
    ];

    /// <summary>
    /// The bulk export's inner query. Bulk queries take no variables, so the filter is a string literal; connections
    /// take no <c>first</c> (Shopify pages them itself) and nested variants come back as separate JSONL lines.
    /// <c>variantsCount</c> tells the reader how many variant lines to expect for each product.
    /// </summary>
    /// <remarks>
    /// The synced metafields (docs/decisions/0023) are aliased <c>metafield(namespace:, key:)</c> fields on the product
    /// and variant lines, one per defined key: they stay on their owner's line (a <c>metafields</c> connection would add
    /// lines of their own with no count to wait for, and a sixth connection over Shopify's limit of five).
    /// </remarks>
    public static string BulkProductsQuery(string? searchQuery, IReadOnlyList<string>? productMetafields = null, IReadOnlyList<string>? variantMetafields = null)
    {
        var arguments = searchQuery is null ? "" : $"(query: {GraphQLString(searchQuery)})";
        var productAliases = MetafieldAliases(productMetafields, "                    ");
        var variantAliases = MetafieldAliases(variantMetafields, "                          ");
        return $$"""
            {
              products{{arguments}} {
                edges {
                  node {
                    id
                    title
                    handle
                    descriptionHtml
                    vendor
                    productType
                    tags
                    status
                    updatedAt
                    options {
                      name
                      position
                    }
                    seo {
                      title
                      description
                    }
                    variantsCount {
                      count
                    }
                    mediaCount {
                      count
                    }
                    media {
                      edges {
                        node {
                          id
                          alt
                          mediaContentType
                          status
                          ... on MediaImage {
                            image {
                              url
                              altText
                            }
                          }
                        }
                      }
                    }{{productAliases}}
                    variants {
                      edges {
                        node {
                          id
                          sku
                          price
                          compareAtPrice
                          inventoryQuantity
                          barcode
                          inventoryPolicy
                          taxable{{variantAliases}}
                          selectedOptions {
                            name
                            value
                          }
                          inventoryItem {
                            id
                            tracked
                            requiresShipping
                            harmonizedSystemCode
                            countryCodeOfOrigin
                            unitCost {
                              amount
                            }
                            measurement {
                              weight {
                                unit
                                value
                              }
                            }
                            locationsCount {
                              count
                            }
                            inventoryLevels {
                              edges {
                                node {
                                  id
                                  location {
                                    id
                                  }
                                  quantities(names: ["available", "on_hand"]) {
                                    name
                                    quantity
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            """;
    }

    /// <summary>One aliased <c>metafield</c> field per <c>namespace.key</c>, each on a line of its own at <paramref name="indent"/>.</summary>
    private static string MetafieldAliases(IReadOnlyList<string>? ids, string indent)
    {
        if (ids is null || ids.Count == 0)
            return "";
        var builder = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            var dot = ids[i].IndexOf('.');
            builder.Append('\n').Append(indent)
                .Append(CultureInfo.InvariantCulture, $"{MetafieldAliasPrefix}{i}: metafield(namespace: {GraphQLString(ids[i][..dot])}, key: {GraphQLString(ids[i][(dot + 1)..])}) {{ namespace key type value }}");
        }

        return builder.ToString();
    }

    /// <summary>Shopify search syntax for "updated after": <c>updated_at:&gt;'2026-01-01T00:00:00Z'</c>.</summary>
    public static string UpdatedSinceFilter(DateTime updatedSince)
    {
        var utc = updatedSince.Kind == DateTimeKind.Local ? updatedSince.ToUniversalTime() : updatedSince;
        return string.Create(CultureInfo.InvariantCulture, $"updated_at:>'{utc:yyyy-MM-ddTHH:mm:ssZ}'");
    }

    private static ShopifyDocument Query(string name, string text) =>
        new(name, ShopifyDocumentKind.Query, text, RetryAfterUnknownOutcome: true);

    private static string GraphQLString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
