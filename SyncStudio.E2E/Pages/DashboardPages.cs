using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SyncStudio.E2E.Pages;

/// <summary>A signed-in person's browser: goes to a page and waits until it is interactive.</summary>
public sealed class Dashboard(IPage page, string baseUrl)
{
    public IPage Page => page;

    public Shell Shell { get; } = new(page);

    public static async Task<Dashboard> SignInAsync(IBrowser browser, string baseUrl, string email, string password)
    {
        var context = await Browser.NewContextAsync(browser, new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await new LoginPage(page, baseUrl).SignInAsync(email, password);
        var dashboard = new Dashboard(page, baseUrl);
        await dashboard.Shell.WaitInteractiveAsync();
        return dashboard;
    }

    public async Task OpenAsync(string path)
    {
        await page.GotoAsync(baseUrl + path);
        await Shell.WaitInteractiveAsync();
    }

    public Task ScreenshotAsync(string name) => page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath(name), FullPage = true });

    public BatchesPage Batches => new(page);

    public ReviewPage Review => new(page);

    public ProductsPage Products => new(page);

    public SettingsPage Settings => new(page);

    public OverviewPage Overview => new(page);

    /// <summary>A MudBlazor input by the test id its component was given (the id lands on the input or its wrapper).</summary>
    public static ILocator Input(ILocator scope, string testId) => scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}

public sealed class OverviewPage(IPage page)
{
    /// <summary>A pull the circuit breaker holds, as Overview lists it.</summary>
    public ILocator HeldBatch(string batchId) => page.Locator($"[data-testid=held-batch][data-batch-id='{batchId}']");

    /// <summary>Releases a held batch from Overview, confirming the dialog.</summary>
    public async Task ReleaseHeldBatchAsync(string batchId)
    {
        await HeldBatch(batchId).GetByTestId("held-release").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
    }
}

public sealed class BatchesPage(IPage page)
{
    public ILocator StartPullButton => page.GetByTestId("start-pull");

    public ILocator Row(string batchId) => page.Locator($"[data-testid=batch-row][data-batch-id='{batchId}']");

