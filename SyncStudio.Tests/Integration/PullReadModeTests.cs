using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A full pull reads page by page only while Shopify's cost bucket keeps up: each page is charged what it returned,
/// so a store whose pages would cost more than the bucket holds plus a few seconds of its restore rate is read by a
/// bulk operation, which runs outside the bucket (docs/decisions/0024).
/// </summary>
public sealed class PullReadModeTests
{
    [Fact]
    public async Task AFullPullWhosePagedReadsWouldWaitForTheBucketReadsByABulkOperation()
    {
        // 100 products of three variants: ~3,800 points of pages against a Standard bucket of 2,000 restoring 100/s,
        // so paged reads would wait ~18 s for points.
        await using var h = await SyncHarness.StartAsync("synthetic:100:7");

        var pull = await h.PullAsync(new { sync_type = "full" });

        var summary = pull.GetProperty("summary");
        Assert.Equal("bulk", summary.GetProperty("read_mode").GetString());
        Assert.Equal(100, summary.GetProperty("new_products").GetInt32());
    }

    [Fact]
    public async Task AFullPullThatTheBucketHoldsReadsPageByPage()
    {
        await using var h = await SyncHarness.StartAsync("synthetic:12:7");

        var pull = await h.PullAsync(new { sync_type = "full" });

        var summary = pull.GetProperty("summary");
        Assert.Equal("paged", summary.GetProperty("read_mode").GetString());
        Assert.Equal(12, summary.GetProperty("new_products").GetInt32());
    }
}
