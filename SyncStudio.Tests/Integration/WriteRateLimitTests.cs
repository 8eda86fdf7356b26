using System.Net;
using System.Net.Http.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// The per-user limit on /api writes, on the real app with real tokens: a burst of three and one more a minute, so the
/// fourth write inside a minute is refused whatever the machine's speed.
/// </summary>
public sealed class WriteRateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;

    private readonly SyncStudioApp _app = new(settings: new Dictionary<string, string?>
    {
        ["RateLimits:WritesPerMinute"] = "1",
        ["RateLimits:WriteBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // A write an Approver may make: deciding a change that does not exist answers 404, and still counts as a write.
    private static Task<HttpResponseMessage> ApproveMissingAsync(HttpClient client, CancellationToken ct) =>
        client.PostAsJsonAsync("/api/sync/staged/999999/approve", new { notes = "n/a" }, ct);

    [Fact]
    public async Task AUserOverTheWriteLimitGetsTooManyRequestsWithRetryAfterInTheErrorShape()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Approver);
        for (var i = 0; i < Burst; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await ApproveMissingAsync(client, ct)).StatusCode);

        using var refused = await ApproveMissingAsync(client, ct);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        var details = await ApiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("per user", details.GetProperty("limit").GetString(), StringComparison.Ordinal);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AnotherUserIsUnaffectedByOneUsersWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        using var busy = await _app.ClientAsAsync(Roles.Approver);
        using var other = await _app.ClientAsAsync(Roles.Admin);
        for (var i = 0; i < Burst; i++)
            await ApproveMissingAsync(busy, ct);
        await ApiAssert.ErrorAsync(await ApproveMissingAsync(busy, ct), HttpStatusCode.TooManyRequests);

        for (var i = 0; i < Burst; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await ApproveMissingAsync(other, ct)).StatusCode);
    }

    [Fact]
    public async Task ReadsAreNotLimitedByTheWriteLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Approver);
        for (var i = 0; i < Burst; i++)
            await ApproveMissingAsync(client, ct);
        await ApiAssert.ErrorAsync(await ApproveMissingAsync(client, ct), HttpStatusCode.TooManyRequests);

        // With the write allowance spent, reads still answer, many more times than the burst.
        for (var i = 0; i < Burst * 5; i++)
            await ApiAssert.OkAsync(await client.GetAsync("/api/sync/staged", ct));
    }

    [Fact]
    public async Task TheTokenRouteKeepsItsOwnPerAddressLimitAndWebhooksAnswerWithTheirSignatureCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = _app.CreateClient();
        // More token requests than the write burst: the token route is limited per address (1000 a minute in tests).
        for (var i = 0; i < Burst * 2; i++)
            await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
                new { email = "nobody@test.local", password = "wrong-password" }, ct), HttpStatusCode.Unauthorized);
        // Unsigned webhooks are refused by their signature check, never by the per-user write limit.
        for (var i = 0; i < Burst * 2; i++)
            await ApiAssert.ErrorAsync(await anonymous.PostAsync("/api/webhooks/shopify",
                new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), ct), HttpStatusCode.Unauthorized);
    }
}
