using System.Globalization;
using System.Text;

namespace SyncStudio.Catalog;

/// <summary>
/// Produces the sample catalog deterministically: a store selling apparel, home goods, outdoor gear
/// and accessories, with single- and multi-variant products, sale prices, drafts and archived items,
/// and some products without SKUs (as many real catalogs have). The committed CSV is its output.
/// </summary>
public static class SampleCatalogGenerator
{
    private const int Seed = 20260701;

    private sealed record Kind(
        string Name,
        string Material,
        decimal MinPrice,
        decimal MaxPrice,
        string[] Features,
        OptionPlan Options,
        CatalogWeightUnit Unit,
        decimal Weight);

    private enum OptionPlan
    {
        None,
        SizeAndColor,
        Size,
        Color,
        Capacity,
        ShoeSize,
        BeltSize,
        TentSize,
        Length,
    }

    private sealed record Category(string Type, string SkuPrefix, int Count, string[] Vendors, string[] Tags, Kind[] Kinds);

    private static readonly string[] Lines =
    [
        "Harbor", "Ridgeline", "Meadow", "Driftwood", "Granite", "Juniper", "Saltmarsh", "Birchwood", "Cobalt", "Ember",
        "Willow", "Tidewater", "Foxglove", "Larkspur", "Summit", "Cedar", "Aspen", "Fjord", "Canyon", "Heather",
        "Marlow", "Rowan", "Sable", "Thistle",
    ];

    private static readonly string[] Colors =
    [
        "Navy", "Black", "Heather Grey", "Olive", "Rust", "Cream", "Forest Green", "Slate Blue", "Sand", "Burgundy",
        "Charcoal", "Sage",
    ];

    private static readonly string[] Intros =
    [
        "Made to be reached for every day, the {title} pairs {material} with a clean, honest design.",
        "The {title} is our answer to the question \"what would we actually use?\": {material}, built to last.",
        "Designed in small batches, the {title} brings {material} and careful details to a piece you'll keep for years.",
        "Simple, sturdy and quietly good-looking, the {title} is crafted from {material}.",
        "We spent a year testing the {title} before it earned a place in the shop: {material}, refined until it felt right.",
    ];

    private static readonly string[] Closings =
    [
        "Ships in plastic-free packaging.",
        "Backed by our two-year guarantee.",
        "Free returns within 30 days.",
        "Each piece is inspected by hand before it leaves the workshop.",
    ];