    /// <summary>Starts a pull from the toolbar's dialog and returns the batch id the page then opens.</summary>
    public async Task<string> StartFullPullAsync(string name)
    {
        await StartPullButton.ClickAsync();
        var dialog = page.GetByTestId("pull-dialog");
        await dialog.GetByLabel("Batch name").FillAsync(name);
        await dialog.GetByText("Full", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("pull-start").ClickAsync();
        await page.WaitForURLAsync("**/batches/pull_*");
        return Uri.UnescapeDataString(new Uri(page.Url).Segments[^1]);
    }

    /// <summary>Pushes the approved changes of a batch, after reading the dry run's count; returns that count and the push batch id.</summary>
    public async Task<(int Count, string PushBatchId)> PushApprovedAsync()
    {
        await page.GetByTestId("push-approved").ClickAsync();
        var preview = page.GetByTestId("push-preview");
        await preview.WaitForAsync();
        var count = int.Parse(await preview.GetAttributeAsync("data-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByTestId("push-confirm").ClickAsync();
        await page.WaitForURLAsync("**/batches/push_*");
        return (count, Uri.UnescapeDataString(new Uri(page.Url).Segments[^1]));
    }

    /// <summary>
    /// Waits, on the batch's own page (not the list it came from, which shows other batches' statuses), until its
    /// status (updated live) reaches <paramref name="status"/>.
    /// </summary>
    public async Task WaitForStatusAsync(string batchId, string status)
    {
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync(batchId);
        await page.Locator($"[data-testid=status][data-status={status}]").First.WaitForAsync();
    }

    public ILocator Counter(string name) => page.GetByTestId($"counter-{name}");
}

public sealed class ReviewPage(IPage page)
{
    public ILocator Total => page.GetByTestId("review-total");

    public ILocator ApproveButtons => page.Locator("[data-testid=bulk-approve-matching], [data-testid=approve-change], [data-testid=bulk-approve-selected]");

    public ILocator PendingRows => page.Locator("[data-testid=change-row][data-status=pending]");

    /// <summary>Approves every pending change the filters match, through the bulk bar and its notes prompt.</summary>
    public async Task ApproveAllMatchingAsync(string notes)
    {
        await page.GetByTestId("bulk-approve-matching").ClickAsync();
        var prompt = page.GetByTestId("prompt-dialog");
        await prompt.Locator("textarea").FillAsync(notes);
        await page.GetByTestId("prompt-confirm").ClickAsync();
        await Assertions.Expect(PendingRows).ToHaveCountAsync(0);
    }
}

public sealed class ProductsPage(IPage page)
{
    public ILocator Rows => page.GetByTestId("product-row");

    public ILocator HistoryDialog => page.GetByTestId("history-dialog");

    /// <summary>Renames the first product of the list through its edit dialog; returns the new title.</summary>
    public async Task<string> RenameFirstProductAsync(string suffix)
    {
        await page.GetByTestId("product-open").First.ClickAsync();
        var dialog = page.GetByTestId("product-dialog");
        var title = Dashboard.Input(dialog, "product-title");
        var renamed = await title.InputValueAsync() + suffix;
        await title.FillAsync(renamed);
        await page.GetByTestId("product-save").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        return renamed;
    }

    /// <summary>Opens the first product's history; it compares the newest version with what comes after it.</summary>
    public async Task OpenFirstHistoryAsync()
    {
        await page.GetByTestId("product-history").First.ClickAsync();
        await HistoryDialog.GetByTestId("version-table").WaitForAsync();
    }

    public ILocator DiffRow(string path) => HistoryDialog.Locator($"[data-testid=diff-row][data-path='{path}']");

    public Task CloseHistoryAsync() => page.GetByTestId("history-close").ClickAsync();

    /// <summary>Imports a CSV file through the dialog's file picker and waits for its report.</summary>
    public async Task<ILocator> ImportAsync(string csvPath)
    {
        await page.GetByTestId("product-import").ClickAsync();
        var dialog = page.GetByTestId("import-dialog");
        // The file input's change handler is attached after the dialog's first render (Blazor's InputFile initialises
        // in script), so on a loaded machine a file set in that first instant is not seen, as a person's pick would not
        // be: the file is picked again until the dialog shows it is reading, has read or refused it.
        var taken = dialog.Locator("[data-testid=import-progress], [data-testid=import-report], [data-testid=import-failed]").First;
        for (var attempt = 1; ; attempt++)
        {
            await dialog.Locator("input[type=file]").SetInputFilesAsync(csvPath);
            try
            {
                await taken.WaitForAsync(new() { Timeout = 15_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }
        var report = dialog.GetByTestId("import-report");
        await report.WaitForAsync();
        return report;
    }

    public Task CloseImportAsync() => page.GetByTestId("import-close").ClickAsync();

    /// <summary>Follows the Export CSV link as a person does; returns the downloaded file's name and text.</summary>
    public async Task<(string Name, string Text)> ExportAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("product-export").ClickAsync());
        if (await download.FailureAsync() is { } failure)
            throw new InvalidOperationException($"The export download failed: {failure}");
        return (download.SuggestedFilename, await File.ReadAllTextAsync(await download.PathAsync()));
    }
}

public sealed class SettingsPage(IPage page)
{
    /// <summary>A local stock location's row in the mapping, by its key.</summary>
    public ILocator StockLocation(string key) => page.Locator($"[data-testid=location-row][data-key='{key}']");

    /// <summary>What the Shopify location named <paramref name="name"/> is synced as: a local key or "not synced".</summary>
    public ILocator SyncedAs(string name) =>
        page.GetByTestId("shopify-location-row").Filter(new() { HasText = name }).GetByTestId("shopify-location-key");

    /// <summary>
    /// Adds a local stock location mapped to the Shopify location named <paramref name="shopifyLocation"/>, and saves the
    /// list. Each step waits for the server to have taken the previous one (the circuit answers late on a loaded
    /// machine): the typed key shows on the row, the choice shows in Shopify's table, and the saved row shows its key
    /// as text; refused input fails here with the form's own errors.
    /// </summary>
    public async Task AddStockLocationAsync(string key, string name, string shopifyLocation)
    {
        var rows = page.GetByTestId("location-row");
        var before = await rows.CountAsync();
        await page.GetByTestId("location-add").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        var row = rows.Nth(before);
        await Dashboard.Input(row, "location-key").FillAsync(key);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-key", key);
        await Dashboard.Input(row, "location-name").FillAsync(name);
        await row.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = shopifyLocation }).ClickAsync();
        // Shopify's table follows the rows as they stand, before any save.
        await Assertions.Expect(SyncedAs(shopifyLocation)).ToHaveTextAsync(key);
        await page.GetByTestId("locations-save").ClickAsync();
        var saved = StockLocation(key).Locator("code");
        var errors = page.GetByTestId("locations-errors");
        await saved.Or(errors).First.WaitForAsync();
        if (await errors.IsVisibleAsync())
            throw new InvalidOperationException($"The stock locations were refused: {await errors.InnerTextAsync()}");
        await Assertions.Expect(saved).ToHaveTextAsync(key);
    }

    public ILocator ShopName => page.GetByTestId("connection-shop-name");

    /// <summary>
    /// Fills the store connection form and tests it, without saving; <paramref name="baseAddress"/> is the development
    /// endpoint the shop is reached at (the field shows only where <c>Shopify:AllowBaseAddressOverride</c> is set).
    /// </summary>
    public async Task TestConnectionAsync(string shopDomain, string accessToken, string? baseAddress = null)
    {
        var form = page.GetByTestId("connection-form");
        await Dashboard.Input(form, "connection-domain").FillAsync(shopDomain);
        await Dashboard.Input(form, "connection-token").FillAsync(accessToken);
        if (baseAddress is not null)
            await Dashboard.Input(form, "connection-base-address").FillAsync(baseAddress);
        await page.GetByTestId("connection-test").ClickAsync();
        await page.Locator("[data-testid=connection-test-ok], [data-testid=connection-test-failed]").WaitForAsync();
    }

    /// <summary>What the page says the app syncs with now ("Now syncing with: shop (saved here, mode, API, status)").</summary>
    public ILocator CurrentStore => page.GetByTestId("connection-current");

    /// <summary>The warning a saved connection that cannot sync shows, with its status in <c>data-status</c>.</summary>
    public ILocator ConnectionProblem => page.GetByTestId("connection-status");

    public ILocator InstallButton => page.GetByTestId("connection-install");

    /// <summary>
    /// Saves an authorization-code connection (an app installed through Shopify's OAuth) to a Shopify-compatible
    /// endpoint, as an Admin fills the form: mode first (it decides which fields show), then shop, app credentials and
    /// the development base address. Waits until the "Install on Shopify" button the saved connection offers shows.
    /// </summary>
    public async Task SaveAuthorizationCodeConnectionAsync(string shopDomain, string clientId, string clientSecret, string baseAddress)
    {
        var form = page.GetByTestId("connection-form");
        await form.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Install on Shopify" }).ClickAsync();
        await Dashboard.Input(form, "connection-client-id").WaitForAsync();
        await Dashboard.Input(form, "connection-domain").FillAsync(shopDomain);
        await Dashboard.Input(form, "connection-client-id").FillAsync(clientId);
        await Dashboard.Input(form, "connection-client-secret").FillAsync(clientSecret);
        await Dashboard.Input(form, "connection-base-address").FillAsync(baseAddress);
        await page.GetByTestId("connection-save").ClickAsync();
        await InstallButton.WaitForAsync();
    }
}

/// <summary>The REST API as the bootstrap admin uses it to set people up.</summary>
public static class AdminApi
{
    public static async Task CreateUserAsync(string baseUrl, string adminEmail, string adminPassword, string email, string password, string role)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var tokenResponse = await http.PostAsJsonAsync("/api/auth/token", new { email = adminEmail, password = adminPassword });
        tokenResponse.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
        using var created = await http.PostAsJsonAsync("/api/users", new { email, password, roles = new[] { role } });
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating {email} failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    }
}
