using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Simulator;

/// <summary>The simulator's <c>/admin/oauth/*</c> routes over HTTP, on a clock the test moves.</summary>
public sealed class OAuthTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private SimulatorServer _server = null!;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(o => o.Seed = "synthetic:2:1", _clock);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private SimulatorOptions Options => _server.Simulator.Options;

    private Task<HttpResponseMessage> TokenAsync(params (string Key, string Value)[] form) =>
        _http.PostAsync($"{_server.BaseAddress}/admin/oauth/access_token",
            new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))), Ct);

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpStatusCode> ShopWithAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.GraphQLEndpoint) { Content = JsonContent.Create(new { query = "{ shop { name } }" }) };
        request.Headers.Add("X-Shopify-Access-Token", token);
        using var response = await _http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task AClientCredentialsTokenLastsItsLifetimeOnTheSimulatorsClockThenAnswers401()
    {
        var grant = await JsonAsync(await TokenAsync(("grant_type", "client_credentials"), ("client_id", Options.ClientId), ("client_secret", Options.ClientSecret)),
            HttpStatusCode.OK);
        Assert.Equal(86_399, grant.GetProperty("expires_in").GetInt32());
        Assert.Equal(Options.GrantedScopes, grant.GetProperty("scope").GetString());
        Assert.False(grant.TryGetProperty("refresh_token", out _));
        var token = grant.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await ShopWithAsync(token));

        _clock.Advance(TimeSpan.FromSeconds(86_399));

        Assert.Equal(HttpStatusCode.Unauthorized, await ShopWithAsync(token));
    }

    [Theory]
    [InlineData("client_credentials", "wrong-secret", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", null, HttpStatusCode.BadRequest, "unsupported_grant_type")]
    [InlineData("refresh_token", null, HttpStatusCode.BadRequest, "invalid_grant")]
    public async Task TheTokenEndpointRefusesWithOAuthErrors(string grantType, string? secret, HttpStatusCode status, string error)
    {
        var refused = await JsonAsync(await TokenAsync(("grant_type", grantType), ("client_id", Options.ClientId),
            ("client_secret", secret ?? Options.ClientSecret), ("refresh_token", "shprt_unknown")), status);

        Assert.Equal(error, refused.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnInstallRedirectsWithASignedCodeThatBuysAnExpiringTokenAndARefreshTokenThatIsSpentOnUse()
    {
        using var authorize = await _http.GetAsync(
            $"{_server.BaseAddress}/admin/oauth/authorize?client_id={Options.ClientId}&scope=read_products,write_orders&redirect_uri=https://app.example/cb&state=s1", Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!;
        Assert.StartsWith("https://app.example/cb?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        Assert.Equal("s1", query["state"]);
        Assert.Equal(Options.ShopDomain, query["shop"]);
        Assert.Equal(SimulatedOAuth.SignQuery(query, Options.ClientSecret), query["hmac"]);

        var grant = await JsonAsync(await TokenAsync(("client_id", Options.ClientId), ("client_secret", Options.ClientSecret), ("code", query["code"]),
            ("expiring", "1")), HttpStatusCode.OK);
        // Only the scopes both asked for and configured.
        Assert.Equal("read_products", grant.GetProperty("scope").GetString());
        Assert.Equal(3600, grant.GetProperty("expires_in").GetInt32());
        var refresh = grant.GetProperty("refresh_token").GetString()!;
        // A code is used once.
        await JsonAsync(await TokenAsync(("client_id", Options.ClientId), ("client_secret", Options.ClientSecret), ("code", query["code"])),
            HttpStatusCode.BadRequest);

        var renewed = await JsonAsync(await TokenAsync(("grant_type", "refresh_token"), ("client_id", Options.ClientId),
            ("client_secret", Options.ClientSecret), ("refresh_token", refresh)), HttpStatusCode.OK);
        Assert.NotEqual(refresh, renewed.GetProperty("refresh_token").GetString());
        var spent = await JsonAsync(await TokenAsync(("grant_type", "refresh_token"), ("client_id", Options.ClientId),
            ("client_secret", Options.ClientSecret), ("refresh_token", refresh)), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", spent.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnInstallForAnotherAppIsRefused()
    {
        using var authorize = await _http.GetAsync($"{_server.BaseAddress}/admin/oauth/authorize?client_id=other&redirect_uri=https://app.example/cb&state=s", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, authorize.StatusCode);
    }
}
