using Microsoft.Playwright;

namespace SyncStudio.E2E.Pages;

public sealed class LoginPage(IPage page, string baseUrl)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}

public sealed class ChangePasswordPage(IPage page)
{
    public async Task ChangeAsync(string current, string chosen)
    {
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel("New password (at least 10 characters)").FillAsync(chosen);
        await page.GetByLabel("New password again").FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
    }
}

public sealed class Shell(IPage page)
{
    /// <summary>Waits until the circuit is up: clicks on the prerendered page would be lost.</summary>
    public Task WaitInteractiveAsync() =>
        page.Locator("[data-testid=render-mode][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

    public ILocator PageTitle => page.GetByTestId("page-title");

    public ILocator SignedInUser => page.GetByTestId("signed-in-user");
}
