using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SyncStudio.E2E.Pages;

namespace SyncStudio.E2E;

/// <summary>One app with a first full pull staged, shared by the review desk's browser tests.</summary>
public sealed class ReviewDeskApp : IAsyncLifetime
{
    public AppProcess App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string PullId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        App = await AppProcess.StartAsync(new Dictionary<string, string> { ["Simulator__Plan"] = "Plus" }, TestContext.Current.CancellationToken);
        (Playwright, Browser) = await E2E.Browser.LaunchAsync();
        var admin = await Dashboard.SignInAsync(Browser, App.BaseUrl, App.AdminEmail, App.AdminPassword);
        await admin.OpenAsync("/batches");
        PullId = await admin.Batches.StartFullPullAsync("First full pull");
        await admin.Batches.WaitForStatusAsync(PullId, "completed");
        await admin.Page.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The review desk as a catalog manager uses it: keyboard alone, on a phone, and checked by axe-core.</summary>
public sealed class ReviewDeskTests(ReviewDeskApp fixture) : IClassFixture<ReviewDeskApp>
{
    private static readonly Dictionary<string, string> LoadsRows = new()
    {
        ["/"] = "recent-batch-row",
        ["/review"] = "change-row",
        ["/batches"] = "batch-row",
    };

    private static readonly string[] Pages = ["/", "/review", "/batches", "/conflicts", "/applied", "/products", "/rules", "/schedules", "/settings"];

    private async Task<Dashboard> SignInAsync(int width = 1440, int height = 900, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await E2E.Browser.NewContextAsync(fixture.Browser, new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = scheme,
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
        var page = await context.NewPageAsync();
        await new LoginPage(page, fixture.App.BaseUrl).SignInAsync(fixture.App.AdminEmail, fixture.App.AdminPassword);
        var dashboard = new Dashboard(page, fixture.App.BaseUrl);
        await dashboard.Shell.WaitInteractiveAsync();
        return dashboard;
    }

    private static Task<string?> FocusedTestIdAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? null");

    [Fact]
    public async Task TheReviewFlowCanBeDoneWithTheKeyboardAlone()
    {
        var desk = await SignInAsync();
        var page = desk.Page;
        // Review opens on the pending queue, with that filter shown as a chip.
        await desk.OpenAsync("/review");
        await Assertions.Expect(desk.Review.PendingRows.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=filter-chip][data-filter=status]")).ToContainTextAsync("pending");
        // Rows name products, never a Shopify id.
        await Assertions.Expect(page.GetByTestId("change-product").First).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));

        await page.Keyboard.PressAsync("j");
        var first = page.Locator("[data-testid=change-row][data-cursor=true]");
        await Assertions.Expect(first).ToHaveCountAsync(1);
        var firstId = await first.GetAttributeAsync("data-change-id");
        await page.Keyboard.PressAsync("Enter");
        var detail = page.GetByTestId("change-detail");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-change-id", firstId!);
        // Opening a change moves focus into it.
        Assert.Equal("change-detail-title", await FocusedTestIdAsync(page));
        await desk.ScreenshotAsync("review-keyboard-detail");

        // a approves (the notes prompt is answered with the keyboard too), then the next pending change opens.
        await page.Keyboard.PressAsync("a");
        var prompt = page.GetByTestId("prompt-dialog");
        await Assertions.Expect(prompt).ToBeVisibleAsync();
        await page.Keyboard.TypeAsync("Looks right");
        for (var i = 0; i < 6 && await FocusedTestIdAsync(page) != "prompt-confirm"; i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.Equal("prompt-confirm", await FocusedTestIdAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(prompt).ToHaveCountAsync(0);
        await Assertions.Expect(detail).Not.ToHaveAttributeAsync("data-change-id", firstId!);
        await Assertions.Expect(page.Locator($"[data-testid=change-row][data-change-id='{firstId}']")).ToHaveCountAsync(0);

        // Esc closes the change and gives focus back to the list.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(detail).ToHaveCountAsync(0);
        Assert.Equal("open-change", await FocusedTestIdAsync(page));
    }

    [Fact]
    public async Task TheReviewFlowWorksOnAPhoneWithNothingScrollingSideways()
    {
        var desk = await SignInAsync(390, 844);
        var page = desk.Page;
        await desk.OpenAsync("/review");
        await Assertions.Expect(desk.Review.PendingRows.First).ToBeVisibleAsync();
        // The filters wait behind the Filter button; the first screen shows changes.
        await Assertions.Expect(page.GetByTestId("filter-status")).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filter-toggle")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the Review list scrolls sideways");
        await desk.ScreenshotAsync("phone-review");

        await page.GetByTestId("open-change").First.ClickAsync();
        var detail = page.GetByTestId("change-detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        // The change fills the screen and its decisions stay in reach.
        await Assertions.Expect(page.GetByTestId("approve-change")).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the change scrolls sideways");
        await desk.ScreenshotAsync("phone-review-detail");
        var id = await detail.GetAttributeAsync("data-change-id");
        await page.GetByTestId("approve-change").ClickAsync();
        await page.GetByTestId("prompt-confirm").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=change-row][data-change-id='{id}']")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task EveryPageHasNoSeriousOrCriticalAccessibilityViolation(ColorScheme scheme)
    {
        var desk = await SignInAsync(scheme: scheme);
        var found = new List<string>();
        foreach (var path in Pages.Append($"/batches/{Uri.EscapeDataString(fixture.PullId)}"))
        {
            await desk.OpenAsync(path);
            await Assertions.Expect(desk.Shell.PageTitle).ToBeVisibleAsync();
            // Scan the page as it settles: the theme the system asks for applied, and the rows that load after it.
            var theme = scheme == ColorScheme.Dark ? "dark" : "light";
            await desk.Page.Locator($"[data-testid=render-mode][data-theme={theme}]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            if (LoadsRows.TryGetValue(path, out var rows))
                await Assertions.Expect(desk.Page.GetByTestId(rows).First).ToBeVisibleAsync();
            var name = (path == "/" ? "overview" : path.Trim('/').Split('/')[0] + (path.Count(c => c == '/') > 1 ? "-detail" : ""))
                + (scheme == ColorScheme.Dark ? "-dark" : "");
            await desk.ScreenshotAsync("desk-" + name);
            var results = await desk.Page.RunAxe();
            found.AddRange(results.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) on {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
