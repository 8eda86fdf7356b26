using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>GET /api/sync/staged: every filter and sort, walked page by page, against the same rows ordered in memory.</summary>
public sealed class StagedListTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();
    private List<StagedProductChange> _rows = [];

    public async ValueTask InitializeAsync()
    {
        string[] statuses = [ChangeStatuses.Pending, ChangeStatuses.Approved, ChangeStatuses.Applied, ChangeStatuses.Pending, ChangeStatuses.Rejected];
        _rows = await Seed.StagedChangesAsync(_app, 43, (c, i) =>
        {
            c.Status = statuses[i % statuses.Length];
            c.Priority = 1 + (i * 7 % 5);
            c.ChangeType = i % 6 == 0 ? ChangeTypes.Create : ChangeTypes.Update;
            c.HasConflicts = i % 4 == 1;
            c.SyncDirection = i % 3 == 0 ? SyncDirections.PushToShopify : SyncDirections.PullFromShopify;
            c.BatchId = i < 20 ? "pull_a" : "pull_b";
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("", "-id")]
    [InlineData("sort=id", "id")]
    [InlineData("sort=created_at", "id")]
    [InlineData("sort=-created_at", "-id")]
    [InlineData("sort=priority", "priority")]
    [InlineData("sort=-priority", "-priority")]
    [InlineData("status=pending&sort=priority", "priority")]
    [InlineData("status=pending&change_type=update&has_conflicts=false", "-id")]
    [InlineData("batch_id=pull_b&status=pending&sort=-priority", "-priority")]
    [InlineData("sync_direction=push_to_shopify&has_conflicts=true&sort=id", "id")]
    [InlineData("change_type=create&sync_direction=push_to_shopify", "-id")]
    public async Task EveryPageHoldsTheMatchingChangesInTheRequestedOrder(string query, string order)
    {
        var ct = TestContext.Current.CancellationToken;
        var filters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Where(p => p[0] != "sort")
            .ToDictionary(p => p[0], p => p[1]);
        var matching = _rows.Where(c =>
            (!filters.TryGetValue("status", out var status) || c.Status == status)
            && (!filters.TryGetValue("change_type", out var type) || c.ChangeType == type)
            && (!filters.TryGetValue("has_conflicts", out var conflicts) || c.HasConflicts == bool.Parse(conflicts))
            && (!filters.TryGetValue("sync_direction", out var direction) || c.SyncDirection == direction)
            && (!filters.TryGetValue("batch_id", out var batch) || c.BatchId == batch));
        var expected = (order switch
        {
            "id" => matching.OrderBy(c => c.Id),
            "priority" => matching.OrderBy(c => c.Priority).ThenBy(c => c.Id),
            "-priority" => matching.OrderByDescending(c => c.Priority).ThenByDescending(c => c.Id),
            _ => matching.OrderByDescending(c => c.Id),
        }).Select(c => c.Id).ToList();
        Assert.NotEmpty(expected);

        using var client = await _app.ClientAsAsync(Roles.Viewer);
        var seen = new List<int>();
        const int perPage = 4;
        var pages = (expected.Count + perPage - 1) / perPage;
        for (var page = 1; page <= pages + 1; page++)
        {
            var body = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/staged?{query}&page={page}&per_page={perPage}", ct));
            Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
            Assert.Equal(pages, body.GetProperty("total_pages").GetInt32());
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(Math.Clamp(expected.Count - ((page - 1) * perPage), 0, perPage), items.Count);
            foreach (var item in items)
            {
                // Each row arrives whole: its own change_id with its id.
                var id = item.GetProperty("id").GetInt32();
                Assert.Equal(_rows.Single(r => r.Id == id).ChangeId, item.GetProperty("change_id").GetString());
                seen.Add(id);
            }
        }
        Assert.Equal(expected, seen);
    }
}
