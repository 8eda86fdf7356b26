using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class ReviewApiTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ApprovingAPendingChangeRecordsTheReviewerAndAnAuditEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var body = await ApiAssert.OkAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { notes = "ok" }, ct));
        Assert.Equal("Change approved successfully", body.GetProperty("message").GetString());

        var stored = await Seed.ReloadAsync(_app, change.Id);
        Assert.Equal(ChangeStatuses.Approved, stored.Status);
        Assert.Equal("ok", stored.ReviewNotes);
        Assert.NotNull(stored.ReviewedById);
        Assert.NotNull(stored.ReviewedAt);
        Assert.Equal(1, await Seed.AuditCountAsync(_app, "approved"));
    }

    [Theory]
    [InlineData(ChangeStatuses.Approved)]
    [InlineData(ChangeStatuses.Rejected)]
    [InlineData(ChangeStatuses.Applied)]
    [InlineData(ChangeStatuses.Superseded)]
    [InlineData(ChangeStatuses.RolledBack)]
    public async Task OnlyPendingChangesMove(string status)
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1, (c, _) => c.Status = status))[0];
        using var client = await _app.ClientAsAsync(Roles.Admin);
        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { }, ct), HttpStatusCode.Conflict);
        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/reject", new { reason = "no" }, ct), HttpStatusCode.Conflict);
        Assert.Equal(status, (await Seed.ReloadAsync(_app, change.Id)).Status);
    }

    [Fact]
    public async Task ApproveAcceptsTheChangeIdAsWellAsTheNumericId()
    {
        var change = (await Seed.StagedChangesAsync(_app, 1))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);
        await ApiAssert.OkAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.ChangeId}/approve", new { }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RejectWithoutAReasonIsABadRequest()
    {
        var change = (await Seed.StagedChangesAsync(_app, 1))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var details = await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/reject", new { }, TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest);
        Assert.Equal("is required", details.GetProperty("reason").GetString());
        Assert.Equal(ChangeStatuses.Pending, (await Seed.ReloadAsync(_app, change.Id)).Status);
    }

    [Fact]
    public async Task ALevelTwoChangeNeedsAnAdmin()
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1, (c, _) => c.RequiredApprovalLevel = 2))[0];
        using var approver = await _app.ClientAsAsync(Roles.Approver);
        await ApiAssert.ErrorAsync(await approver.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { }, ct), HttpStatusCode.Forbidden);
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        await ApiAssert.OkAsync(await admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { }, ct));
    }

    [Fact]
    public async Task AnOperatorCannotApprove()
    {
        var change = (await Seed.StagedChangesAsync(_app, 1))[0];
        using var client = await _app.ClientAsAsync(Roles.Operator);
        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { }, TestContext.Current.CancellationToken),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TwoConcurrentApprovalsOfOneChangeLetExactlyOneWin()
    {
        var ct = TestContext.Current.CancellationToken;
        var changes = await Seed.StagedChangesAsync(_app, 20);
        using var approver = await _app.ClientAsAsync(Roles.Approver);
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        foreach (var change in changes)
        {
            var first = approver.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new { notes = "a" }, ct);
            var second = admin.PostAsJsonAsync($"/api/sync/staged/{change.Id}/reject", new { reason = "b" }, ct);
            var statuses = (await Task.WhenAll(first, second)).Select(r => r.StatusCode).ToList();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Conflict));
        }
    }

    [Fact]
    public async Task AConflictingChangeNeedsAResolutionForEveryConflictingPath()
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1, (c, _) =>
        {
            c.HasConflicts = true;
            c.ConflictFields = """["price","title"]""";
        }))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var details = await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve",
            new { conflict_resolution = new { price = "shopify" } }, ct), HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("conflict_resolution.title", out _));

        await ApiAssert.OkAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve",
            new { notes = "keep Shopify price", conflict_resolution = new { price = "shopify", title = new { value = "Agreed title" } } }, ct));
        var stored = await Seed.ReloadAsync(_app, change.Id);
        Assert.Equal("""{"price":"shopify","title":{"value":"Agreed title"}}""", stored.ConflictResolution);
    }

    [Theory]
    [InlineData(SyncDirections.PullFromShopify, "shopify")]
    [InlineData(SyncDirections.PushToShopify, "local")]
    public async Task ApprovingAConflictingChangeWithANoteAloneApprovesItAsStagedAndRecordsThatResolution(string direction, string proposedSide)
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1, (c, _) =>
        {
            c.SyncDirection = direction;
            c.HasConflicts = true;
            c.ConflictFields = """["price","title"]""";
        }))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);

        await ApiAssert.OkAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve",
            new { notes = "Approved - keeping Shopify price as source of truth" }, ct));

        var expected = $$"""{"price":"{{proposedSide}}","title":"{{proposedSide}}"}""";
        var stored = await Seed.ReloadAsync(_app, change.Id);
        Assert.Equal(ChangeStatuses.Approved, stored.Status);
        Assert.Equal(expected, stored.ConflictResolution);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == "approved" && a.EntityId == change.ChangeId, ct);
        Assert.Equal(expected, audit.Data);
        Assert.Equal("Approved - keeping Shopify price as source of truth", audit.Notes);
    }

    [Fact]
    public async Task ACustomConflictValueOfTheWrongTypeIsRefusedAtApprovalNamingTheType()
    {
        var ct = TestContext.Current.CancellationToken;
        var change = (await Seed.StagedChangesAsync(_app, 1, (c, _) =>
        {
            c.HasConflicts = true;
            c.ConflictFields = """["price","inventory_quantity","tags","status"]""";
        }))[0];
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var valid = new JsonObject
        {
            ["price"] = new JsonObject { ["value"] = 31.5m },
            ["inventory_quantity"] = "shopify",
            ["tags"] = new JsonObject { ["value"] = new JsonArray("summer", "sale") },
            ["status"] = new JsonObject { ["value"] = "draft" },
        };

        foreach (var (path, wrong, expected) in new (string, JsonNode, string)[]
        {
            ("price", JsonValue.Create("not-a-price"), "non-negative decimal"),
            ("inventory_quantity", JsonValue.Create(1.5m), "whole number"),
            ("tags", JsonValue.Create("summer, sale"), "list of strings"),
            ("status", JsonValue.Create("published"), "active, draft, archived"),
        })
        {
            var body = new JsonObject { ["conflict_resolution"] = valid.DeepClone() };
            body["conflict_resolution"]![path] = new JsonObject { ["value"] = wrong };
            var details = await ApiAssert.ErrorAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", body, ct),
                HttpStatusCode.BadRequest);
            Assert.Contains(expected, details.GetProperty($"conflict_resolution.{path}").GetString(), StringComparison.Ordinal);
            Assert.Equal(ChangeStatuses.Pending, (await Seed.ReloadAsync(_app, change.Id)).Status);
        }

        await ApiAssert.OkAsync(await client.PostAsJsonAsync($"/api/sync/staged/{change.Id}/approve", new JsonObject { ["conflict_resolution"] = valid }, ct));
    }

    [Fact]
    public async Task BulkApproveByFilterSkipsConflictsAndHigherLevelsAndSaysWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        await Seed.StagedChangesAsync(_app, 30, (c, i) =>
        {
            c.HasConflicts = i < 3;
            c.ConflictFields = i < 3 ? """["price"]""" : "[]";
            c.RequiredApprovalLevel = i is >= 3 and < 5 ? 2 : 1;
        });
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var body = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { batch_id = "pull_20260101_000000_1", notes = "bulk" }, ct));
        Assert.Equal(25, body.GetProperty("updated").GetInt32());
        var skipped = body.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("reason").GetString()!, s => s.GetProperty("count").GetInt32());
        Assert.Equal(3, skipped["has_conflicts"]);
        Assert.Equal(2, skipped["approval_level"]);
        Assert.Equal(25, await Seed.AuditCountAsync(_app, "approved"));
    }

    [Fact]
    public async Task BulkApproveByIdsReportsUnknownIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var changes = await Seed.StagedChangesAsync(_app, 3);
        using var client = await _app.ClientAsAsync(Roles.Approver);
        var body = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/staged/bulk-approve",
            new { change_ids = changes.Select(c => c.Id).Append(999_999).ToArray() }, ct));
        Assert.Equal(3, body.GetProperty("updated").GetInt32());
        Assert.Equal("not_found", body.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BulkApproveWithNothingSelectedIsABadRequest()
    {
        using var client = await _app.ClientAsAsync(Roles.Approver);
        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync("/api/sync/staged/bulk-approve", new { notes = "x" }, TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest);
    }
}
