using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

public sealed class ShellTests : IAsyncLifetime
{
    private AppProcess _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        // The one-time password is kept: the first sign-in below must go through changing it.
        _app = await AppProcess.StartAsync(null, null, TestContext.Current.CancellationToken, changeOneTimePassword: false);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheBootstrapAdminChangesTheOneTimePasswordAtFirstSignInAndSeesTheDashboardShell()
    {
        await using var context = await Browser.NewContextAsync(_browser, new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };

        await new LoginPage(page, _app.BaseUrl).SignInAsync(_app.AdminEmail, _app.OneTimePassword!);
        // The URL, polled: the sign-in's redirects may end in a same-document navigation that fires no load event.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password"));
        await Assertions.Expect(page.GetByTestId("password-change-required")).ToBeVisibleAsync();
        await new ChangePasswordPage(page).ChangeAsync(_app.OneTimePassword!, AppProcess.ChosenAdminPassword);
        var shell = new Shell(page);
        await shell.WaitInteractiveAsync();

        await Assertions.Expect(shell.PageTitle).ToHaveTextAsync("Overview");
        await Assertions.Expect(shell.SignedInUser).ToContainTextAsync("admin@localhost (Admin)");
        foreach (var link in new[] { "Overview", "Batches", "Review", "Conflicts", "Applied & rollback", "Products", "Rules", "Settings" })
            await Assertions.Expect(shell.Navigation.GetByRole(AriaRole.Link, new() { Name = link })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("shell-overview"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AWrongPasswordStaysOnTheSignInPageWithAMessage()
    {
        await using var context = await Browser.NewContextAsync(_browser);
        var page = await context.NewPageAsync();
        await new LoginPage(page, _app.BaseUrl).SignInAsync(_app.AdminEmail, "definitely-wrong");
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("wrong");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }
}
