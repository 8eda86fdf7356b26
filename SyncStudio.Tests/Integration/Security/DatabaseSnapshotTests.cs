using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Security;

public sealed class DatabaseSnapshotTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AChangedRuleShowsUpAsADifference()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await DatabaseSnapshot.TakeAsync(_app.Services, ct);
        Assert.Empty((await DatabaseSnapshot.TakeAsync(_app.Services, ct)).DifferencesFrom(before));

        var factory = _app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE sync_approval_rules SET priority = priority + 1 WHERE rowid = (SELECT MIN(rowid) FROM sync_approval_rules)", ct);
        }

        var differences = (await DatabaseSnapshot.TakeAsync(_app.Services, ct)).DifferencesFrom(before).ToList();
        Assert.Single(differences);
        Assert.StartsWith("sync_approval_rules:", differences[0], StringComparison.Ordinal);
    }
}
