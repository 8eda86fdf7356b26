using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SyncStudio.Services.Review;

/// <summary>
/// The Review page's server time over <c>size</c> pending changes, first page, measured two ways:
/// <list type="number">
/// <item>GET /review as a signed-in user (through the login form, with its antiforgery token and the auth cookie):
/// the server-side prerender, timed to the last byte of the HTML.</item>
/// <item>The data call the grid makes for its first page once interactive (MudTable's ServerData →
/// <see cref="StagedChangeQuery.ListAsync"/> with page 1 of 50, newest first), through the same service class on the
/// same database file, in this process.</item>
/// </list>
/// Their sum is the server's share of showing the first page.
/// </summary>
internal static partial class ReviewRenderScenario
{
    public static async Task RunAsync(string work, int size, Dictionary<string, object?> results)
    {
        using var host = await StagedBench.PrepareDatabaseAsync(work, approvers: 1);
        var database = StagedBench.DatabaseFile(work);
        foreach (var (key, value) in await StagedSeeder.SeedAsync(database, size, SeedMix.AllPending))
            results[key] = value;

        const int repeats = 30;
        await using (var app = await WebAppProcess.StartAsync(work))
        {
            var cookies = new CookieContainer();
            using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false })
            {
                BaseAddress = app.BaseAddress,
            };
            await SignInAsync(browser, StagedBench.ApproverEmail(1));

            foreach (var (name, path) in new[] { ("review_prerender", "/review"), ("review_prerender_status_pending", "/review?status=pending") })
            {
                var times = new List<double>();
                var rowsInHtml = 0;
                for (var i = -2; i < repeats; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await browser.GetAsync(path);
                    var html = await response.Content.ReadAsStringAsync();
                    watch.Stop();
                    if (response.StatusCode != HttpStatusCode.OK || !html.Contains("data-testid=\"review-table\"", StringComparison.Ordinal))
                        throw new InvalidOperationException($"GET {path} did not render the Review page: {(int)response.StatusCode}");
                    rowsInHtml = ChangeRow().Count(html);
                    if (i >= 0)
                        times.Add(watch.Elapsed.TotalMilliseconds);
                }
                var stats = StagedBench.Stats(times);
                results[name] = StagedBench.Format(stats);
                results[name + "_stats"] = stats;
                results[name + "_rows_in_html"] = rowsInHtml;
            }
            results["web_peak_working_set_mb"] = app.PeakWorkingSetMb();
        }

        // The grid's first data call, as the page makes it (Filter with Page = 1, PerPage = RowsPerPage 50).
        var query = host.Services.GetRequiredService<StagedChangeQuery>();
        foreach (var (name, filter) in new[]
        {
            ("review_first_page_data", new StagedChangeFilter { Page = 1, PerPage = 50 }),
            ("review_first_page_data_status_pending", new StagedChangeFilter { Status = "pending", Page = 1, PerPage = 50 }),
        })
        {
            var times = new List<double>();
            var total = 0;
            for (var i = -2; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                var page = await query.ListAsync(filter, CancellationToken.None);
                watch.Stop();
                total = page.Total;
                if (page.Items.Count != Math.Min(50, size))
                    throw new InvalidOperationException($"first page had {page.Items.Count} rows");
                if (i >= 0)
                    times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var stats = StagedBench.Stats(times);
            results[name] = StagedBench.Format(stats) + $", total {total}";
            results[name + "_stats"] = stats;
        }
        results["review_target_ms"] = 300;
    }

    private static async Task SignInAsync(HttpClient browser, string email)
    {
        var form = await browser.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(form);
        if (!token.Success)
            throw new InvalidOperationException("no antiforgery token on /login");
        using var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = StagedBench.Password,
        }));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}, not a redirect");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-change-id=")]
    private static partial Regex ChangeRow();
}
