using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyncStudio.Data;
using SyncStudio.Services.Audit;

namespace SyncStudio.Services.Shopify;

/// <summary>
/// What the dashboard and the API show of the saved store connection: never the token, only whether one is stored.
/// </summary>
public sealed record ShopifyConnectionView(string ShopDomain, string ApiVersion, bool HasToken, DateTime UpdatedAt);

/// <summary>A connection as an Admin enters it. A null or empty <see cref="AccessToken"/> keeps the stored one.</summary>
public sealed record ShopifyConnectionInput(string? ShopDomain, string? ApiVersion, string? AccessToken);

public enum ShopifyConnectionOutcome
{
    Ok,
    Invalid,
    Failed,
}

public sealed record ShopifyConnectionResult(
    ShopifyConnectionOutcome Outcome,
    ShopifyConnectionView? Connection = null,
    IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>What a connection test read from the shop, or why it could not.</summary>
public sealed record ShopifyConnectionTest(
    ShopifyConnectionOutcome Outcome,
    ShopifyShop? Shop = null,
    string? Error = null,
    IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>
/// The store connection an Admin saves through the dashboard, in <c>shopify_connections</c>: shop domain, API version,
/// and the access token as ASP.NET Core Data Protection ciphertext. The token is decrypted only to send it to the shop:
/// never logged, never returned. The Shopify client asks <see cref="GetActiveAsync"/> on every call, so a saved
/// connection wins over the <c>Shopify:*</c> configuration (and the built-in simulator) at once.
/// </summary>
public sealed partial class ShopifyConnectionService(
    IDbContextFactory<SyncStudioDbContext> factory,
    IDataProtectionProvider dataProtection,
    IHttpClientFactory httpClients,
    IOptionsMonitor<ShopifyOptions> options,
    ShopifyCostBuckets buckets,
    TimeProvider time,
    ILoggerFactory loggers) : IShopifyConnectionSource
{
    /// <summary>The Data Protection purpose: ciphertext made for anything else does not decrypt as a token.</summary>
    public const string Purpose = "SyncStudio.ShopifyConnection.AccessToken.v1";

    public const string DefaultApiVersion = "2026-07";

    /// <summary>How long a connection test waits for the shop: one attempt, no retries.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);
    private readonly ILogger<ShopifyConnectionService> _logger = loggers.CreateLogger<ShopifyConnectionService>();
    private Task<ShopifyEndpoint?>? _active;

    public async Task<ShopifyConnectionView?> GetAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        return row is null ? null : ToView(row);
    }

    /// <summary>
    /// Saves the connection (the one active row: created the first time, updated after). A token is required the first
    /// time and whenever the shop changes, so a stored token is never sent to a shop it was not given for.
    /// </summary>
    public async Task<ShopifyConnectionResult> SaveAsync(ShopifyConnectionInput input, int? actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).FirstOrDefaultAsync(ct);
        var errors = Validate(input, row?.ShopDomain);
        if (errors.Count > 0)
            return new ShopifyConnectionResult(ShopifyConnectionOutcome.Invalid, Errors: errors);

        var domain = NormaliseDomain(input.ShopDomain!);
        var version = ApiVersionOf(input);
        var token = string.IsNullOrEmpty(input.AccessToken) ? null : input.AccessToken.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = new ShopifyConnection { ShopDomain = domain, EncryptedAccessToken = _protector.Protect(token!), CreatedAt = now };
            db.ShopifyConnections.Add(row);
        }
        row.ShopDomain = domain;
        row.ApiVersion = version;
        if (token is not null)
            row.EncryptedAccessToken = _protector.Protect(token);
        row.IsActive = true;
        row.UpdatedAt = now;
        row.UpdatedById = actorId;
        AuditLog.Add(db, new AuditEntry("shopify_connection", domain, "store_connection_saved", actorId,
            Notes: $"{domain}, API {version}{(token is null ? ", token kept" : ", new token")}"));
        await db.SaveChangesAsync(ct);
        // The next Shopify call reads the saved connection afresh.
        Volatile.Write(ref _active, null);
        _logger.LogInformation("Store connection saved: {ShopDomain}, API {ApiVersion}", domain, version);
        return new ShopifyConnectionResult(ShopifyConnectionOutcome.Ok, ToView(row));
    }

    /// <summary>Reads the shop's name and plan with the connection as entered (an empty token: the stored one), without saving it.</summary>
    public async Task<ShopifyConnectionTest> TestAsync(ShopifyConnectionInput input, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        var errors = Validate(input, row?.ShopDomain);
        if (errors.Count > 0)
            return new ShopifyConnectionTest(ShopifyConnectionOutcome.Invalid, Errors: errors);

        string token;
        if (!string.IsNullOrEmpty(input.AccessToken))
            token = input.AccessToken.Trim();
        else if (!TryUnprotect(row!.EncryptedAccessToken, out token))
            return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: UnreadableToken);

        var settings = Settings(NormaliseDomain(input.ShopDomain!), ApiVersionOf(input), token, options.CurrentValue);
        settings.MaxFaultRetries = 0;
        settings.MaxThrottleRetries = 2;
        settings.RequestTimeout = TestTimeout;
        var client = ShopifyClient.For(ShopifyEndpoint.From(settings), httpClients.CreateClient(ShopifyRegistration.HttpClientName), settings,
            buckets, time, loggers.CreateLogger<ShopifyClient>());
        var shop = await client.GetShopAsync(ct);
        return shop.Succeeded
            ? new ShopifyConnectionTest(ShopifyConnectionOutcome.Ok, shop.Value)
            : new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: shop.Failure!.Message);
    }

    public ValueTask<ShopifyEndpoint?> GetActiveAsync(CancellationToken cancellationToken)
    {
        var active = Volatile.Read(ref _active);
        if (active is null)
        {
            var load = LoadActiveAsync();
            active = Interlocked.CompareExchange(ref _active, load, null) ?? load;
        }
        if (active.IsCompletedSuccessfully)
            return new ValueTask<ShopifyEndpoint?>(active.Result);
        return new ValueTask<ShopifyEndpoint?>(AwaitAsync(active, cancellationToken));
    }

    private async Task<ShopifyEndpoint?> AwaitAsync(Task<ShopifyEndpoint?> load, CancellationToken ct)
    {
        try
        {
            return await load.WaitAsync(ct);
        }
        catch (Exception) when (load.IsFaulted)
        {
            // A failed read (the database briefly away) is not kept: the next call reads again.
            _ = Interlocked.CompareExchange(ref _active, null, load);
            throw;
        }
    }

    private async Task<ShopifyEndpoint?> LoadActiveAsync()
    {
        await using var db = await factory.CreateDbContextAsync();
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync();
        if (row is null)
            return null;
        if (!TryUnprotect(row.EncryptedAccessToken, out var token))
        {
            // Sending no token, or falling back to another store, would both hide the problem: fail every call instead.
            _logger.LogError("The saved store connection for {ShopDomain} cannot be used: {Problem}", row.ShopDomain, UnreadableToken);
            throw new InvalidOperationException($"The saved store connection for {row.ShopDomain} cannot be used: {UnreadableToken}");
        }
        return ShopifyEndpoint.From(Settings(row.ShopDomain, row.ApiVersion, token, options.CurrentValue));
    }

    private const string UnreadableToken =
        "its access token cannot be decrypted (the app's Data Protection keys changed); enter the token again in Settings";

    private bool TryUnprotect(string ciphertext, out string token)
    {
        try
        {
            token = _protector.Unprotect(ciphertext);
            return true;
        }
        catch (CryptographicException)
        {
            token = "";
            return false;
        }
    }

    /// <summary>
    /// Checks an entered connection. <paramref name="storedDomain"/> is the saved connection's shop, if any: without a
    /// new token the input must name that same shop.
    /// </summary>
    public static Dictionary<string, string> Validate(ShopifyConnectionInput input, string? storedDomain)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var domain = input.ShopDomain?.Trim() ?? "";
        if (domain.Length == 0)
            errors["shop_domain"] = "is required";
        else if (domain.Length > 255)
            errors["shop_domain"] = "must be at most 255 characters";
        else if (DomainProblem(domain) is { } problem)
            errors["shop_domain"] = problem;

        if (!string.IsNullOrWhiteSpace(input.ApiVersion) && !ApiVersionPattern().IsMatch(input.ApiVersion.Trim()))
            errors["api_version"] = "must look like 2026-07 (or be unstable)";

        var token = input.AccessToken ?? "";
        if (token.Length == 0)
        {
            if (storedDomain is null)
                errors["access_token"] = "is required";
            else if (!errors.ContainsKey("shop_domain") && !string.Equals(NormaliseDomain(domain), storedDomain, StringComparison.OrdinalIgnoreCase))
                errors["access_token"] = "is required for a different shop (the stored token stays with its own shop)";
        }
        else if (token.Trim().Length > 512)
            errors["access_token"] = "must be at most 512 characters";
        else if (token.Trim().Length == 0 || token.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            errors["access_token"] = "must not contain spaces or control characters";
        return errors;
    }

    /// <summary>
    /// <c>my-shop</c> and <c>https://my-shop.myshopify.com/</c> become <c>my-shop.myshopify.com</c>; a URL with a path or a
    /// port (a Shopify-compatible endpoint such as the standalone simulator) is kept as a URL without a trailing slash.
    /// </summary>
    public static string NormaliseDomain(string domain)
    {
        var text = domain.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var uri = new Uri(text, UriKind.Absolute);
            if (uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && uri.AbsolutePath == "/" && IsShopHost(uri.Host))
                return uri.Host.ToLowerInvariant();
            return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }
        var host = text.ToLowerInvariant();
        return host.EndsWith(".myshopify.com", StringComparison.Ordinal) ? host : host + ".myshopify.com";
    }

    private static string? DomainProblem(string domain)
    {
        if (!domain.Contains("://", StringComparison.Ordinal))
        {
            return ShopNamePattern().IsMatch(domain)
                ? null
                : "must be the shop's name (my-shop), its myshopify.com domain, or the https URL of an Admin API endpoint";
        }
        if (!Uri.TryCreate(domain, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return "must be an http(s) URL without query, fragment or credentials";
        // The token travels in a header: in the clear only to this machine (the standalone simulator, say).
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            return "must use https (plain http only for this machine: localhost, 127.0.0.1, [::1])";
        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool IsShopHost(string host) => host.EndsWith(".myshopify.com", StringComparison.OrdinalIgnoreCase);

    private static string ApiVersionOf(ShopifyConnectionInput input) =>
        string.IsNullOrWhiteSpace(input.ApiVersion) ? DefaultApiVersion : input.ApiVersion.Trim();

    /// <summary>The configured tuning (timeouts, retries) with the saved shop, version and token.</summary>
    private static ShopifyOptions Settings(string domain, string apiVersion, string token, ShopifyOptions configured)
    {
        var url = domain.Contains("://", StringComparison.Ordinal);
        return new ShopifyOptions
        {
            ShopDomain = url ? "" : domain,
            BaseAddress = url ? domain : null,
            ApiVersion = apiVersion,
            AccessToken = token,
            VariantsPerProductInPage = configured.VariantsPerProductInPage,
            MaxFaultRetries = configured.MaxFaultRetries,
            MaxThrottleRetries = configured.MaxThrottleRetries,
            RetryBaseDelay = configured.RetryBaseDelay,
            RetryMaxDelay = configured.RetryMaxDelay,
            RequestTimeout = configured.RequestTimeout,
            BulkPollInterval = configured.BulkPollInterval,
            BulkTimeout = configured.BulkTimeout,
        };
    }

    private static IQueryable<ShopifyConnection> Active(SyncStudioDbContext db) =>
        db.ShopifyConnections.Where(c => c.IsActive).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);

    private static ShopifyConnectionView ToView(ShopifyConnection row) =>
        new(row.ShopDomain, row.ApiVersion, !string.IsNullOrEmpty(row.EncryptedAccessToken), row.UpdatedAt);

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}(\.myshopify\.com)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ShopNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}$|^unstable$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
