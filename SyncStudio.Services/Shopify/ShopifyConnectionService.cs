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

/// <summary>How the app gets its Admin API token (docs/decisions/0020-store-connection-modes.md).</summary>
public static class ShopifyConnectionModes
{
    /// <summary>A static <c>shpat_</c> token of a legacy custom app, pasted once.</summary>
    public const string AccessToken = "access_token";

    /// <summary>Client id and secret of a Dev Dashboard app of the merchant's own organization; tokens last about 24 hours.</summary>
    public const string ClientCredentials = "client_credentials";

    /// <summary>An app installed through Shopify's OAuth redirect; expiring offline tokens with rotating refresh tokens.</summary>
    public const string AuthorizationCode = "authorization_code";

    public static readonly IReadOnlyList<string> All = [AccessToken, ClientCredentials, AuthorizationCode];
}

/// <summary>Why a saved connection cannot be used until an Admin acts.</summary>
public static class ShopifyConnectionProblems
{
    /// <summary>Authorization code mode, saved but not installed yet.</summary>
    public const string NotInstalled = "not_installed";

    /// <summary>Shopify refused the refresh token: the app must be installed again.</summary>
    public const string NeedsReinstall = "needs_reinstall";

    /// <summary>Shopify said the app was uninstalled (<c>app/uninstalled</c>).</summary>
    public const string Uninstalled = "uninstalled";
}

/// <summary>
/// What the dashboard and the API show of the saved store connection: never a secret, only whether one is stored.
/// <see cref="Status"/> is <c>connected</c> or one of <see cref="ShopifyConnectionProblems"/>.
/// </summary>
public sealed record ShopifyConnectionView(
    string ShopDomain,
    string ApiVersion,
    bool HasToken,
    DateTime UpdatedAt,
    string Mode = ShopifyConnectionModes.AccessToken,
    string? ClientId = null,
    bool HasClientSecret = false,
    bool HasRefreshToken = false,
    DateTime? AccessTokenExpiresAt = null,
    string? GrantedScopes = null,
    string Status = "connected",
    string? BaseAddress = null);

/// <summary>
/// A connection as an Admin enters it. A null or empty secret (<see cref="AccessToken"/>, <see cref="ClientSecret"/>)
/// keeps the stored one for the same shop and mode.
/// </summary>
public sealed record ShopifyConnectionInput(
    string? ShopDomain,
    string? ApiVersion,
    string? AccessToken,
    string? Mode = null,
    string? ClientId = null,
    string? ClientSecret = null,
    string? BaseAddress = null);

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

/// <summary>What a connection test read from the shop (and the scopes granted and missing), or why it could not.</summary>
public sealed record ShopifyConnectionTest(
    ShopifyConnectionOutcome Outcome,
    ShopifyShop? Shop = null,
    string? Error = null,
    IReadOnlyDictionary<string, string>? Errors = null,
    string? ApiVersion = null,
    IReadOnlyList<string>? ScopesGranted = null,
    IReadOnlyList<string>? ScopesMissing = null);

