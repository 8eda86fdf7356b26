using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Scheduling;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class ScheduleApiTests : IAsyncLifetime
{
    // Crons that cannot come due while a test runs, so only the API's own effects are seen.
    private const string NewYear = "0 0 2 1 1 ?";
    private const string MidYear = "0 30 4 1 7 ?";

    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<DateTimeOffset?> TriggerNextFireAsync(int id) =>
        _app.Services.GetRequiredService<ScheduleTriggers>().NextFireTimeAsync(id, Ct);

    private static DateTime[] Times(JsonElement schedule) =>
        schedule.GetProperty("next_fire_times").EnumerateArray().Select(t => t.GetDateTime().ToUniversalTime()).ToArray();

    [Fact]
    public async Task AScheduleIsCreatedReadUpdatedAndDeleted()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var adminId = await _app.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);

        using var response = await client.PostAsJsonAsync("/api/sync/schedules", new
        {
            name = "Nightly catalogue",
            cron_expression = NewYear,
            time_zone = "Europe/Paris",
            sync_type = "full",
            filters = new { collection_id = "gid://shopify/Collection/841564295" },
        }, Ct);
        var created = await ApiAssert.OkAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/sync/schedules/{id}", response.Headers.Location?.ToString());
        Assert.Equal("Nightly catalogue", created.GetProperty("name").GetString());
        Assert.Equal(NewYear, created.GetProperty("cron_expression").GetString());
        Assert.Equal("Europe/Paris", created.GetProperty("time_zone").GetString());
        Assert.Equal("full", created.GetProperty("sync_type").GetString());
        Assert.Equal("841564295", created.GetProperty("filters").GetProperty("collection_id").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(adminId, created.GetProperty("created_by").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("last_fired_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("last_batch_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("last_outcome").ValueKind);
        Assert.True(created.TryGetProperty("created_at", out _));
        Assert.True(created.TryGetProperty("updated_at", out _));
        var times = Times(created);
        Assert.Equal(5, times.Length);
        // 02:00 on 1 January in Paris is 01:00 UTC.
        Assert.All(times, t => Assert.Equal((1, 1, 1), (t.Month, t.Day, t.Hour)));

        var list = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/schedules", Ct));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);

        var read = await ApiAssert.OkAsync(await client.GetAsync($"/api/sync/schedules/{id}", Ct));
        Assert.Equal(times, Times(read));

        var updated = await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/api/sync/schedules/{id}", new
        {
            name = "Summer pull",
            cron_expression = MidYear,
            time_zone = "UTC",
            enabled = false,
        }, Ct));
        Assert.Equal("Summer pull", updated.GetProperty("name").GetString());
        Assert.Equal("incremental", updated.GetProperty("sync_type").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("filters").ValueKind);
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Empty(Times(updated));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sync/schedules/{id}", Ct)).StatusCode);
        await ApiAssert.ErrorAsync(await client.GetAsync($"/api/sync/schedules/{id}", Ct), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await client.DeleteAsync($"/api/sync/schedules/{id}", Ct), HttpStatusCode.NotFound);

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        var actions = await db.AuditEvents.Where(a => a.EntityType == "sync_schedule" && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["schedule_created", "schedule_updated", "schedule_deleted"], actions);
    }

    [Fact]
    public async Task ABadCronIsRefusedNamingCronExpressionAndNothingIsSaved()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);

        var details = await ApiAssert.ErrorAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "Broken", cron_expression = "every morning", time_zone = "Mars/Base" }, Ct), HttpStatusCode.BadRequest);

        Assert.Contains("not a valid cron expression", details.GetProperty("cron_expression").GetString(), StringComparison.Ordinal);
        Assert.True(details.TryGetProperty("time_zone", out _));
        var list = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/schedules", Ct));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task UnknownFieldsAndFiltersAreRefused()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);

        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "n", cron_expression = NewYear, every = "day" }, Ct), HttpStatusCode.BadRequest);
        var details = await ApiAssert.ErrorAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "n", cron_expression = NewYear, filters = new { vendor = "Acme" } }, Ct), HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("filters.vendor", out _));
    }

    [Fact]
    public async Task AnUnknownScheduleIsNotFound()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);

        await ApiAssert.ErrorAsync(await client.GetAsync("/api/sync/schedules/4242", Ct), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await client.PutAsJsonAsync("/api/sync/schedules/4242", new { name = "n", cron_expression = NewYear }, Ct),
            HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(await client.DeleteAsync("/api/sync/schedules/4242", Ct), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Approver)]
    public async Task OnlyAnAdminMayReadOrChangeSchedules(string role)
    {
        using var client = await _app.ClientAsAsync(role);

        await ApiAssert.ErrorAsync(await client.GetAsync("/api/sync/schedules", Ct), HttpStatusCode.Forbidden);
        await ApiAssert.ErrorAsync(await client.PostAsJsonAsync("/api/sync/schedules", new { name = "n", cron_expression = NewYear }, Ct),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnEditReschedulesTheTriggerAtOnceAndDisablingOrDeletingRemovesIt()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/sync/schedules",
            new { name = "Yearly", cron_expression = NewYear }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(Times(created)[0], (await TriggerNextFireAsync(id))?.UtcDateTime);

        var edited = await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/api/sync/schedules/{id}",
            new { name = "Yearly", cron_expression = MidYear }, Ct));
        var next = (await TriggerNextFireAsync(id))?.UtcDateTime;
        Assert.Equal(Times(edited)[0], next);
        Assert.Equal((7, 1, 4, 30), (next!.Value.Month, next.Value.Day, next.Value.Hour, next.Value.Minute));

        await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/api/sync/schedules/{id}",
            new { name = "Yearly", cron_expression = MidYear, enabled = false }, Ct));
        Assert.Null(await TriggerNextFireAsync(id));

        await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/api/sync/schedules/{id}",
            new { name = "Yearly", cron_expression = MidYear, time_zone = "Asia/Tokyo", enabled = true }, Ct));
        // 04:30 in Tokyo is 19:30 UTC the day before.
        Assert.Equal((6, 30, 19, 30), await TriggerNextFireAsync(id) is { } tokyo ? (tokyo.Month, tokyo.Day, tokyo.Hour, tokyo.Minute) : default);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sync/schedules/{id}", Ct)).StatusCode);
        Assert.Null(await TriggerNextFireAsync(id));
    }
}
