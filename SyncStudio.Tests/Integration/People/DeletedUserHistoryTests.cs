using System.Net;
using System.Net.Http.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.People;

/// <summary>A deleted user's work keeps their name: the batches they started, the changes they reviewed, the audit trail.</summary>
public sealed class DeletedUserHistoryTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await SyncHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeletingAUserKeepsTheirEmailOnTheBatchesChangesAndAuditEventsTheyLeft()
    {
        using var op = await _h.App.ClientAsAsync(Roles.Operator);
        using var approver = await _h.App.ClientAsAsync(Roles.Approver);
        var opId = await _h.App.EnsureUserAsync("operator@test.local", Roles.Operator);
        var approverId = await _h.App.EnsureUserAsync("approver@test.local", Roles.Approver);

        var started = await op.PostAsJsonAsync("/api/sync/shopify/pull", new { sync_type = "full" }, Ct);
        var batchId = (await ApiAssert.OkAsync(started, started.StatusCode == HttpStatusCode.Accepted ? HttpStatusCode.Accepted : HttpStatusCode.OK))
            .GetProperty("batch_id").GetString()!;
        Assert.Equal("completed", (await _h.WaitForBatchAsync(batchId, SyncHarness.BatchDeadline)).GetProperty("status").GetString());
        var pending = (await _h.StagedAsync($"batch_id={batchId}&status=pending"))[0];
        var changeId = pending.GetProperty("id").GetInt32();
        await ApiAssert.OkAsync(await approver.PostAsJsonAsync($"/api/sync/staged/{changeId}/approve", new { notes = "looks right" }, Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await _h.Admin.DeleteAsync($"/api/users/{opId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Admin.DeleteAsync($"/api/users/{approverId}", Ct)).StatusCode);

        var batch = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/batches/{batchId}", Ct))).GetProperty("item");
        Assert.Equal(opId, batch.GetProperty("created_by").GetProperty("id").GetInt32());
        Assert.Equal("operator@test.local", batch.GetProperty("created_by").GetProperty("email").GetString());
        Assert.Equal("operator@test.local", batch.GetProperty("created_by_name").GetString());
        Assert.Equal("user", batch.GetProperty("source").GetString());
        var change = (await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/sync/staged/{changeId}", Ct))).GetProperty("item");
        Assert.Equal("approver@test.local", change.GetProperty("reviewed_by").GetProperty("email").GetString());
        var audit = await ApiAssert.OkAsync(await _h.Admin.GetAsync($"/api/audit?user_id={approverId}&per_page=100", Ct));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("user_email").GetString() == "approver@test.local");
    }
}