/// <summary>
/// The store connection an Admin saves through the dashboard, in <c>shopify_connections</c>: shop domain, API version,
/// how the app gets its token (<see cref="ShopifyConnectionModes"/>), and every secret as ASP.NET Core Data Protection
/// ciphertext. A secret is decrypted only to send it to the shop: never logged, never returned. The Shopify client asks
/// <see cref="GetActiveAsync"/> on every call, so a saved connection wins over the <c>Shopify:*</c> configuration (and
/// the built-in simulator) at once; tokens that expire are obtained and renewed by <see cref="ManagedAccessToken"/>.
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

    private TimeProvider Time => time;

    private HttpClient TokenHttp() => httpClients.CreateClient(ShopifyRegistration.HttpClientName);

    /// <summary>Raised when the connection changes in a way the dashboard should show at once.</summary>
    public event Action? Changed;

    public async Task<ShopifyConnectionView?> GetAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        return row is null ? null : ToView(row);
    }

    /// <summary>
    /// The saved app's client secret, which signs the webhooks Shopify sends to subscriptions the app registered
    /// (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify);
    /// null for a static-token connection or none.
    /// </summary>
    public async Task<string?> GetClientSecretAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var cipher = await Active(db).Select(c => c.EncryptedClientSecret).FirstOrDefaultAsync(ct);
        return TryUnprotect(cipher, out var secret) ? secret : null;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PendingInstall> _installs = new(StringComparer.Ordinal);

    private sealed record PendingInstall(int ConnectionId, int? ActorId, DateTime ExpiresAt);

    /// <summary>How long an install started with "Install on Shopify" may take to come back.</summary>
    public static readonly TimeSpan InstallWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The address of Shopify's install screen for the saved authorization-code app: <c>/admin/oauth/authorize</c> with
    /// the client id, the scopes the app needs, the callback and a one-use <c>state</c> kept here until the callback
    /// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-3-ask-for-permission).
    /// Null with a reason when no authorization-code connection is saved.
    /// </summary>
    public async Task<(string? Url, string? Problem)> BeginInstallAsync(string callbackUrl, int? actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null || row.Mode != ShopifyConnectionModes.AuthorizationCode || row.ClientId is null)
            return (null, "save a connection with mode authorization_code (client id and secret) first");
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (key, pending) in _installs)
        {
            if (pending.ExpiresAt <= now)
                _installs.TryRemove(key, out _);
        }
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _installs[state] = new PendingInstall(row.Id, actorId, now + InstallWindow);
        var adminBase = ShopifyEndpoint.From(Settings(row.ShopDomain, row.BaseAddress, row.ApiVersion, "", options.CurrentValue)).AdminBase;
        var query = string.Join('&', new[]
        {
            ("client_id", row.ClientId),
            ("scope", string.Join(',', ShopifyOAuth.RequiredScopes)),
            ("redirect_uri", callbackUrl),
            ("state", state),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        return ($"{adminBase.AbsoluteUri.TrimEnd('/')}{ShopifyOAuth.AuthorizePath}?{query}", null);
    }

    /// <summary>
    /// Shopify's redirect after the merchant approved: the <c>hmac</c> over the other parameters must match (keyed with the
    /// app's client secret), the <c>state</c> must be one this app issued and not used, and the <c>shop</c> must be the saved
    /// one; only then is the <c>code</c> exchanged for an expiring offline token and its refresh token
    /// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-4-confirm-installation).
    /// Returns the field that failed and why, or nulls when installed.
    /// </summary>
    public async Task<(string? Field, string? Problem, bool Forbidden)> CompleteInstallAsync(IReadOnlyDictionary<string, string> query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).FirstOrDefaultAsync(ct);
        if (row is null || row.Mode != ShopifyConnectionModes.AuthorizationCode || !TryUnprotect(row.EncryptedClientSecret, out var secret))
            return ("connection", "no authorization-code connection is saved", false);
        if (!ShopifyOAuth.IsValidQueryHmac(query, secret))
            return ("hmac", "is missing or does not match the other parameters", true);
        var state = query.GetValueOrDefault("state") ?? "";
        // One use: a replayed callback finds its state gone.
        if (state.Length == 0 || !_installs.TryRemove(state, out var pending) || pending.ConnectionId != row.Id
            || pending.ExpiresAt <= time.GetUtcNow().UtcDateTime)
            return ("state", "is unknown, used or expired: start the install again from Settings", true);
        var shop = query.GetValueOrDefault("shop") ?? "";
        if (!string.Equals(shop, row.ShopDomain, StringComparison.OrdinalIgnoreCase))
            return ("shop", $"is not the saved shop {row.ShopDomain}", true);
        var code = query.GetValueOrDefault("code") ?? "";
        if (code.Length == 0)
            return ("code", "is required", false);

        var adminBase = ShopifyEndpoint.From(Settings(row.ShopDomain, row.BaseAddress, row.ApiVersion, "", options.CurrentValue)).AdminBase;
        ShopifyTokenGrant grant;
        try
        {
            grant = await ShopifyOAuth.AuthorizationCodeAsync(TokenHttp(), adminBase, row.ClientId!, secret, code, time, ct);
        }
        catch (ShopifyTokenException e)
        {
            return ("code", e.Message, false);
        }
        if (grant.RefreshToken is null || grant.ExpiresAt is null)
            _logger.LogWarning("The shop {ShopDomain} answered a non-expiring offline token (no refresh token)", row.ShopDomain);
        row.EncryptedAccessToken = _protector.Protect(grant.AccessToken);
        row.AccessTokenExpiresAt = grant.ExpiresAt;
        row.EncryptedRefreshToken = grant.RefreshToken is { } refresh ? _protector.Protect(refresh) : null;
        row.RefreshTokenExpiresAt = grant.RefreshTokenExpiresAt;
        row.GrantedScopes = grant.Scopes;
        row.Problem = null;
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        AuditLog.Add(db, new AuditEntry("shopify_connection", row.ShopDomain, "store_connection_installed", pending.ActorId,
            Notes: $"{row.ShopDomain}, scopes {grant.Scopes}"));
        await db.SaveChangesAsync(ct);
        Forget();
        _logger.LogInformation("App installed on {ShopDomain}; scopes {Scopes}", row.ShopDomain, grant.Scopes);
        return (null, null, false);
    }

    /// <summary>True when a store is saved (whatever its state): the built-in simulator then stays off.</summary>
    public async Task<bool> HasSavedStoreAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ShopifyConnections.AnyAsync(c => c.IsActive, ct);
    }

    /// <summary>
    /// Saves the connection (the one active row: created the first time, updated after). A secret is required the first
    /// time and whenever the shop or the mode changes, so a stored secret is never sent to a shop it was not given for.
    /// </summary>
    public async Task<ShopifyConnectionResult> SaveAsync(ShopifyConnectionInput input, int? actorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).FirstOrDefaultAsync(ct);
        var errors = ValidateRow(input, row, options.CurrentValue.AllowBaseAddressOverride);
        if (errors.Count > 0)
            return new ShopifyConnectionResult(ShopifyConnectionOutcome.Invalid, Errors: errors);

        var domain = NormaliseDomain(input.ShopDomain!);
        var baseAddress = BaseAddressOf(input);
        var version = ApiVersionOf(input);
        var mode = ModeOf(input);
        var token = Secret(input.AccessToken);
        var clientSecret = Secret(input.ClientSecret);
        var now = time.GetUtcNow().UtcDateTime;
        var sameStore = row is not null && SameStore(row, domain, baseAddress) && row.Mode == mode;
        if (row is null)
        {
            row = new ShopifyConnection { ShopDomain = domain, CreatedAt = now };
            db.ShopifyConnections.Add(row);
        }
        if (!sameStore)
        {
            // Nothing obtained for another shop or another way of connecting carries over.
            row.EncryptedAccessToken = null;
            row.AccessTokenExpiresAt = null;
            row.EncryptedRefreshToken = null;
            row.RefreshTokenExpiresAt = null;
            row.GrantedScopes = null;
            row.EncryptedClientSecret = null;
            row.ClientId = null;
            row.Problem = null;
        }
        row.ShopDomain = domain;
        row.BaseAddress = baseAddress;
        row.ApiVersion = version;
        row.Mode = mode;
        switch (mode)
        {
            case ShopifyConnectionModes.AccessToken:
                if (token is not null)
                {
                    row.EncryptedAccessToken = _protector.Protect(token);
                    row.AccessTokenExpiresAt = null;
                }
                break;
            default:
                var clientId = input.ClientId!.Trim();
                if (clientId != row.ClientId || clientSecret is not null)
                {
                    // New app credentials: tokens of the old ones are no longer the app's.
                    row.EncryptedAccessToken = null;
                    row.AccessTokenExpiresAt = null;
                    row.EncryptedRefreshToken = null;
                    row.RefreshTokenExpiresAt = null;
                }
                row.ClientId = clientId;
                if (clientSecret is not null)
                    row.EncryptedClientSecret = _protector.Protect(clientSecret);
                if (mode == ShopifyConnectionModes.AuthorizationCode && row.EncryptedRefreshToken is null)
                    row.Problem = ShopifyConnectionProblems.NotInstalled;
                else if (mode == ShopifyConnectionModes.ClientCredentials)
                    row.Problem = null;
                break;
        }
        row.IsActive = true;
        row.UpdatedAt = now;
        row.UpdatedById = actorId;
        AuditLog.Add(db, new AuditEntry("shopify_connection", domain, "store_connection_saved", actorId,
            Notes: $"{domain}, API {version}, {mode}{(token is null && clientSecret is null ? ", secrets kept" : ", new secret")}"));
        await db.SaveChangesAsync(ct);
        Forget();
        _logger.LogInformation("Store connection saved: {ShopDomain}, API {ApiVersion}, {Mode}", domain, version, mode);
        return new ShopifyConnectionResult(ShopifyConnectionOutcome.Ok, ToView(row));
    }

    /// <summary>
    /// Reads the shop's name and plan, and the scopes granted and missing, with the connection as entered (an empty
    /// secret: the stored one), without saving it.
    /// </summary>
    public async Task<ShopifyConnectionTest> TestAsync(ShopifyConnectionInput input, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        var errors = ValidateRow(input, row, options.CurrentValue.AllowBaseAddressOverride);
        if (errors.Count > 0)
            return new ShopifyConnectionTest(ShopifyConnectionOutcome.Invalid, Errors: errors);

        var domain = NormaliseDomain(input.ShopDomain!);
        var baseAddress = BaseAddressOf(input);
        var version = ApiVersionOf(input);
        var mode = ModeOf(input);
        var settings = Settings(domain, baseAddress, version, "", options.CurrentValue);
        var adminBase = ShopifyEndpoint.From(settings).AdminBase;
        var http = httpClients.CreateClient(ShopifyRegistration.HttpClientName);
        string token;
        string? scopes = null;
        switch (mode)
        {
            case ShopifyConnectionModes.AccessToken:
                if (Secret(input.AccessToken) is { } entered)
                    token = entered;
                else if (!TryUnprotect(row!.EncryptedAccessToken, out token))
                    return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: UnreadableSecret);
                break;
            case ShopifyConnectionModes.ClientCredentials:
                {
                    string secret;
                    if (Secret(input.ClientSecret) is { } enteredSecret)
                        secret = enteredSecret;
                    else if (!TryUnprotect(row!.EncryptedClientSecret, out secret))
                        return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: UnreadableSecret);
                    try
                    {
                        var grant = await ShopifyOAuth.ClientCredentialsAsync(http, adminBase, input.ClientId!.Trim(), secret, time, ct);
                        token = grant.AccessToken;
                        scopes = grant.Scopes;
                    }
                    catch (ShopifyTokenException e)
                    {
                        return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: e.Message, ApiVersion: version);
                    }
                    break;
                }
            default:
                // An installed app is tested with its own (renewed) token: the saved connection's endpoint.
                if (row is null || row.Mode != mode || !SameStore(row, domain, baseAddress) || row.EncryptedRefreshToken is null)
                    return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed,
                        Error: "save the connection and install the app on Shopify first", ApiVersion: version);
                return await TestSavedAsync(version, ct);
        }

        settings = Settings(domain, baseAddress, version, token, options.CurrentValue);
        return await ReadShopAsync(ShopifyEndpoint.From(settings), settings, http, version, scopes, ct);
    }

    private async Task<ShopifyConnectionTest> TestSavedAsync(string version, CancellationToken ct)
    {
        var endpoint = await GetActiveAsync(ct);
        if (endpoint is null)
            return new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: "no store connection is saved", ApiVersion: version);
        var scopes = await GetAsync(ct) is { } view ? view.GrantedScopes : null;
        return await ReadShopAsync(endpoint, options.CurrentValue, httpClients.CreateClient(ShopifyRegistration.HttpClientName), version, scopes, ct);
    }

    private async Task<ShopifyConnectionTest> ReadShopAsync(ShopifyEndpoint endpoint, ShopifyOptions configured, HttpClient http, string version,
        string? scopes, CancellationToken ct)
    {
        var settings = Settings("", endpoint.GraphQLEndpoint.AbsoluteUri, version, "", configured);
        settings.MaxFaultRetries = 0;
        settings.MaxThrottleRetries = 2;
        settings.RequestTimeout = TestTimeout;
        var client = ShopifyClient.For(endpoint, http, settings, buckets, time, loggers.CreateLogger<ShopifyClient>());
        var shop = await client.GetShopAsync(ct);
        IReadOnlyList<string>? granted = scopes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return shop.Succeeded
            ? new ShopifyConnectionTest(ShopifyConnectionOutcome.Ok, shop.Value, ApiVersion: version, ScopesGranted: granted,
                ScopesMissing: scopes is null ? null : ShopifyOAuth.MissingScopes(scopes))
            : new ShopifyConnectionTest(ShopifyConnectionOutcome.Failed, Error: shop.Failure!.Message, ApiVersion: version);
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

    /// <summary>The next Shopify call reads the saved connection afresh.</summary>
    private void Forget()
    {
        Volatile.Write(ref _active, null);
        Changed?.Invoke();
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
        var settings = Settings(row.ShopDomain, row.BaseAddress, row.ApiVersion, "", options.CurrentValue);
        if (row.Mode == ShopifyConnectionModes.AccessToken)
        {
            if (!TryUnprotect(row.EncryptedAccessToken, out var token))
            {
                // Sending no token, or falling back to another store, would both hide the problem: fail every call instead.
                _logger.LogError("The saved store connection for {ShopDomain} cannot be used: {Problem}", row.ShopDomain, UnreadableSecret);
                throw new InvalidOperationException($"The saved store connection for {row.ShopDomain} cannot be used: {UnreadableSecret}");
            }
            settings.AccessToken = token;
            return ShopifyEndpoint.From(settings);
        }

        var endpoint = ShopifyEndpoint.From(settings);
        return ShopifyEndpoint.From(settings, new ManagedAccessToken(this, row, endpoint.AdminBase));
    }

    private const string UnreadableSecret =
        "its secrets cannot be decrypted (the app's Data Protection keys changed); enter them again in Settings";

    private bool TryUnprotect(string? ciphertext, out string secret)
    {
        secret = "";
        if (string.IsNullOrEmpty(ciphertext))
            return false;
        try
        {
            secret = _protector.Unprotect(ciphertext);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Obtains and renews the token of a client-credentials or authorization-code connection: at most one token request
    /// at a time (callers that saw the same token wait for it and share its answer), before the token expires and once
    /// after a 401. A refresh token Shopify refuses marks the connection <c>needs_reinstall</c>: no further requests
    /// until an Admin installs the app again.
    /// </summary>
    private sealed class ManagedAccessToken : IShopifyAccessToken
    {
        private readonly ShopifyConnectionService _owner;
        private readonly int _connectionId;
        private readonly string _mode;
        private readonly Uri _adminBase;
        private readonly string _shop;
        private readonly string? _clientId;
        private readonly string? _encryptedClientSecret;
        private readonly Lock _gate = new();
        private Task<string>? _renewing;
        private string? _encryptedRefreshToken;
        private Current? _current;
        private string? _problem;

        public ManagedAccessToken(ShopifyConnectionService owner, ShopifyConnection row, Uri adminBase)
        {
            _owner = owner;
            _connectionId = row.Id;
            _mode = row.Mode;
            _adminBase = adminBase;
            _shop = row.ShopDomain;
            _clientId = row.ClientId;
            _encryptedClientSecret = row.EncryptedClientSecret;
            _encryptedRefreshToken = row.EncryptedRefreshToken;
            _problem = row.Problem;
            if (row.EncryptedAccessToken is not null && owner.TryUnprotect(row.EncryptedAccessToken, out var token))
                _current = new Current(token, row.AccessTokenExpiresAt);
        }

        private sealed record Current(string Token, DateTime? ExpiresAt);

        public ValueTask<string> GetAsync(CancellationToken cancellationToken)
        {
            var current = Volatile.Read(ref _current);
            if (current is not null && Fresh(current))
                return ValueTask.FromResult(current.Token);
            return new ValueTask<string>(RenewAsync(current?.Token, cancellationToken)!);
        }

        public async ValueTask<string?> RenewAfterRejectionAsync(string rejected, CancellationToken cancellationToken) =>
            await RenewAsync(rejected, cancellationToken);

        /// <summary>Renewed a few minutes before expiry (a tenth of a short lifetime), so a call never starts on a dying token.</summary>
        private bool Fresh(Current current)
        {
            if (current.ExpiresAt is not { } expires)
                return true;
            var now = _owner.Time.GetUtcNow().UtcDateTime;
            return now < expires - TimeSpan.FromMinutes(5);
        }

        /// <summary>
        /// One renewal at a time: a caller that saw <paramref name="seen"/> joins the renewal under way, or gets the token
        /// another caller just obtained, or starts one. The renewal itself is not cancelled with any one caller.
        /// </summary>
        private Task<string> RenewAsync(string? seen, CancellationToken ct)
        {
            Task<string> renewing;
            lock (_gate)
            {
                var current = _current;
                if (current is not null && current.Token != seen && Fresh(current))
                    return Task.FromResult(current.Token);
                if (_renewing is null || _renewing.IsCompleted)
                    _renewing = RenewOnceAsync();
                renewing = _renewing;
            }
            return renewing.WaitAsync(ct);
        }

        private async Task<string> RenewOnceAsync()
        {
            var ct = CancellationToken.None;
            if (_problem is { } problem)
                throw new ShopifyTokenException(ProblemMessage(problem), transient: false);
            if (!_owner.TryUnprotect(_encryptedClientSecret, out var secret) || _clientId is null)
                throw new ShopifyTokenException($"The saved store connection for {_shop} cannot be used: {UnreadableSecret}", transient: false);

            var http = _owner.TokenHttp();
            ShopifyTokenGrant grant;
            if (_mode == ShopifyConnectionModes.ClientCredentials)
            {
                grant = await ShopifyOAuth.ClientCredentialsAsync(http, _adminBase, _clientId, secret, _owner.Time, ct);
                await _owner.RecordGrantAsync(_connectionId, grant, keepRefreshToken: false, ct);
            }
            else
            {
                if (!_owner.TryUnprotect(_encryptedRefreshToken, out var refresh))
                    throw new ShopifyTokenException(ProblemMessage(ShopifyConnectionProblems.NeedsReinstall), transient: false);
                try
                {
                    grant = await ShopifyOAuth.RefreshAsync(http, _adminBase, _clientId, secret, refresh, _owner.Time, ct);
                }
                catch (ShopifyTokenException e) when (!e.Transient)
                {
                    _problem = ShopifyConnectionProblems.NeedsReinstall;
                    await _owner.MarkProblemAsync(_connectionId, ShopifyConnectionProblems.NeedsReinstall, e.Message, ct);
                    throw new ShopifyTokenException(ProblemMessage(ShopifyConnectionProblems.NeedsReinstall), transient: false, e);
                }
                // The refresh token just sent is spent: the new one is stored before the token is used.
                _encryptedRefreshToken = await _owner.RecordGrantAsync(_connectionId, grant, keepRefreshToken: true, ct) ?? _encryptedRefreshToken;
            }

            Volatile.Write(ref _current, new Current(grant.AccessToken, grant.ExpiresAt));
            _owner._logger.LogInformation("Obtained a new Admin API token for {ShopDomain} ({Mode}), valid until {ExpiresAt:O}",
                _shop, _mode, grant.ExpiresAt);
            return grant.AccessToken;
        }

        private string ProblemMessage(string problem) => problem switch
        {
            ShopifyConnectionProblems.NotInstalled => $"The app is not installed on {_shop} yet: use Install on Shopify in Settings",
            ShopifyConnectionProblems.Uninstalled => $"The app was uninstalled from {_shop}: install it again in Settings",
            _ => $"The store connection to {_shop} needs re-install: Shopify refused its refresh token; use Install on Shopify in Settings",
        };
    }

    /// <summary>Stores what a token answer gave; returns the new refresh token's ciphertext (authorization code).</summary>
    private async Task<string?> RecordGrantAsync(int connectionId, ShopifyTokenGrant grant, bool keepRefreshToken, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var access = keepRefreshToken ? _protector.Protect(grant.AccessToken) : null;
        var refresh = keepRefreshToken && grant.RefreshToken is { } r ? _protector.Protect(r) : null;
        if (keepRefreshToken)
        {
            await db.ShopifyConnections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.EncryptedAccessToken, access)
                .SetProperty(c => c.AccessTokenExpiresAt, grant.ExpiresAt)
                .SetProperty(c => c.EncryptedRefreshToken, c => refresh ?? c.EncryptedRefreshToken)
                .SetProperty(c => c.RefreshTokenExpiresAt, c => grant.RefreshTokenExpiresAt ?? c.RefreshTokenExpiresAt)
                .SetProperty(c => c.GrantedScopes, c => grant.Scopes ?? c.GrantedScopes), ct);
        }
        else
        {
            // A client-credentials token is not stored: a restarted app asks for a new one.
            await db.ShopifyConnections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.AccessTokenExpiresAt, grant.ExpiresAt)
                .SetProperty(c => c.GrantedScopes, c => grant.Scopes ?? c.GrantedScopes), ct);
        }
        return refresh;
    }

    private async Task MarkProblemAsync(int connectionId, string problem, string reason, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.ShopifyConnections.FirstOrDefaultAsync(c => c.Id == connectionId, ct);
        if (row is null || row.Problem == problem)
            return;
        row.Problem = problem;
        AuditLog.Add(db, new AuditEntry("shopify_connection", row.ShopDomain, "store_connection_" + problem, null, Notes: reason));
        Notifications.NotificationOutbox.Add(db, Notifications.NotificationKinds.StoreAttention, time.GetUtcNow().UtcDateTime,
            data: new Notifications.StoreFacts(row.ShopDomain, problem, reason));
        await db.SaveChangesAsync(ct);
        _logger.LogWarning("Store connection to {ShopDomain} marked {Problem}: {Reason}", row.ShopDomain, problem, reason);
        Changed?.Invoke();
    }

    /// <summary>Marks the saved connection to <paramref name="shopDomain"/> with a problem (the app was uninstalled, say).</summary>
    public async Task MarkProblemAsync(string shopDomain, string problem, string reason, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Active(db).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null || !string.Equals(row.ShopDomain, shopDomain, StringComparison.OrdinalIgnoreCase))
            return;
        await MarkProblemAsync(row.Id, problem, reason, ct);
        Forget();
    }

    /// <summary>
    /// Checks an entered connection against the stored one (<paramref name="stored"/>, if any): without a new secret the
    /// input must name that same shop and mode.
    /// </summary>
    public static Dictionary<string, string> Validate(ShopifyConnectionInput input, string? storedDomain, bool allowBaseAddress = false) =>
        ValidateRow(input, storedDomain is null ? null : new ShopifyConnection { ShopDomain = storedDomain, EncryptedAccessToken = "stored" },
            allowBaseAddress);

    /// <summary>As <see cref="Validate(ShopifyConnectionInput, string?, bool)"/>, against the saved connection as the dashboard shows it.</summary>
    public static Dictionary<string, string> ValidateAgainst(ShopifyConnectionInput input, ShopifyConnectionView? saved, bool allowBaseAddress = false) =>
        ValidateRow(input, saved is null ? null : new ShopifyConnection
        {
            ShopDomain = saved.ShopDomain,
            BaseAddress = saved.BaseAddress,
            Mode = saved.Mode,
            ClientId = saved.ClientId,
            EncryptedAccessToken = saved.HasToken ? "stored" : null,
            EncryptedClientSecret = saved.HasClientSecret ? "stored" : null,
        }, allowBaseAddress);

    private static Dictionary<string, string> ValidateRow(ShopifyConnectionInput input, ShopifyConnection? stored, bool allowBaseAddress)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var domain = input.ShopDomain?.Trim() ?? "";
        if (domain.Length == 0)
            errors["shop_domain"] = "is required";
        else if (domain.Length > 255)
            errors["shop_domain"] = "must be at most 255 characters";
        else if (DomainProblem(domain) is { } problem)
            errors["shop_domain"] = problem;

        var baseAddress = input.BaseAddress?.Trim() ?? "";
        if (baseAddress.Length > 0)
        {
            if (!allowBaseAddress)
                errors["base_address"] = "is not accepted here (only where Shopify:AllowBaseAddressOverride is set, for development and tests)";
            else if (baseAddress.Length > 500)
                errors["base_address"] = "must be at most 500 characters";
            else if (BaseAddressProblem(baseAddress) is { } baseProblem)
                errors["base_address"] = baseProblem;
        }

        if (!string.IsNullOrWhiteSpace(input.ApiVersion) && !ApiVersionPattern().IsMatch(input.ApiVersion.Trim()))
            errors["api_version"] = "must look like 2026-07 (or be unstable)";

        var mode = string.IsNullOrWhiteSpace(input.Mode) ? ShopifyConnectionModes.AccessToken : input.Mode.Trim();
        if (!ShopifyConnectionModes.All.Contains(mode))
        {
            errors["mode"] = "must be access_token, client_credentials or authorization_code";
            return errors;
        }

        var sameStore = stored is not null && !errors.ContainsKey("shop_domain") && !errors.ContainsKey("base_address")
            && SameStore(stored, NormaliseDomain(domain), baseAddress.Length == 0 ? null : baseAddress.TrimEnd('/'));
        var keepable = sameStore && stored!.Mode == mode;
        if (mode == ShopifyConnectionModes.AccessToken)
        {
            if (input.ClientId is { Length: > 0 } || input.ClientSecret is { Length: > 0 })
                errors[input.ClientId is { Length: > 0 } ? "client_id" : "client_secret"] = "is not used with mode access_token";
            SecretProblem(errors, "access_token", input.AccessToken, keepable && stored!.EncryptedAccessToken is not null, stored is null);
        }
        else
        {
            if (input.AccessToken is { Length: > 0 })
                errors["access_token"] = $"is not accepted with mode {mode} (the app obtains its own tokens)";
            var clientId = input.ClientId?.Trim() ?? "";
            if (clientId.Length == 0)
                errors["client_id"] = "is required";
            else if (clientId.Length > 255 || clientId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                errors["client_id"] = "must be at most 255 characters without spaces";
            var sameApp = keepable && stored!.ClientId == clientId;
            SecretProblem(errors, "client_secret", input.ClientSecret, sameApp && stored!.EncryptedClientSecret is not null, stored is null);
        }
        return errors;
    }

    private static void SecretProblem(Dictionary<string, string> errors, string field, string? value, bool canKeep, bool first)
    {
        var secret = value ?? "";
        if (secret.Length == 0)
        {
            if (!canKeep)
                errors[field] = first ? "is required" : "is required for a different shop, mode or app (a stored secret stays with its own)";
        }
        else if (secret.Trim().Length > 512)
            errors[field] = "must be at most 512 characters";
        else if (secret.Trim().Length == 0 || secret.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            errors[field] = "must not contain spaces or control characters";
    }

    private static bool SameStore(ShopifyConnection row, string domain, string? baseAddress) =>
        string.Equals(row.ShopDomain, domain, StringComparison.OrdinalIgnoreCase)
        && string.Equals(row.BaseAddress ?? "", baseAddress ?? "", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>my-shop</c> and <c>https://my-shop.myshopify.com/</c> become <c>my-shop.myshopify.com</c>.</summary>
    public static string NormaliseDomain(string domain)
    {
        var text = domain.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
            return new Uri(text, UriKind.Absolute).Host.ToLowerInvariant();
        var host = text.ToLowerInvariant();
        return host.EndsWith(".myshopify.com", StringComparison.Ordinal) ? host : host + ".myshopify.com";
    }

    /// <summary>
    /// A shop is a <c>*.myshopify.com</c> domain (or its bare name), nothing else: the server sends secrets there, so no
    /// Admin setting may point it at another host. Development endpoints go in <c>base_address</c>, behind a setting.
    /// </summary>
    private static string? DomainProblem(string domain)
    {
        const string Expected = "must be the shop's name (my-shop) or its myshopify.com domain (my-shop.myshopify.com)";
        if (!domain.Contains("://", StringComparison.Ordinal))
            return ShopNamePattern().IsMatch(domain) ? null : Expected;
        return Uri.TryCreate(domain, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            && string.IsNullOrEmpty(uri.UserInfo) && IsShopHost(uri.Host) && ShopNamePattern().IsMatch(uri.Host)
            ? null
            : Expected;
    }

    private static string? BaseAddressProblem(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return "must be an http(s) URL without query, fragment or credentials";
        // Secrets travel in headers and forms: in the clear only to this machine (the standalone simulator, say).
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            return "must use https (plain http only for this machine: localhost, 127.0.0.1, [::1])";
        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool IsShopHost(string host) => host.EndsWith(".myshopify.com", StringComparison.OrdinalIgnoreCase);

    private static string ApiVersionOf(ShopifyConnectionInput input) =>
        string.IsNullOrWhiteSpace(input.ApiVersion) ? DefaultApiVersion : input.ApiVersion.Trim();

    private static string ModeOf(ShopifyConnectionInput input) =>
        string.IsNullOrWhiteSpace(input.Mode) ? ShopifyConnectionModes.AccessToken : input.Mode.Trim();

    private static string? BaseAddressOf(ShopifyConnectionInput input) =>
        string.IsNullOrWhiteSpace(input.BaseAddress) ? null : new Uri(input.BaseAddress.Trim()).GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static string? Secret(string? value) => string.IsNullOrEmpty(value) ? null : value.Trim();

    /// <summary>The configured tuning (timeouts, retries) with the saved shop, version and token.</summary>
    private static ShopifyOptions Settings(string domain, string? baseAddress, string apiVersion, string token, ShopifyOptions configured) => new()
    {
        ShopDomain = domain,
        BaseAddress = baseAddress,
        ApiVersion = apiVersion,
        AccessToken = token,
        VariantsPerProductInPage = configured.VariantsPerProductInPage,
        MaxFaultRetries = configured.MaxFaultRetries,
        MaxThrottleRetries = configured.MaxThrottleRetries,
        RetryBaseDelay = configured.RetryBaseDelay,
        RetryMaxDelay = configured.RetryMaxDelay,
        RequestTimeout = configured.RequestTimeout,
        BulkPollInterval = configured.BulkPollInterval,
        BulkFirstPollInterval = configured.BulkFirstPollInterval,
        BulkTimeout = configured.BulkTimeout,
    };

    private static IQueryable<ShopifyConnection> Active(SyncStudioDbContext db) =>
        db.ShopifyConnections.Where(c => c.IsActive).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);

    private static ShopifyConnectionView ToView(ShopifyConnection row) =>
        new(row.ShopDomain, row.ApiVersion, !string.IsNullOrEmpty(row.EncryptedAccessToken), row.UpdatedAt, row.Mode, row.ClientId,
            !string.IsNullOrEmpty(row.EncryptedClientSecret), !string.IsNullOrEmpty(row.EncryptedRefreshToken), row.AccessTokenExpiresAt,
            row.GrantedScopes, row.Problem ?? "connected", row.BaseAddress);

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}(\.myshopify\.com)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ShopNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}$|^unstable$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