    private static readonly Category[] Categories =
    [
        new("Apparel", "AP", 90, ["Harbor & Hem", "Northbound Apparel", "Fieldstone Clothing Co."], ["apparel"],
        [
            new("Crew Tee", "100% organic cotton jersey", 24, 38, ["Pre-shrunk, so it keeps its fit", "Reinforced shoulder seams", "Tagless neck label"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 180),
            new("Henley", "slub cotton", 34, 48, ["Three-button placket", "Relaxed fit", "Garment dyed for a lived-in look"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 220),
            new("Oxford Shirt", "brushed cotton oxford cloth", 58, 89, ["Button-down collar", "Mother-of-pearl buttons", "Curved hem, wear it tucked or not"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 300),
            new("Flannel Shirt", "midweight cotton flannel", 62, 95, ["Double-brushed for softness", "Two chest pockets", "Matched plaid at the seams"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 420),
            new("Pullover Hoodie", "heavyweight loopback fleece", 68, 110, ["Lined hood with flat drawcords", "Kangaroo pocket", "Ribbed cuffs that hold their shape"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 650),
            new("Quarter-Zip Fleece", "recycled polyester fleece", 72, 115, ["YKK metal zip", "Zippered chest pocket", "Anti-pill finish"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 480),
            new("Merino Sweater", "extra-fine merino wool", 98, 160, ["Naturally odour resistant", "Fully fashioned shoulders", "Machine washable on wool cycle"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 390),
            new("Chino Pants", "stretch cotton twill", 64, 98, ["Tapered leg", "Hidden phone pocket", "Unfinished hem for tailoring"], OptionPlan.Size, CatalogWeightUnit.Grams, 560),
            new("Selvedge Jeans", "13.5 oz Japanese selvedge denim", 120, 195, ["Raw denim that fades with you", "Copper rivets", "Chain-stitched hem"], OptionPlan.Size, CatalogWeightUnit.Grams, 900),
            new("Joggers", "French terry cotton", 48, 72, ["Elastic waist with drawcord", "Zip back pocket", "Cuffed ankles"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 450),
            new("Rain Jacket", "2.5-layer waterproof nylon", 140, 220, ["Fully taped seams", "Adjustable peaked hood", "Packs into its own pocket"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 410),
            new("Down Vest", "responsibly sourced 650-fill down", 110, 175, ["Water-repellent shell", "Handwarmer pockets", "Stuff sack included"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 330),
            new("Linen Shirt", "European flax linen", 68, 105, ["Breathable for hot days", "Softens with every wash", "Coconut shell buttons"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 240),
            new("Piqué Polo", "cotton piqué", 42, 65, ["Two-button placket", "Side vents", "Ribbed collar that stays flat"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 230),
            new("Wrap Dress", "Tencel twill", 88, 140, ["Adjustable tie waist", "Midi length", "Side seam pockets"], OptionPlan.SizeAndColor, CatalogWeightUnit.Grams, 380),
            new("Wool Socks 3-Pack", "merino blend", 24, 36, ["Cushioned sole", "Seamless toe", "One size fits most"], OptionPlan.None, CatalogWeightUnit.Grams, 150),
        ]),
        new("Home", "HM", 80, ["Copperleaf Home", "Maple Lane Goods", "Kiln & Loom"], ["home"],
        [
            new("Stoneware Mug", "hand-glazed stoneware", 18, 32, ["Holds 12 oz", "Dishwasher and microwave safe", "Each glaze is one of a kind"], OptionPlan.Color, CatalogWeightUnit.Grams, 380),
            new("Soy Wax Candle", "natural soy wax and cotton wicks", 22, 44, ["Phthalate-free fragrance", "Reusable glass vessel", "Up to 60 hours of burn time"], OptionPlan.Size, CatalogWeightUnit.Grams, 420),
            new("Linen Pillow Cover", "stonewashed linen", 28, 45, ["Hidden zip closure", "Fits an 18\" insert", "Insert not included"], OptionPlan.Color, CatalogWeightUnit.Grams, 200),
            new("Wool Throw Blanket", "lambswool", 95, 160, ["Woven in a family-run mill", "Fringed edges", "130 x 180 cm"], OptionPlan.Color, CatalogWeightUnit.Kilograms, 1.2m),
            new("Ceramic Vase", "matte ceramic", 34, 78, ["Watertight glaze inside", "Sculpted by hand", "Looks good empty, too"], OptionPlan.None, CatalogWeightUnit.Kilograms, 0.9m),
            new("Walnut Cutting Board", "solid American black walnut", 48, 120, ["Juice groove on one side", "Finished with food-safe oil", "Gentle on knife edges"], OptionPlan.Size, CatalogWeightUnit.Pounds, 3.5m),
            new("Bath Towel Set", "long-staple Turkish cotton", 58, 98, ["600 GSM, plush and absorbent", "Set of two bath towels", "OEKO-TEX certified"], OptionPlan.Color, CatalogWeightUnit.Kilograms, 1.4m),
            new("Table Lamp", "spun brass and linen", 120, 240, ["Dimmable LED bulb included", "Braided fabric cord", "Shade 30 cm across"], OptionPlan.None, CatalogWeightUnit.Kilograms, 2.6m),
            new("Glass Carafe", "mouth-blown borosilicate glass", 26, 42, ["1 litre capacity", "Cup doubles as a lid", "Heat and cold resistant"], OptionPlan.None, CatalogWeightUnit.Grams, 520),
            new("Enamel Dutch Oven", "enamelled cast iron", 160, 290, ["Self-basting lid", "Oven safe to 260 °C", "Works on induction"], OptionPlan.Color, CatalogWeightUnit.Pounds, 12),
            new("Woven Storage Basket", "seagrass", 32, 68, ["Sturdy carry handles", "Handwoven by artisans", "Folds flat when not in use"], OptionPlan.Size, CatalogWeightUnit.Grams, 700),
            new("Cast Iron Skillet", "pre-seasoned cast iron", 45, 85, ["10-inch cooking surface", "Helper handle", "Gets better with use"], OptionPlan.None, CatalogWeightUnit.Pounds, 5.5m),
            new("Marble Coaster Set", "Carrara marble", 28, 48, ["Set of four", "Cork backing protects tables", "Each stone is unique"], OptionPlan.None, CatalogWeightUnit.Grams, 900),
            new("Linen Napkins, Set of 4", "washed linen", 32, 52, ["45 x 45 cm", "Mitred corners", "No ironing needed"], OptionPlan.Color, CatalogWeightUnit.Grams, 260),
            new("Wall Clock", "oak and powder-coated steel", 65, 120, ["Silent sweep movement", "30 cm diameter", "Runs on one AA battery"], OptionPlan.None, CatalogWeightUnit.Kilograms, 1.1m),
            new("Terracotta Planter", "unglazed terracotta", 22, 58, ["Drainage hole and saucer", "Breathable clay keeps roots healthy", "Frost resistant"], OptionPlan.Size, CatalogWeightUnit.Kilograms, 1.8m),
        ]),
        new("Outdoor", "OD", 70, ["Ironbark Outdoor", "Summit Gear Supply", "Trailhead Equipment"], ["outdoor"],
        [
            new("Backpacking Tent", "silnylon ripstop", 289, 520, ["Freestanding aluminium pole set", "Two doors and two vestibules", "Seam-sealed fly"], OptionPlan.TentSize, CatalogWeightUnit.Kilograms, 1.6m),
            new("Down Sleeping Bag", "800-fill hydrophobic down", 260, 450, ["Comfort rated to -5 °C", "Draft collar and hood", "Compression sack included"], OptionPlan.Length, CatalogWeightUnit.Grams, 980),
            new("Daypack 24L", "recycled ripstop nylon", 79, 129, ["Padded laptop sleeve", "Hydration compatible", "Side water bottle pockets"], OptionPlan.Color, CatalogWeightUnit.Grams, 720),
            new("Insulated Water Bottle", "double-wall stainless steel", 28, 45, ["Cold for 24 hours, hot for 12", "Leakproof lid", "Powder-coated grip"], OptionPlan.Capacity, CatalogWeightUnit.Grams, 410),
            new("Folding Camp Chair", "aluminium and polyester", 65, 110, ["Packs to the size of a water bottle", "Holds up to 145 kg", "Sets up in a minute"], OptionPlan.None, CatalogWeightUnit.Kilograms, 1.0m),
            new("Trekking Poles", "carbon fibre", 89, 149, ["Cork grips", "Flick-lock adjustment", "Sold as a pair"], OptionPlan.None, CatalogWeightUnit.Grams, 460),
            new("Rechargeable Headlamp", "impact-resistant polymer", 39, 69, ["400 lumens", "Red night-vision mode", "USB-C charging"], OptionPlan.None, CatalogWeightUnit.Ounces, 3.2m),
            new("Camping Hammock", "parachute nylon", 55, 89, ["Tree-friendly straps included", "Holds up to 180 kg", "Packs into attached pouch"], OptionPlan.Color, CatalogWeightUnit.Grams, 540),
            new("Backpacking Stove", "titanium", 59, 99, ["Boils a litre in 3.5 minutes", "Piezo igniter", "Folds to fit in a mug"], OptionPlan.None, CatalogWeightUnit.Ounces, 2.6m),
            new("Trail Running Shoes", "engineered mesh and grippy rubber", 120, 170, ["5 mm lugs for loose terrain", "Rock plate", "Quick-lace system"], OptionPlan.ShoeSize, CatalogWeightUnit.Grams, 620),
            new("Roll-Top Dry Bag", "TPU-coated nylon", 19, 39, ["Fully waterproof roll-top", "Welded seams", "Clip-on shoulder strap"], OptionPlan.Capacity, CatalogWeightUnit.Grams, 180),
            new("Hard Cooler", "rotomolded polyethylene", 199, 349, ["Keeps ice for up to five days", "Bear-resistant latches", "Built-in bottle opener"], OptionPlan.None, CatalogWeightUnit.Pounds, 22),
            new("Picnic Blanket", "recycled fleece with waterproof backing", 45, 79, ["Machine washable", "Rolls up with carry strap", "150 x 200 cm"], OptionPlan.Color, CatalogWeightUnit.Kilograms, 1.3m),
            new("Merino Base Layer", "150 gsm merino wool", 75, 110, ["Flatlock seams", "Stays warm when wet", "Doesn't hold odours"], OptionPlan.Size, CatalogWeightUnit.Grams, 190),
        ]),
        new("Accessories", "AC", 60, ["Willow & Wren", "Bluebird Leatherworks", "Oak & Anchor"], ["accessories"],
        [
            new("Leather Bifold Wallet", "full-grain vegetable-tanned leather", 55, 95, ["Six card slots", "Hand-stitched edges", "Develops a rich patina"], OptionPlan.Color, CatalogWeightUnit.Grams, 90),
            new("Canvas Tote Bag", "waxed cotton canvas", 38, 68, ["Leather handles", "Interior zip pocket", "Carries a week's groceries"], OptionPlan.Color, CatalogWeightUnit.Grams, 480),
            new("Polarized Sunglasses", "acetate frames and polarized lenses", 85, 160, ["100% UV protection", "Spring hinges", "Hard case included"], OptionPlan.Color, CatalogWeightUnit.Grams, 30),
            new("Ribbed Beanie", "recycled wool blend", 24, 38, ["Fold-over cuff", "One size", "Knitted in Portugal"], OptionPlan.Color, CatalogWeightUnit.Grams, 90),
            new("Silk Scarf", "mulberry silk twill", 65, 120, ["Hand-rolled edges", "90 x 90 cm", "Printed with our own artwork"], OptionPlan.None, CatalogWeightUnit.Grams, 70),
            new("Leather Belt", "bridle leather", 58, 90, ["Solid brass buckle", "35 mm width", "Edges burnished by hand"], OptionPlan.BeltSize, CatalogWeightUnit.Grams, 210),
            new("Minimalist Watch", "brushed stainless steel and sapphire crystal", 145, 260, ["Swiss quartz movement", "Water resistant to 50 m", "Interchangeable strap"], OptionPlan.Color, CatalogWeightUnit.Grams, 60),
            new("Six-Panel Cap", "washed cotton twill", 28, 42, ["Adjustable brass clasp", "Curved brim", "Embroidered eyelets"], OptionPlan.Color, CatalogWeightUnit.Grams, 85),
            new("Card Holder", "pebbled leather", 32, 55, ["Four card slots", "Slim enough for a front pocket", "Centre pocket for folded notes"], OptionPlan.Color, CatalogWeightUnit.Grams, 40),
            new("Crossbody Bag", "nylon and leather trim", 68, 120, ["Adjustable strap", "Water-resistant zip", "Fits a phone, keys and a paperback"], OptionPlan.Color, CatalogWeightUnit.Grams, 350),
            new("Brass Key Ring", "solid brass", 16, 28, ["Quick-release clip", "Engraved with our mark", "Gains character with age"], OptionPlan.None, CatalogWeightUnit.Ounces, 1.1m),
            new("Compact Umbrella", "windproof fibreglass frame", 29, 49, ["Auto open and close", "Teflon-coated canopy", "Fits in a bag side pocket"], OptionPlan.Color, CatalogWeightUnit.Grams, 340),
        ]),
    ];

    /// <summary>The sample catalog's products, freshly generated.</summary>
    public static List<CatalogProduct> Generate()
    {
        var products = new List<CatalogProduct>(300);
        var usedTitles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var random = new DeterministicRandom(Seed);
        var productNumber = 0;
        foreach (var category in Categories)
        {
            var made = 0;
            while (made < category.Count)
            {
                var kind = random.Pick(category.Kinds);
                var line = random.Pick(Lines);
                var title = $"{line} {kind.Name}";
                if (!usedTitles.Add(title))
                    continue;
                productNumber++;
                made++;
                products.Add(CreateProduct(category, kind, title, productNumber, ref random));
            }
        }

        return products;
    }

    /// <summary>The sample catalog as the committed CSV text.</summary>
    public static string GenerateCsv() => ShopifyCsvWriter.WriteToString(Generate());

    private static CatalogProduct CreateProduct(Category category, Kind kind, string title, int number, ref DeterministicRandom random)
    {
        var price = RoundPrice(kind.MinPrice + (kind.MaxPrice - kind.MinPrice) * random.Next(101) / 100m);
        var onSale = random.Chance(18);
        var hasSkus = !random.Chance(15);
        var hasBarcodes = random.Chance(50);
        var statusRoll = random.Next(100);
        var status = statusRoll < 90 ? CatalogProductStatus.Active
            : statusRoll < 97 ? CatalogProductStatus.Draft
            : CatalogProductStatus.Archived;

        var (optionNames, combinations) = BuildOptions(kind.Options, ref random);
        var product = new CatalogProduct
        {
            Handle = CatalogConventions.HandleFromTitle(title),
            Title = title,
            BodyHtml = BuildDescription(title, kind, ref random),
            Vendor = random.Pick(category.Vendors),
            ProductType = category.Type,
            Tags = BuildTags(category, kind, onSale, ref random),
            Status = status,
            OptionNames = optionNames,
        };

        var skuStem = $"{category.SkuPrefix}-{number:D4}";
        for (var i = 0; i < combinations.Count; i++)
        {
            var values = combinations[i];
            var variantPrice = values.Any(v => v is "XL" or "XXL" or "Long" or "3-Person" or "1 L" or "20 L") ? price + 4 : price;
            product.Variants.Add(new CatalogVariant
            {
                Sku = hasSkus ? (combinations.Count == 1 ? skuStem : $"{skuStem}-{SkuPart(values)}") : null,
                Price = variantPrice,
                CompareAtPrice = onSale ? RoundPrice(variantPrice * 1.25m) : null,
                InventoryQuantity = random.Chance(8) ? 0 : random.Next(1, 151),
                Barcode = hasBarcodes ? Ean13(number * 100 + i) : null,
                Weight = kind.Weight,
                WeightUnit = kind.Unit,
                OptionValues = values,
            });
        }

        return product;
    }

    private static (List<string> Names, List<List<string>> Combinations) BuildOptions(OptionPlan plan, ref DeterministicRandom random)
    {
        string[] sizes = ["XS", "S", "M", "L", "XL", "XXL"];
        switch (plan)
        {
            case OptionPlan.SizeAndColor:
                {
                    var colors = PickColors(random.Next(1, 4), ref random);
                    var sizeRange = sizes[random.Next(0, 2)..random.Next(4, 6)];
                    if (random.Chance(20))
                        return (["Size"], sizeRange.Select(s => new List<string> { s }).ToList());
                    return (["Size", "Color"], [.. from size in sizeRange from color in colors select new List<string> { size, color }]);
                }
            case OptionPlan.Size:
                {
                    if (random.Chance(25))
                        return Default();
                    string[] range = random.Chance(50) ? ["Small", "Medium", "Large"] : ["S", "M", "L", "XL"];
                    return (["Size"], range.Select(s => new List<string> { s }).ToList());
                }
            case OptionPlan.Color:
                {
                    if (random.Chance(30))
                        return Default();
                    return (["Color"], PickColors(random.Next(2, 5), ref random).Select(c => new List<string> { c }).ToList());
                }
            case OptionPlan.Capacity:
                return (["Capacity"], random.Chance(50)
                    ? [["500 ml"], ["750 ml"], ["1 L"]]
                    : [["10 L"], ["20 L"]]);
            case OptionPlan.ShoeSize:
                return (["Size"], Enumerable.Range(7, 6).Select(s => new List<string> { s.ToString(CultureInfo.InvariantCulture) }).ToList());
            case OptionPlan.BeltSize:
                return (["Waist"], [["30"], ["32"], ["34"], ["36"], ["38"]]);
            case OptionPlan.TentSize:
                return (["Capacity"], [["2-Person"], ["3-Person"]]);
            case OptionPlan.Length:
                return (["Length"], [["Regular"], ["Long"]]);
            default:
                return Default();
        }

        static (List<string>, List<List<string>>) Default() =>
            ([CatalogConventions.DefaultOptionName], [[CatalogConventions.DefaultOptionValue]]);
    }

    private static List<string> PickColors(int count, ref DeterministicRandom random)
    {
        var colors = new List<string>(count);
        while (colors.Count < count)
        {
            var color = random.Pick(Colors);
            if (!colors.Contains(color))
                colors.Add(color);
        }

        return colors;
    }

    private static string BuildDescription(string title, Kind kind, ref DeterministicRandom random)
    {
        var intro = random.Pick(Intros).Replace("{title}", title, StringComparison.Ordinal)
            .Replace("{material}", kind.Material, StringComparison.Ordinal);
        var html = new StringBuilder();
        html.Append("<p>").Append(Escape(intro)).Append("</p>\n<ul>\n");
        foreach (var feature in kind.Features)
            html.Append("  <li>").Append(Escape(feature)).Append("</li>\n");
        html.Append("</ul>\n<p><em>").Append(Escape(random.Pick(Closings))).Append("</em></p>");
        return html.ToString();
    }

    private static List<string> BuildTags(Category category, Kind kind, bool onSale, ref DeterministicRandom random)
    {
        var tags = new List<string>(category.Tags) { kind.Name.Split(' ')[^1].ToLowerInvariant().TrimEnd(',') };
        if (onSale)
            tags.Add("sale");
        if (random.Chance(20))
            tags.Add("new-arrival");
        if (random.Chance(15))
            tags.Add("bestseller");
        if (random.Chance(25))
            tags.Add("gift-idea");
        if (random.Chance(30))
            tags.Add(random.Chance(50) ? "summer" : "winter");
        return tags;
    }

    private static string SkuPart(List<string> values) =>
        string.Join('-', values.Select(v => new string(v.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant()));

    private static decimal RoundPrice(decimal price) => Math.Floor(price) + (price - Math.Floor(price) >= 0.5m ? 0.99m : 0.00m);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A valid EAN-13 in the 200–299 in-store range, with its check digit.</summary>
    private static string Ean13(int seed)
    {
        var digits = ("2" + (seed % 100_000_000_000).ToString("D11", CultureInfo.InvariantCulture)).ToCharArray();
        var sum = 0;
        for (var i = 0; i < 12; i++)
            sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        return new string(digits) + (char)('0' + (10 - sum % 10) % 10);
    }
}
