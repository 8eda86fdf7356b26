using System.Globalization;

namespace SyncStudio.Catalog;

/// <summary>A problem with one row of a product CSV. Row 1 is the header, as a spreadsheet numbers it.</summary>
public sealed record CsvRowError(int Row, string? Column, string Message);

/// <summary>Everything read from a product CSV: the products that loaded and the rows that did not.</summary>
public sealed record ShopifyCsvReadResult(IReadOnlyList<CatalogProduct> Products, IReadOnlyList<CsvRowError> Errors);

/// <summary>
/// Reads a Shopify product CSV in either layout, streaming: products come out one at a time as their
/// rows end, so a large file is never held whole. Columns are found by name in any order. Rows that share the handle
/// of the product above add variants, or are rows without a variant (extra images). Every cell the model does not hold
/// (unknown columns, metafield and Google Shopping columns, image rows, a value spelled otherwise than the writer
/// spells it) is kept with the product or variant it came with (<see cref="CatalogProduct.Extra"/>,
/// <see cref="CatalogVariant.Extra"/>), so writing the products back gives every cell back (docs/decisions/0022). A bad row is recorded in <see cref="Errors"/> and skipped with the
/// product it starts, and reading goes on. A row whose quoted field never closes is such a bad row: it is reported
/// on its own and the rows after it still load (see <see cref="RecoveringCsvReader"/>). Cells guarded against
/// formula injection (<see cref="CsvFormulaGuard"/>) read as the text they guard.
/// </summary>
public sealed class ShopifyCsvReader
{
    private const NumberStyles DecimalStyle =
        NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite |
        NumberStyles.AllowTrailingWhite;

    private readonly RecoveringCsvReader _records;
    private readonly List<CsvRowError> _errors = [];
    private readonly List<string> _fields = [];
    private Dictionary<string, int> _columnIndex = new(StringComparer.OrdinalIgnoreCase);
    private string[] _header = [];
    private string[] _classic = [];
    private int _rowInProduct;
    private bool _hasHandleColumn;
    private bool _started;

    public ShopifyCsvReader(TextReader reader) => _records = new RecoveringCsvReader(reader);

    /// <summary>The row errors found so far (complete once <see cref="ReadProducts"/> has been enumerated).</summary>
    public IReadOnlyList<CsvRowError> Errors => _errors;

    /// <summary>
    /// Set when the file as a whole cannot be read as a product CSV (empty, or a header without the columns that name
    /// a product): no product comes out. Also in <see cref="Errors"/>.
    /// </summary>
    public CsvRowError? FileError { get; private set; }

    /// <summary>The layout recognised from the header (known once enumeration has started).</summary>
    public ShopifyCsvLayout Layout { get; private set; }

    /// <summary>Reads a whole file into memory: convenient for small files and tests.</summary>
    public static ShopifyCsvReadResult ReadAll(TextReader reader)
    {
        var csv = new ShopifyCsvReader(reader);
        var products = csv.ReadProducts().ToList();
        return new ShopifyCsvReadResult(products, csv.Errors);
    }

    /// <summary>The products of the file, in file order. Can be enumerated once.</summary>
    public IEnumerable<CatalogProduct> ReadProducts()
    {
        if (_started)
            throw new InvalidOperationException("A ShopifyCsvReader reads its input once.");
        _started = true;
        return ReadProductsCore();
    }

