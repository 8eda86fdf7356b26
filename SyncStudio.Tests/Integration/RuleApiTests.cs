using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class RuleApiTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheSixDefaultRulesAreSeededExactlyOnceAcrossRestarts()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var client = await _app.ClientAsAsync(Roles.Admin))
        {
            var body = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/rules", ct));
            var names = body.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("rule_name").GetString()).ToList();
            Assert.Equal(8, names.Count);
            Assert.Contains("Critical Price Changes", names);
            Assert.Contains("Inventory Reduction", names);
            Assert.Contains("Minor Updates", names);
            Assert.Contains("New Products", names);
            Assert.Contains("Variant and Option Removals", names);
            Assert.Contains("Cost changes need approval", names);
            Assert.Contains("Metafield changes need approval", names);
            Assert.Contains("Media changes need approval", names);
        }

        // Two more starts on the same data folder (the factory's own host included) must not seed again.
        for (var restart = 0; restart < 2; restart++)
        {
            await using var again = new SyncStudioApp(_app.DataFolder);
            using var client = await again.ClientAsAsync(Roles.Admin);
            var body = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/rules", ct));
            Assert.Equal(8, body.GetProperty("total").GetInt32());
        }
    }

    /// <summary>A database seeded before the removals rule existed (the first generation only) gets it on its next start, once.</summary>
    [Fact]
    public async Task ADatabaseSeededBeforeTheRemovalsRuleGetsItOnItsNextStartOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(ct))
        {
            // As such a database holds it: the first generation's rules and marker, nothing of the second.
            foreach (var later in new[] { "defaults-v2", "defaults-v3", "defaults-v4", "defaults-v5" })
            {
                await db.SyncApprovalRules.Where(r => r.SeedKey != null && r.SeedKey.StartsWith(later)).ExecuteDeleteAsync(ct);
                await db.AuditEvents.Where(a => a.EntityType == "approval_rule" && a.EntityId == later).ExecuteDeleteAsync(ct);
            }

            Assert.Equal(4, await db.SyncApprovalRules.CountAsync(ct));
        }

        for (var restart = 0; restart < 2; restart++)
        {
            await using var again = new SyncStudioApp(_app.DataFolder);
            using var client = await again.ClientAsAsync(Roles.Admin);
            var body = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/rules", ct));
            var names = body.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("rule_name").GetString()).ToList();
            Assert.Equal(8, names.Count);
            Assert.Single(names, n => n == "Variant and Option Removals");
            Assert.Single(names, n => n == "Cost changes need approval");
            Assert.Single(names, n => n == "Metafield changes need approval");
            Assert.Single(names, n => n == "Media changes need approval");
        }
    }

    /// <summary>A database seeded before the cost rule existed (two generations) gets it on its next start, once.</summary>
    [Fact]
    public async Task ADatabaseSeededBeforeTheCostRuleGetsItOnItsNextStartOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(ct))
        {
            foreach (var later in new[] { "defaults-v3", "defaults-v4", "defaults-v5" })
            {
                await db.SyncApprovalRules.Where(r => r.SeedKey != null && r.SeedKey.StartsWith(later)).ExecuteDeleteAsync(ct);
                await db.AuditEvents.Where(a => a.EntityType == "approval_rule" && a.EntityId == later).ExecuteDeleteAsync(ct);
            }

            Assert.Equal(5, await db.SyncApprovalRules.CountAsync(ct));
        }

        for (var restart = 0; restart < 2; restart++)
        {
            await using var again = new SyncStudioApp(_app.DataFolder);
            using var client = await again.ClientAsAsync(Roles.Admin);
            var rules = (await ApiAssert.OkAsync(await client.GetAsync("/api/sync/rules", ct))).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(8, rules.Count);
            var cost = Assert.Single(rules, r => r.GetProperty("rule_name").GetString() == "Cost changes need approval");
            Assert.True(cost.GetProperty("requires_approval").GetBoolean());
        }
    }

    [Fact]
    public async Task ADeletedDefaultRuleIsNotSeededAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var first = (await ApiAssert.OkAsync(await client.GetAsync("/api/sync/rules", ct))).GetProperty("items")[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sync/rules/{first}", ct)).StatusCode);
        await using var again = new SyncStudioApp(_app.DataFolder);
        using var other = await again.ClientAsAsync(Roles.Admin);
        Assert.Equal(7, (await ApiAssert.OkAsync(await other.GetAsync("/api/sync/rules", ct))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheSpecsCustomRuleIsCreatedAndReadBack()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/rules", new
        {
            rule_name = "High Value Product Changes",
            rule_description = "Require approval for changes to products over $100",
            entity_type = "product",
            change_type = "update",
            field_patterns = new[] { "price" },
            value_thresholds = new { min_price = 100 },
            requires_approval = true,
            auto_approve_conditions = new { max_price_change = 5 },
            priority = 1,
        }, ct), HttpStatusCode.Created);
        var read = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/rules/{created.GetProperty("id").GetInt32()}", ct));
        Assert.Equal(100m, read.GetProperty("value_thresholds").GetProperty("min_price").GetDecimal());
        Assert.Equal(5m, read.GetProperty("auto_approve_conditions").GetProperty("max_price_change").GetDecimal());
    }

    [Fact]
    public async Task UnknownKeysBadGlobsAndNegativeThresholdsAreRejectedAndNothingIsSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var response = await client.PostAsJsonAsync("/api/sync/rules", new
        {
            rule_name = "Broken",
            field_patterns = new[] { "variants[*.price" },
            value_thresholds = new { min_price = -1, max_weirdness = 3 },
            auto_approve_conditions = new { sometimes = true },
        }, ct);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("field_patterns[0]", out _));
        Assert.True(details.TryGetProperty("value_thresholds.max_weirdness", out _));
        Assert.True(details.TryGetProperty("value_thresholds.min_price", out _));
        Assert.True(details.TryGetProperty("auto_approve_conditions.sometimes", out _));

        var factory = _app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        Assert.Equal(8, await db.SyncApprovalRules.CountAsync(ct));
    }

    [Fact]
    public async Task OnlyAdminsManageRules()
    {
        using var client = await _app.ClientAsAsync(Roles.Approver);
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/sync/rules", TestContext.Current.CancellationToken), HttpStatusCode.Forbidden);
    }
}
