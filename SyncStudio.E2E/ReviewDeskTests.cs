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

    private async Task<Dashboard> SignInAsync(int width = 1440, int height = 900, ColorScheme scheme = ColorScheme.Light, string? timeZone = null)
    {
        var context = await E2E.Browser.NewContextAsync(fixture.Browser, new()
        {
            TimezoneId = timeZone,
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
        // Focus moves once the list has rendered without the change: wait for it rather than read it at once.
        await Assertions.Expect(page.Locator(":focus")).ToHaveAttributeAsync("data-testid", "open-change");
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

    [Fact]
    public async Task ProductSearchFiltersTheReviewListAsYouTypeWithoutReloadingThePage()
    {
        var desk = await SignInAsync();
        var page = desk.Page;
        await desk.OpenAsync("/review?status=any");
        await Assertions.Expect(page.GetByTestId("change-row").First).ToBeVisibleAsync();
        var title = (await page.GetByTestId("change-product").Nth(2).TextContentAsync())!.Trim();
        // A marker on the document: a reload or a navigation away would lose it.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var search = Dashboard.Input(page.Locator("body"), "review-search");
        await search.PressSequentiallyAsync(title, new() { Delay = 40 });

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q="));
        var products = page.GetByTestId("change-product");
        await Assertions.Expect(products.Filter(new() { HasNotText = title })).ToHaveCountAsync(0);
        await Assertions.Expect(products.First).ToContainTextAsync(title);
        // What was typed stays in the field, and the page is the same document.
        await Assertions.Expect(search).ToHaveValueAsync(title);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the search reloaded the page");
        var chip = page.Locator("[data-testid=filter-chip][data-filter=q]");
        await Assertions.Expect(chip).ToContainTextAsync(title);
        await desk.ScreenshotAsync("desk-review-search");

        // Removing its chip clears the search.
        await chip.Locator(".mud-chip-close-button").ClickAsync();
        await Assertions.Expect(search).ToHaveValueAsync("");
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q="));
    }

    [Fact]
    public async Task RulesReadAsSentencesAndTheEditorOpensInADrawerWithAFieldPicker()
    {
        var desk = await SignInAsync(1280, 800);
        var page = desk.Page;
        await desk.OpenAsync("/rules");
        await Assertions.Expect(page.GetByTestId("rule-sentence").Filter(new() { HasText = "When price changes by more than 20% \u2192 hold for Approver" })).ToHaveCountAsync(1);
        // The Active switch and the row buttons are in view, nothing cut off.
        await Assertions.Expect(page.GetByTestId("rule-toggle").First).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByTestId("rule-delete").First).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the rules page scrolls sideways");

        await page.GetByTestId("rule-new").ClickAsync();
        var editor = page.GetByTestId("rule-editor");
        await Assertions.Expect(editor).ToBeVisibleAsync();
        Assert.Equal(0, await editor.Locator("textarea").CountAsync());
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "Price", Exact = true }).CheckAsync();
        var threshold = Dashboard.Input(editor, "threshold-min_price_change_percent");
        await threshold.FillAsync("30");
        await threshold.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("rule-editor-sentence")).ToContainTextAsync("When price changes by more than 30% \u2192 hold for Approver");
        await desk.ScreenshotAsync("desk-rules-editor");

        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-error")).ToHaveTextAsync("Name is required.");
        await page.GetByTestId("rule-cancel").ClickAsync();
        await Assertions.Expect(editor).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheConflictsPagerStaysOnOneLine()
    {
        var desk = await SignInAsync(1280, 800);
        await desk.OpenAsync("/conflicts");
        var pager = desk.Page.Locator("[data-testid=conflict-table] .mud-table-pagination");
        await Assertions.Expect(pager).ToBeVisibleAsync();
        var box = await pager.BoundingBoxAsync();
        var line = await desk.Page.Locator("[data-testid=conflict-table] .mud-table-pagination-caption, [data-testid=conflict-table] .mud-table-pagination-information").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.NotNull(line);
        // One toolbar line: the pager is no taller than its text's line plus the toolbar's padding.
        Assert.True(box.Height < line.Height + 40, $"the pager wraps: {box.Height}px tall for a {line.Height}px line");
    }

    [Fact]
    public async Task TimesAreShownInTheViewersTimeZone()
    {
        var desk = await SignInAsync(timeZone: "Asia/Tokyo");
        await desk.OpenAsync($"/batches/{Uri.EscapeDataString(fixture.PullId)}");
        await desk.Page.Locator("[data-testid=render-mode][data-time-zone='Asia/Tokyo']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var time = desk.Page.GetByTestId("local-time").First;
        var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);

        // Tokyo keeps UTC+9 all year.
        await Assertions.Expect(time).ToHaveTextAsync(utc.AddHours(9).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ReviewRowsAreInTheServersHtmlSoTheyShowBeforeThePageIsLive()
    {
        var desk = await SignInAsync();
        // The page as the server sends it, with the signed-in cookie, before any script runs.
        var response = await desk.Page.Context.APIRequest.GetAsync($"{fixture.App.BaseUrl}/review");
        Assert.True(response.Ok, $"GET /review answered {response.Status}");
        var html = await response.TextAsync();
        Assert.Contains("data-testid=\"first-page-row\"", html, StringComparison.Ordinal);

        // Once live, the live table has taken their place.
        await desk.OpenAsync("/review");
        await Assertions.Expect(desk.Page.GetByTestId("change-row").First).ToBeVisibleAsync();
        await Assertions.Expect(desk.Page.GetByTestId("first-page-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AppliedHidesTheFirstImportUntilAskedAndEachRowHasALabelledRollBack()
    {
        var desk = await SignInAsync();
        var page = desk.Page;
        // One product of the first pull approved and applied: part of the first import.
        await desk.OpenAsync("/review");
        await page.GetByTestId("open-change").First.ClickAsync();
        var id = await page.GetByTestId("change-detail").GetAttributeAsync("data-change-id");
        await page.GetByTestId("approve-change").ClickAsync();
        await page.GetByTestId("prompt-confirm").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=change-row][data-change-id='{id}']")).ToHaveCountAsync(0);
        await desk.OpenAsync("/batches");
        var (_, pushId) = await desk.Batches.PushApprovedAsync();
        await desk.Batches.WaitForStatusAsync(pushId, "completed");

        await desk.OpenAsync("/applied");
        await Assertions.Expect(page.GetByTestId("applied-first-import-hidden")).ToBeVisibleAsync();
        var row = page.Locator($"[data-testid=applied-row][data-change-id='{id}']");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        await page.GetByLabel("Show the first import").CheckAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("first_import=show"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Roll back change {id}" })).ToHaveTextAsync("Roll back");
        await desk.ScreenshotAsync("desk-applied-first-import");
    }
}
