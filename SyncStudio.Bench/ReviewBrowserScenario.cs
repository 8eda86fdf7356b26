using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

/// <summary>
/// The Review page as a person sees it, on <c>size</c> pending changes staged in a real SQLite database, with the real
/// SyncStudio.Web process and a real Chromium (Debian's, driven by Playwright as the browser tests drive it):
/// <list type="number">
/// <item><c>review_rows_visible</c>: from the start of the navigation to /review until its first change row is visible
/// (timed in the page: <c>performance.now()</c> is measured from the navigation's start): a row of the first page in
/// the server's HTML, or of the live table.</item>
/// <item><c>review_detail_after_click</c>: from the pointer going down on a row's open button until that change's detail
/// is visible (timed in the page from the <c>pointerdown</c> event), on a page already interactive.</item>
/// </list>
/// Targets: under 1 s and under 200 ms (issue "a review desk a catalog manager enjoys").
/// </summary>
internal static class ReviewBrowserScenario
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task RunAsync(string work, int size, int repeats, Dictionary<string, object?> results)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (./build.sh test does).");
        using var host = await StagedBench.PrepareDatabaseAsync(work, approvers: 1);
        foreach (var (key, value) in await StagedSeeder.SeedAsync(StagedBench.DatabaseFile(work), size, SeedMix.AllPending))
            results[key] = value;

        results["load_average_before"] = LoadAverage();
        // The app needs a store to start; nothing here reads Shopify, so it points at a closed loopback port (the shop's
        // currency, asked once the page is live, fails fast and prices show as plain amounts).
        await using var app = await WebAppProcess.StartAsync(work, new Dictionary<string, string>
        {
            ["Shopify__BaseAddress"] = "http://127.0.0.1:9",
            ["Shopify__AccessToken"] = "shpat_bench",
            // As `dotnet run` starts it (launchSettings.json) and the browser tests see it: an unpublished build serves
            // its static web assets (MudBlazor's CSS and JS, blazor.web.js) only in Development.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync($"{baseUrl}/login");
        await page.GetByLabel("Email").FillAsync(StagedBench.ApproverEmail(1));
        await page.GetByLabel("Password").FillAsync(StagedBench.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        var rowsVisible = new List<double>();
        var detailVisible = new List<double>();
        var domLoaded = new List<double>();
        var total = "";
        // Two warm-ups (the first page of a fresh app compiles its queries and components), then the measured visits.
        for (var i = -2; i < repeats; i++)
        {
            await page.GotoAsync("about:blank");
            await page.GotoAsync($"{baseUrl}/review", new() { WaitUntil = WaitUntilState.Commit });
            double rows;
            try
            {
                rows = await (await page.WaitForFunctionAsync("""
                    () => {
                        const row = document.querySelector('[data-testid=change-row], [data-testid=first-page-row]');
                        return row && row.getClientRects().length > 0 ? performance.now() : false;
                    }
                    """)).JsonValueAsync<double>();
            }
            catch (TimeoutException)
            {
                var shot = Path.Combine(Path.GetTempPath(), "review-browser-timeout.png");
                await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
                throw new InvalidOperationException($"no change row on {page.Url} (screenshot {shot})");
            }
            // A click needs the live page (the circuit): wait for it, then time a click on a row's open button.
            await page.Locator("[data-testid=render-mode][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var loaded = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
            var button = page.Locator("[data-testid=open-change]").Nth(Math.Max(0, i) % 20);
            var id = await button.GetAttributeAsync("data-change-id");
            await page.EvaluateAsync("() => document.addEventListener('pointerdown', () => { window.__clicked = performance.now(); }, { capture: true, once: true })");
            await button.ClickAsync();
            var detail = await (await page.WaitForFunctionAsync("""
                id => {
                    const detail = document.querySelector('[data-testid=change-detail]');
                    return detail && detail.getAttribute('data-change-id') === id && detail.getClientRects().length > 0
                        ? performance.now() - window.__clicked : false;
                }
                """, id)).JsonValueAsync<double>();
            total = (await page.GetByTestId("review-total").TextContentAsync())?.Trim() ?? "";
            if (i < 0)
                continue;
            rowsVisible.Add(rows);
            detailVisible.Add(detail);
            domLoaded.Add(loaded);
            Console.WriteLine($"visit {i + 1}: HTML loaded {loaded:0} ms, rows visible {rows:0} ms, detail {detail:0} ms after the click");
        }
        results["load_average_after"] = LoadAverage();

        var rowStats = StagedBench.Stats(rowsVisible);
        var detailStats = StagedBench.Stats(detailVisible);
        results["review_rows_visible"] = StagedBench.Format(rowStats);
        results["review_rows_visible_stats"] = rowStats;
        results["review_rows_visible_target_ms"] = 1000;
        results["review_detail_after_click"] = StagedBench.Format(detailStats);
        results["review_detail_after_click_stats"] = detailStats;
        results["review_detail_after_click_target_ms"] = 200;
        var loadedStats = StagedBench.Stats(domLoaded);
        results["review_html_loaded"] = StagedBench.Format(loadedStats);
        results["review_html_loaded_stats"] = loadedStats;
        results["review_total_shown"] = total;
        results["web_peak_working_set_mb"] = app.PeakWorkingSetMb();
    }

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so every figure says how loaded it was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
