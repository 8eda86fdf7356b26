using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>
/// The circuit breaker in a browser (docs/decisions/0025): a pull past a limit is held, Overview shows it with what
/// tripped, and an Admin releases it there; its changes then go on through the rules as usual.
/// </summary>
public sealed class HeldBatchTests : IAsyncLifetime
{
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Simulator__Plan"] = "Plus" }, Ct);
        (_playwright, _browser) = await Browser.LaunchAsync();
        _api = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        using var token = await _api.PostAsJsonAsync("/api/auth/token", new { email = _app.AdminEmail, password = _app.AdminPassword }, Ct);
        token.EnsureSuccessStatusCode();
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(Ct);
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAdminReleasesAHeldBatchFromTheDashboard()
    {
        // Both sides agree on the sample catalog; then any change to a synced product trips the breaker.
        var first = await RunAsync("/api/sync/shopify/pull", new { sync_type = "full" });
        await SendAsync(HttpMethod.Post, "/api/sync/staged/bulk-approve", new { batch_id = first, notes = "first sync" });
        await RunAsync("/api/sync/shopify/push", new { batch_id = first, confirm = true });
        await SendAsync(HttpMethod.Put, "/api/settings/safety", new { circuit_breaker = new { max_catalog_changed_percent = 0 } });
        var products = await SendAsync(HttpMethod.Get, "/api/products?per_page=1", null);
        var product = products.GetProperty("items")[0];
        await SendAsync(HttpMethod.Patch, $"/api/products/{product.GetProperty("id").GetInt32()}", new { title = product.GetProperty("title").GetString() + " (renamed)" });
        var held = await RunAsync("/api/sync/shopify/pull", new { sync_type = "full" }, "held");

        var admin = await Dashboard.SignInAsync(_browser, _app.BaseUrl, _app.AdminEmail, _app.AdminPassword);
        await admin.OpenAsync("/");
        await Assertions.Expect(admin.Overview.HeldBatch(held)).ToBeVisibleAsync();
        await Assertions.Expect(admin.Overview.HeldBatch(held).Locator("[data-testid=held-trip][data-limit=catalog_changed_percent]")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("held-batch");

        await admin.Overview.ReleaseHeldBatchAsync(held);

        await Assertions.Expect(admin.Overview.HeldBatch(held)).ToHaveCountAsync(0);
        await admin.OpenAsync($"/batches/{Uri.EscapeDataString(held)}");
        await admin.Batches.WaitForStatusAsync(held, "completed");
        // Released, the rename went on as any batch's would: the Minor Updates rule approved it.
        var staged = await SendAsync(HttpMethod.Get, $"/api/sync/staged?batch_id={Uri.EscapeDataString(held)}", null);
        var change = Assert.Single(staged.GetProperty("items").EnumerateArray());
        Assert.Equal("approved", change.GetProperty("status").GetString());
        Assert.True(change.GetProperty("auto_approved").GetBoolean());
    }

    /// <summary>Starts a batch through the API and polls it to its end; returns its id after checking its status.</summary>
    private async Task<string> RunAsync(string route, object body, string expected = "completed")
    {
        var started = await SendAsync(HttpMethod.Post, route, body);
        var id = started.GetProperty("batch_id").GetString()!;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var status = (await SendAsync(HttpMethod.Get, $"/api/sync/batches/{id}", null)).GetProperty("item").GetProperty("status").GetString();
            if (status is not ("running" or "pending"))
            {
                Assert.Equal(expected, status);
                return id;
            }
            Assert.True(DateTime.UtcNow < deadline, $"batch {id} still {status}");
            await Task.Delay(200, Ct);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _api.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
