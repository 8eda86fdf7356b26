using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Shopify;

/// <summary>Connection and tuning for the Shopify Admin GraphQL client (section "Shopify").</summary>
public sealed class ShopifyOptions : IValidatableObject
{
    public const string SectionName = "Shopify";

    /// <summary>Shopify's single-query cap on requested cost.</summary>
    public const int MaxQueryCost = 1000;

    /// <summary>"my-shop" or "my-shop.myshopify.com".</summary>
    public string ShopDomain { get; set; } = "";

    /// <summary>Admin API access token, sent as X-Shopify-Access-Token. Never logged.</summary>
    public string AccessToken { get; set; } = "";

    [Required]
    [RegularExpression(@"^\d{4}-\d{2}$|^unstable$")]
    public string ApiVersion { get; set; } = "2026-07";

    /// <summary>
    /// When set, used verbatim as the prefix before <c>/admin/api/...</c> (e.g. the simulator at
    /// <c>http://127.0.0.1:5101/simulator</c>); otherwise <c>https://{shop}.myshopify.com</c>.
    /// </summary>
    public string? BaseAddress { get; set; }

    /// <summary>
    /// Lets an Admin save a <c>base_address</c> with the store connection (a Shopify-compatible endpoint such as the
    /// standalone simulator). Off by default: in production the server only ever talks to <c>*.myshopify.com</c>.
    /// </summary>
    public bool AllowBaseAddressOverride { get; set; }

    /// <summary>
    /// Variants read per product inside a products page; a product with more gets the rest by follow-up requests.
    /// Larger windows mean fewer products per page (the page stays under Shopify's cost cap); with each variant's
    /// levels per location read too, 25 is the most one product fits under the cap.
    /// </summary>
    [Range(1, 25)]
    public int VariantsPerProductInPage { get; set; } = 10;

    /// <summary>Retries after 5xx, network faults and timeouts (not counting throttling).</summary>
    [Range(0, 20)]
    public int MaxFaultRetries { get; set; } = 4;

    /// <summary>Retries after THROTTLED or HTTP 429.</summary>
    [Range(0, 100)]
    public int MaxThrottleRetries { get; set; } = 20;

    /// <summary>Base of the exponential backoff (with jitter) between fault retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-attempt timeout; <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BulkPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The first wait before asking how a bulk operation goes; each later wait doubles, up to
    /// <see cref="BulkPollInterval"/>. A small store's export ends well within one interval (a full pull chosen to
    /// avoid waiting for the cost bucket should not wait for the poll instead); a large one is still asked at the
    /// interval. A poll costs one point.
    /// </summary>
    public TimeSpan BulkFirstPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a bulk export may run before waiting for it gives up.</summary>
    public TimeSpan BulkTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Hosts (and their subdomains) a bulk result URL may point at besides the shop itself: Shopify's result storage.
    /// </summary>
    public string[] BulkResultHosts { get; set; } = ["storage.googleapis.com"];

    /// <summary>The key under which the cost bucket of this shop is kept.</summary>
    internal string ShopKey => string.IsNullOrWhiteSpace(ShopDomain)
        ? (BaseAddress ?? "").TrimEnd('/').ToLowerInvariant()
        : ShopHost;

    private string ShopHost
    {
        get
        {
            var shop = ShopDomain.Trim().ToLowerInvariant();
            if (shop.StartsWith("https://", StringComparison.Ordinal))
            {
                shop = shop["https://".Length..];
            }

            shop = shop.TrimEnd('/');
            return shop.Contains('.', StringComparison.Ordinal) ? shop : shop + ".myshopify.com";
        }
    }

    internal Uri GraphQLEndpoint
    {
        get
        {
            var prefix = string.IsNullOrWhiteSpace(BaseAddress) ? "https://" + ShopHost : BaseAddress.TrimEnd('/');
            return new Uri($"{prefix}/admin/api/{ApiVersion}/graphql.json", UriKind.Absolute);
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ShopDomain) && string.IsNullOrWhiteSpace(BaseAddress))
        {
            yield return new ValidationResult(
                "Either ShopDomain or BaseAddress is required.", [nameof(ShopDomain), nameof(BaseAddress)]);
        }

        if (!string.IsNullOrWhiteSpace(BaseAddress) && !Uri.TryCreate(BaseAddress, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("BaseAddress must be an absolute URI.", [nameof(BaseAddress)]);
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult(
                "RetryBaseDelay must be positive and not above RetryMaxDelay.", [nameof(RetryBaseDelay)]);
        }

        if (RequestTimeout != Timeout.InfiniteTimeSpan && RequestTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("RequestTimeout must be positive or infinite.", [nameof(RequestTimeout)]);
        }

        if (BulkPollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("BulkPollInterval must be positive.", [nameof(BulkPollInterval)]);
        }

        if (BulkFirstPollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("BulkFirstPollInterval must be positive.", [nameof(BulkFirstPollInterval)]);
        }
    }
}
