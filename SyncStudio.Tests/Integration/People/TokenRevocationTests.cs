using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.People;

/// <summary>
/// How long a token outlives a change made elsewhere: the user's standing is cached at most 30 seconds, measured on
/// the app's clock (a fake one here, so no test waits for wall time).
/// </summary>
public sealed class TokenRevocationTests : IAsyncLifetime
{
    // Starts at the real time so the tokens' own lifetimes (checked on the wall clock) hold.
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly SyncStudioApp _app;

    public TokenRevocationTests() => _app = new SyncStudioApp(services: s => s.AddSingleton<TimeProvider>(_clock));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUserDisabledByAnotherInstanceIsRefusedOnceTheCachedStandingIsThirtySecondsOld()
    {
        using var viewer = await _app.ClientAsAsync(Roles.Viewer);
        var viewerId = await _app.EnsureUserAsync("viewer@test.local", Roles.Viewer);
        await ApiAssert.OkAsync(await viewer.GetAsync("/api/sync/staged", Ct));

        // Written straight to the database, as another instance sharing it would: this process drops nothing.
        await DisableBehindTheCacheAsync(viewerId);

        _clock.Advance(UserStandingCache.MaxAge - TimeSpan.FromSeconds(1));
        await ApiAssert.OkAsync(await viewer.GetAsync("/api/sync/staged", Ct));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AStandingIsReadAgainNoLaterThanThirtySecondsAfterItWasCached()
    {
        var viewerId = await _app.EnsureUserAsync("viewer@test.local", Roles.Viewer);
        var cache = _app.Services.GetRequiredService<UserStandingCache>();
        var before = await cache.GetAsync(viewerId, Ct);
        Assert.NotNull(before);

        await DisableBehindTheCacheAsync(viewerId);

        Assert.Equal(before, await cache.GetAsync(viewerId, Ct));
        _clock.Advance(UserStandingCache.MaxAge);
        Assert.Null(await cache.GetAsync(viewerId, Ct));
    }

    private async Task DisableBehindTheCacheAsync(int userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var now = _clock.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.DisabledAt, now)
            .SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N")), Ct);
    }
}
