using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>An Admin manages scheduled pulls in the browser: the form refuses a bad cron, the list shows the next runs.</summary>
public sealed class ScheduleTests : IAsyncLifetime
{
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await AppProcess.StartAsync(ct: TestContext.Current.CancellationToken);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAdminCreatesPausesAndDeletesAScheduleAndTheFormRefusesABadCron()
    {
        var admin = await Dashboard.SignInAsync(_browser, _app.BaseUrl, _app.AdminEmail, _app.AdminPassword);
        await admin.OpenAsync("/schedules");
        var page = admin.Page;
        await Assertions.Expect(page.GetByTestId("schedule-table-empty")).ToBeVisibleAsync();

        await page.GetByTestId("schedule-new").ClickAsync();
        var dialog = page.GetByTestId("schedule-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Nightly pull");
        await dialog.GetByLabel("Cron expression").FillAsync("every night");
        await page.GetByTestId("schedule-save").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=schedule-error][data-field=cron_expression]")).ToBeVisibleAsync();

        await dialog.GetByLabel("Cron expression").FillAsync("0 0 2 * * ?");
        await dialog.GetByLabel("Time zone").FillAsync("Europe/Paris");
        await Assertions.Expect(page.GetByTestId("schedule-preview-time")).ToHaveCountAsync(5);
        await page.GetByTestId("schedule-save").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        var row = page.GetByTestId("schedule-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Nightly pull");
        await Assertions.Expect(page.GetByTestId("schedule-next")).ToHaveCountAsync(5);
        await Assertions.Expect(page.GetByTestId("schedule-next").First).ToContainTextAsync("02:00 Europe/Paris");
        await admin.ScreenshotAsync("schedules");

        await page.GetByTestId("schedule-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("schedule-next")).ToHaveCountAsync(0);

        await page.GetByTestId("schedule-delete").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("schedule-table-empty")).ToBeVisibleAsync();
    }
}