    private IEnumerable<CatalogProduct> ReadProductsCore()
    {
        if (!ReadHeader())
            yield break;

        var seenHandles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CatalogProduct? current = null;
        string? currentHandle = null; // also set while the rows of a rejected product are skipped

        while (_records.TryReadRecord(_fields, out var broken))
        {
            var row = _records.RecordNumber;
            if (broken is not null)
            {
                AddError(row, broken.FieldIndex < _header.Length ? _header[broken.FieldIndex] : null, broken.Message);
                // The fields before the broken one are whole: when they hold the handle of a new product, that
                // product is refused with this row, and its further rows are skipped with it (as for any bad first row).
                var handleIndex = FindColumn(ShopifyCsvColumns.Handle);
                if (handleIndex < 0 || handleIndex >= broken.FieldIndex || Get(ShopifyCsvColumns.Handle) is not { Length: > 0 } brokenHandle
                    || string.Equals(brokenHandle, currentHandle, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (current is not null)
                    yield return current;
                current = null;
                currentHandle = brokenHandle;
                seenHandles.Add(brokenHandle);
                continue;
            }

            if (_fields.TrueForAll(string.IsNullOrWhiteSpace))
                continue;

            var handle = Get(ShopifyCsvColumns.Handle);
            var title = Get(ShopifyCsvColumns.Title);
            if (handle.Length == 0)
            {
                if (title.Length > 0)
                {
                    handle = CatalogConventions.HandleFromTitle(title); // Shopify derives a missing handle on import
                }
                else if (!_hasHandleColumn && currentHandle is not null)
                {
                    handle = currentHandle; // without a handle column, untitled rows continue the product above
                }
                else
                {
                    AddError(row, ShopifyCsvColumns.Handle, "The row has no handle.");
                    continue;
                }
            }

            if (currentHandle is not null && string.Equals(handle, currentHandle, StringComparison.OrdinalIgnoreCase))
            {
                var at = ++_rowInProduct;
                if (current is not null && HasVariantData())
                {
                    var variant = ReadVariant(row, current.OptionNames.Count);
                    if (variant is not null)
                    {
                        current.Variants.Add(variant);
                        KeepExtraCells(current, variant, first: false);
                    }
                }
                else if (current is not null)
                {
                    var extra = new CsvExtraRow { At = at };
                    for (var i = 0; i < _fields.Count && i < _classic.Length; i++)
                    {
                        if (_classic[i] != "Handle" && Cell(i) is { Length: > 0 } text)
                            extra.Cells.TryAdd(_classic[i], text);
                    }

                    current.Extra.Rows.Add(extra);
                }

                continue;
            }

            if (current is not null)
                yield return current;
            current = null;
            currentHandle = handle;

            if (!seenHandles.Add(handle))
            {
                AddError(row, ShopifyCsvColumns.Handle,
                    $"Handle '{handle}' appears again after other products; the rows of one product must be together.");
                continue;
            }

            current = ReadProduct(row, handle, title);
            _rowInProduct = 0;
            if (current is not null)
                KeepExtraCells(current, current.Variants[0], first: true);
        }

        if (current is not null)
            yield return current;
    }

    private bool ReadHeader()
    {
        if (!_records.TryReadRecord(_fields, out var broken))
        {
            return RefuseFile("The file is empty.");
        }

        if (broken is not null)
        {
            return RefuseFile($"The header row is unreadable: {broken.Message}");
        }

        _header = _fields.Select(name => name.Trim()).ToArray();
        _classic = _header.Select(ShopifyCsvColumns.Classic).ToArray();
        _columnIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _header.Length; i++)
            _columnIndex.TryAdd(_header[i], i);
        _hasHandleColumn = FindColumn(ShopifyCsvColumns.Handle) >= 0;

        Layout = _columnIndex.ContainsKey("URL handle") || _columnIndex.ContainsKey("Inventory quantity")
            ? ShopifyCsvLayout.Modern
            : ShopifyCsvLayout.Classic;

        if (FindColumn(ShopifyCsvColumns.Handle) < 0 && FindColumn(ShopifyCsvColumns.Title) < 0)
        {
            return RefuseFile("The header has neither a 'Handle' (or 'URL handle') nor a 'Title' column: this is not a Shopify product CSV.");
        }

        return true;
    }

    private bool RefuseFile(string message)
    {
        FileError = new CsvRowError(1, null, message);
        _errors.Add(FileError);
        return false;
    }

    private CatalogProduct? ReadProduct(int row, string handle, string title)
    {
        if (title.Length == 0)
        {
            AddError(row, ShopifyCsvColumns.Title, $"The first row of product '{handle}' has no title.");
            return null;
        }

        var status = CatalogProductStatus.Active;
        var statusText = Get(ShopifyCsvColumns.Status);
        if (statusText.Length > 0 && !CatalogConventions.TryParseStatus(statusText, out status))
        {
            AddError(row, ShopifyCsvColumns.Status,
                $"Status '{statusText}' is not one of active, draft, archived, unlisted.");
            return null;
        }

        var optionNames = new List<string>(3);
        for (var position = 1; position <= 3; position++)
        {
            var name = Get(ShopifyCsvColumns.OptionName(position));
            var value = Get(ShopifyCsvColumns.OptionValue(position));
            if (name.Length == 0 && value.Length == 0)
                break;
            optionNames.Add(name.Length > 0 ? name : position == 1 ? CatalogConventions.DefaultOptionName : $"Option{position}");
        }

        if (optionNames.Count == 0)
            optionNames.Add(CatalogConventions.DefaultOptionName);

        var variant = ReadVariant(row, optionNames.Count);
        if (variant is null)
            return null;

        return new CatalogProduct
        {
            Handle = handle,
            Title = title,
            BodyHtml = Get(ShopifyCsvColumns.Body, trim: false),
            Vendor = Get(ShopifyCsvColumns.Vendor),
            ProductType = Get(ShopifyCsvColumns.ProductType),
            Tags = SplitTags(Get(ShopifyCsvColumns.Tags)),
            Status = status,
            OptionNames = optionNames,
            Variants = [variant],
            SeoTitle = NullIfEmpty(Get(ShopifyCsvColumns.SeoTitle)),
            SeoDescription = NullIfEmpty(Get(ShopifyCsvColumns.SeoDescription)),
        };
    }

    /// <summary>
    /// Keeps this row's cells the model does not hold: every non-empty cell of a column it does not model, and a
    /// modelled cell whose text differs from what the writer would write for the value read (so <c>TRUE</c>,
    /// <c>11.00</c> or a blank stock come back as they were). On a product's first row, product columns go to the
    /// product and variant columns to its first variant.
    /// </summary>
    private void KeepExtraCells(CatalogProduct product, CatalogVariant variant, bool first)
    {
        for (var i = 0; i < _fields.Count && i < _classic.Length; i++)
        {
            var column = _classic[i];
            var text = Cell(i);
            if (ShopifyCsvCells.IsModelledOn(column, first))
            {
                if (string.Equals(text, ShopifyCsvCells.Model(column, product, variant, first), StringComparison.Ordinal))
                    continue;
            }
            else if (text.Length == 0)
            {
                continue;
            }

            var target = first && !ShopifyCsvColumns.IsVariantColumn(column) ? product.Extra.Cells : variant.Extra;
            target.TryAdd(column, text);
        }
    }

    private string Cell(int index) => index < _fields.Count ? CsvFormulaGuard.Unguard(_fields[index]) : "";

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static bool? Flag(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => null,
    };

    private CatalogVariant? ReadVariant(int row, int optionCount)
    {
        var ok = true;

        var price = 0m;
        var priceText = Get(ShopifyCsvColumns.Price);
        if (priceText.Length > 0 && !TryParseMoney(priceText, out price))
        {
            AddError(row, ShopifyCsvColumns.Price, $"Price '{priceText}' is not a non-negative number.");
            ok = false;
        }

        decimal? compareAtPrice = null;
        var compareText = Get(ShopifyCsvColumns.CompareAtPrice);
        if (compareText.Length > 0)
        {
            if (TryParseMoney(compareText, out var compare))
            {
                compareAtPrice = compare;
            }
            else
            {
                AddError(row, ShopifyCsvColumns.CompareAtPrice, $"Compare-at price '{compareText}' is not a non-negative number.");
                ok = false;
            }
        }

        var quantity = 0;
        var quantityText = Get(ShopifyCsvColumns.InventoryQuantity);
        if (quantityText.Length > 0)
        {
            if (!int.TryParse(quantityText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out quantity))
            {
                AddError(row, ShopifyCsvColumns.InventoryQuantity, $"Inventory quantity '{quantityText}' is not a whole number.");
                ok = false;
            }
            else if (quantity < 0)
            {
                AddError(row, ShopifyCsvColumns.InventoryQuantity, $"Inventory quantity {quantity} is negative.");
                ok = false;
            }
        }

        var unit = CatalogWeightUnit.Kilograms;
        var unitText = Get(ShopifyCsvColumns.WeightUnit);
        var gramsText = Get(ShopifyCsvColumns.Grams);
        if (unitText.Length > 0 && !CatalogConventions.TryParseWeightUnit(unitText, out unit))
        {
            AddError(row, ShopifyCsvColumns.WeightUnit, $"Weight unit '{unitText}' is not one of g, kg, oz, lb.");
            ok = false;
        }
        else if (unitText.Length == 0 && gramsText.Length > 0)
        {
            unit = CatalogWeightUnit.Grams;
        }

        decimal? weight = null;
        if (gramsText.Length > 0)
        {
            if (decimal.TryParse(gramsText, DecimalStyle, CultureInfo.InvariantCulture, out var grams) && grams >= 0)
            {
                weight = CatalogConventions.FromGrams(grams, unit);
            }
            else
            {
                AddError(row, ShopifyCsvColumns.Grams, $"Weight '{gramsText}' is not a non-negative number of grams.");
                ok = false;
            }
        }

        decimal? cost = null;
        var costText = Get(ShopifyCsvColumns.Cost);
        if (costText.Length > 0)
        {
            if (TryParseMoney(costText, out var parsedCost))
            {
                cost = parsedCost;
            }
            else
            {
                AddError(row, ShopifyCsvColumns.Cost, $"Cost per item '{costText}' is not a non-negative number.");
                ok = false;
            }
        }

        if (!ok)
            return null;

        var optionValues = new List<string>(optionCount);
        for (var position = 1; position <= optionCount; position++)
        {
            var value = Get(ShopifyCsvColumns.OptionValue(position));
            optionValues.Add(value.Length == 0 && position == 1 && optionCount == 1 ? CatalogConventions.DefaultOptionValue : value);
        }

        var sku = Get(ShopifyCsvColumns.Sku);
        var barcode = Get(ShopifyCsvColumns.Barcode);
        return new CatalogVariant
        {
            Sku = sku.Length == 0 ? null : sku,
            Price = price,
            CompareAtPrice = compareAtPrice,
            InventoryQuantity = quantity,
            Barcode = barcode.Length == 0 ? null : barcode,
            Weight = weight,
            WeightUnit = unit,
            OptionValues = optionValues,
            Cost = cost,
            InventoryPolicy = Get(ShopifyCsvColumns.InventoryPolicy).ToLowerInvariant() switch
            {
                "continue" => "continue",
                "deny" => "deny",
                _ => null,
            },
            // A tracker column left blank means Shopify does not track the variant's stock; no such column says nothing.
            Tracked = FindColumn(ShopifyCsvColumns.InventoryTracker) < 0 ? null : Get(ShopifyCsvColumns.InventoryTracker).Length > 0,
            RequiresShipping = Flag(Get(ShopifyCsvColumns.RequiresShipping)),
            Taxable = Flag(Get(ShopifyCsvColumns.Taxable)),
        };
    }

    /// <summary>Whether a continuation row describes a variant (rather than only an extra image).</summary>
    private bool HasVariantData() =>
        Get(ShopifyCsvColumns.OptionValue(1)).Length > 0 || Get(ShopifyCsvColumns.OptionValue(2)).Length > 0 ||
        Get(ShopifyCsvColumns.OptionValue(3)).Length > 0 || Get(ShopifyCsvColumns.Sku).Length > 0 ||
        Get(ShopifyCsvColumns.Price).Length > 0 || Get(ShopifyCsvColumns.Barcode).Length > 0;

    private static bool TryParseMoney(string text, out decimal value) =>
        decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value) && value >= 0;

    private static List<string> SplitTags(string text)
    {
        var tags = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!tags.Contains(part, StringComparer.OrdinalIgnoreCase))
                tags.Add(part);
        }

        return tags;
    }

    private string Get(string[] names, bool trim = true)
    {
        var index = FindColumn(names);
        if (index < 0 || index >= _fields.Count)
            return "";
        var value = CsvFormulaGuard.Unguard(_fields[index]);
        return trim ? value.Trim() : value;
    }

    private int FindColumn(string[] names)
    {
        foreach (var name in names)
        {
            if (_columnIndex.TryGetValue(name, out var index))
                return index;
        }

        return -1;
    }

    private void AddError(int row, string[] column, string message)
    {
        var index = FindColumn(column);
        AddError(row, index >= 0 ? _header[index] : column[0], message);
    }

    private void AddError(int row, string? column, string message) => _errors.Add(new CsvRowError(row, column, message));
}
