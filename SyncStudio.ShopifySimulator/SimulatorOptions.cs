using System.ComponentModel.DataAnnotations;

namespace SyncStudio.ShopifySimulator;

/// <summary>Settings of the Shopify simulator (configuration section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The development access token, used when none is configured. Not a secret: it only opens the simulator.</summary>
    public const string DefaultAccessToken = "shpat_simulator_dev_token";

    /// <summary>The value <c>X-Shopify-Access-Token</c> must carry.</summary>
    [Required]
    [MinLength(1)]
    public string AccessToken { get; set; } = DefaultAccessToken;

    /// <summary>The plan whose rate limits apply (Standard, Advanced, Plus, Enterprise).</summary>
    public ShopifyPlan Plan { get; set; } = ShopifyPlan.Standard;

    /// <summary>Overrides the plan's bucket size (points).</summary>
    [Range(1, 1_000_000)]
    public int? BucketSize { get; set; }

    /// <summary>Overrides the plan's restore rate (points per second).</summary>
    [Range(0.001, 1_000_000)]
    public double? RestoreRate { get; set; }

    /// <summary>The most a single query may request (Shopify: 1,000).</summary>
    [Range(1, 1_000_000)]
    public int MaxQueryCost { get; set; } = 1_000;

    /// <summary>
    /// Where the store is kept between runs (a snapshot, plus <c>{path}.journal</c>). Without it the
    /// store lives in memory and starts from the seed every time.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// What a new store holds: <c>sample</c> (the sample catalog), <c>synthetic:N</c> or
    /// <c>synthetic:N:SEED</c> (N generated products), <c>csv:PATH</c> (any Shopify product CSV) or <c>empty</c>.
    /// </summary>
    [Required]
    public string Seed { get; set; } = "sample";

    /// <summary>
    /// How many locations a seeded store has: the primary one, plus "Warehouse 2" ... as if added with
    /// <c>locationAdd</c>, every seeded item stocked at each with nothing there. More can be added with
    /// <c>locationAdd</c>. A state file keeps the locations it holds.
    /// </summary>
    [Range(1, 100)]
    public int Locations { get; set; } = 1;

    public string ShopName { get; set; } = "SyncStudio Demo Store";

    public string ShopDomain { get; set; } = "syncstudio-demo.myshopify.com";

    public string ShopEmail { get; set; } = "owner@syncstudio-demo.example";

    /// <summary>The journal is folded into a new snapshot after this many writes.</summary>
    [Range(1, int.MaxValue)]
    public int SnapshotEvery { get; set; } = 10_000;

    /// <summary>Where bulk operation results are written (default: a folder under the temp directory).</summary>
    public string? BulkDirectory { get; set; }

    /// <summary>Products per chunk when a bulk operation runs its query.</summary>
    [Range(1, 10_000)]
    public int BulkChunkSize { get; set; } = 250;

    /// <summary>
    /// Where product webhooks (<c>products/create|update|delete</c>) are posted after each write, e.g. the app's
    /// <c>http://127.0.0.1:5001/api/webhooks/shopify</c>. None: no webhooks are sent.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret that signs each webhook (<c>X-Shopify-Hmac-Sha256</c>): the receiver's <c>Shopify:WebhookSecret</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The app's client id, as the Dev Dashboard shows it (client credentials and authorization code grants).</summary>
    [Required]
    [MinLength(1)]
    public string ClientId { get; set; } = "simulator-client-id";

    /// <summary>The app's client secret: it signs the install callback and buys tokens. Not a secret: it only opens the simulator.</summary>
    [Required]
    [MinLength(1)]
    public string ClientSecret { get; set; } = "shpss_simulator_dev_secret";

    /// <summary>The scopes a token grants (what the app was configured with in the Dev Dashboard), comma separated.</summary>
    public string GrantedScopes { get; set; } = "read_products,write_products,read_inventory,write_inventory,read_locations";

    /// <summary>A client-credentials token's lifetime (Shopify: 86,399 seconds).</summary>
    public TimeSpan ClientCredentialsTokenLifetime { get; set; } = TimeSpan.FromSeconds(86_399);

    /// <summary>An expiring offline token's lifetime (Shopify: 60 minutes).</summary>
    public TimeSpan OfflineTokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>A refresh token's lifetime (until used: each use spends it).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    internal (double Capacity, double RestoreRate) BucketLimits()
    {
        var (capacity, rate) = LeakyBucket.Limits(Plan);
        return (BucketSize ?? capacity, RestoreRate ?? rate);
    }
}
