using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// <c>SyncStudio.Bench report</c>: results/latest.json (what the scenarios merged there) as one table, each figure
/// beside its ceiling or target and the verdict; printed and written to results/latest.md. No app, no simulator.
/// </summary>
internal static class BenchReport
{
    private const string NotRun = "not run";

    private sealed record Row(string Figure, string Command, string Run, string Measured, string Target, string Verdict);

    /// <summary>One scenario's entry: its key ("scenario:size"), size and figures.</summary>
    private sealed record Entry(string Key, long Size, JsonObject Figures)
    {
        public double? Num(string name) => Number(Figures[name]);

        public double? Num(string parent, string name) => Number((Figures[parent] as JsonObject)?[name]);

        public string F(string name, string format = "N1") => Show(Num(name), format);

        public string Run => $"`{Key}`, {Figures["ran_at_utc"]?.ToString() ?? "?"} UTC, load {Figures["load_average_at_start"]?.ToString() ?? "?"}";
    }

    public static int Run()
    {
        var root = BenchResults.Read();
        var rows = root is null ? [] : Rows(root);
        var markdown = Render(rows, root is null);
        Console.WriteLine(markdown);
        Directory.CreateDirectory(BenchResults.Folder);
        var file = Path.Combine(BenchResults.Folder, "latest.md");
        File.WriteAllText(file, markdown);
        Console.WriteLine($"written to {file}");
        return 0;
    }

    private static List<Row> Rows(JsonObject root)
    {
        var rows = new List<Row>();
        var pullperf = Pick(root, "pullperf", 100_000);
        rows.Add(pullperf is null
            ? Missing("full pull, 100,000 products, 5% changed in Shopify (bulk path)", "pullperf 100000 5 1", "< 60 s and < 500 MB")
            : new Row("full pull, 100,000 products, 5% changed in Shopify (bulk path)", "pullperf 100000 5 1", pullperf.Run,
                $"{pullperf.F("full_pull_seconds", "N1")} s, {pullperf.F("full_pull_products_per_second", "N0")} products/s, app peak RSS {pullperf.F("full_pull_app_peak_rss_mb", "N0")} MB",
                "< 60 s and < 500 MB",
                Verdict(pullperf.Num("full_pull_seconds") < 60 && pullperf.Num("full_pull_app_peak_rss_mb") < 500, pullperf, 100_000)));
        rows.Add(pullperf is null
            ? Missing("incremental pull, 1% changed", "pullperf 100000 5 1", "—")
            : new Row("incremental pull, 1% changed", "pullperf 100000 5 1", pullperf.Run,
                $"{pullperf.F("incremental_pull_seconds", "N2")} s, {pullperf.F("incremental_pull_changes_staged", "N0")} staged", "—", "recorded"));
        rows.Add(pullperf is null
            ? Missing("first full pull: staging rate vs raw insert", "pullperf 100000 5 1", "ratio ≥ 0.5")
            : Ratio("first full pull: staging rate vs raw insert", "pullperf 100000 5 1", pullperf,
                $"{pullperf.F("first_full_pull_staging_products_per_second", "N0")} products/s vs {pullperf.F("ceiling_raw_insert_rows_per_second", "N0")} rows/s",
                pullperf.Num("staging_ratio (staging products/s ÷ raw rows/s)"), 0.5));
        rows.Add(pullperf is null
            ? Missing("JSONL: bulk reader vs System.Text.Json tokens", "pullperf 100000 5 1", "ratio ≥ 0.5")
            : Ratio("JSONL: bulk reader vs System.Text.Json tokens", "pullperf 100000 5 1", pullperf,
                $"{pullperf.F("jsonl_client_reader_mb_per_second")} MB/s vs {pullperf.F("ceiling_jsonl_stj_mb_per_second")} MB/s ({pullperf.F("jsonl_file_mb")} MB)",
                pullperf.Num("jsonl_ratio (client reader ÷ ceiling)"), 0.5));

        var core = Pick(root, "core", null);
        foreach (var (name, label) in new[] { ("unchanged", "unchanged"), ("changed_in_shopify", "changed in Shopify") })
        {
            var figure = $"pure core per product, {label}";
            rows.Add(core is null
                ? Missing(figure, "core", "< 20 µs")
                : new Row(figure, "core", core.Run, $"{core.F(name + "_us_per_product", "N2")} µs (± {core.F(name + "_us_error", "N2")})", "< 20 µs",
                    Verdict(core.Num(name + "_us_per_product") < 20, core, null)));
        }

        var push = Pick(root, "push", null);
        rows.Add(push is null
            ? Missing("push of approved price changes: points/s vs restore rate", "push 200", "ratio ≥ 0.9, 0 failed")
            : Ratio("push of approved price changes: points/s vs restore rate", "push 200", push,
                $"{push.F("push_successful", "N0")}/{push.F("push_changes", "N0")} changes in {push.F("push_seconds")} s: {push.F("push_points_per_second")} points/s of {push.F("restore_rate", "N0")}; {push.F("push_failed", "N0")} failed",
                push.Num("push_bucket_utilisation"), 0.9, push.Num("push_failed") == 0, "ratio ≥ 0.9, 0 failed (no throttled error surfacing)", sizeFree: true));
        var read = Pick(root, "read", 2000);
        rows.Add(read is null
            ? Missing("paged read: bucket utilisation", "read 2000", "ratio ≥ 0.9, 0 throttled errors")
            : Ratio("paged read: bucket utilisation", "read 2000", read,
                $"{read.F("products_read", "N0")} products in {read.F("seconds")} s, {read.F("api_calls", "N0")} calls: {read.F("points_per_second")} points/s of {read.F("restore_rate", "N0")}; {read.F("throttled_errors_surfacing", "N0")} throttled errors surfacing",
                read.Num("bucket_utilisation"), 0.9, read.Num("throttled_errors_surfacing") == 0, "ratio ≥ 0.9, 0 throttled errors", sizeFree: true));
        var bulk = Pick(root, "bulk", 100_000);
        rows.Add(bulk is null
            ? Missing("bulk export streamed, 100,000 products", "bulk 100000", "—")
            : new Row("bulk export streamed, 100,000 products", "bulk 100000", bulk.Run,
                $"{bulk.F("bulk_seconds")} s ({bulk.F("bulk_products_per_second", "N0")} products/s); heap {bulk.F("heap_before_mb (simulator store)", "N0")} MB (store) → max {bulk.F("heap_max_during_stream_mb", "N0")} MB; process peak {bulk.F("peak_working_set_mb", "N0")} MB",
                "— (streamed: the heap stays near the store's)", "recorded"));
        var pull = Pick(root, "pull", 10_000);
        rows.Add(pull is null
            ? Missing("pull in one process: first full pull / full pull 5% / incremental", "pull 10000 5", "—")
            : new Row("pull in one process: first full pull / full pull 5% / incremental", "pull 10000 5", pull.Run,
                $"{pull.F("first_full_pull_seconds")} s / {pull.F("full_pull_seconds")} s ({pull.F("full_pull_products_per_second", "N0")} products/s, peak {pull.F("full_pull_peak_working_set_mb", "N0")} MB) / {pull.F("incremental_pull_seconds", "N2")} s; apply creates {pull.F("apply_creates_locally_seconds")} s",
                "—", "recorded"));

        var approve = Pick(root, "bulk-approve", 100_000);
        rows.Add(approve is null
            ? Missing("bulk-approve 100,000 staged changes", "bulk-approve 100000", "< 5 s")
            : new Row("bulk-approve 100,000 staged changes", "bulk-approve 100000", approve.Run,
                $"{approve.F("bulk_approve_seconds", "N2")} s, {approve.F("bulk_approve_updated", "N0")} updated, {approve.F("bulk_approve_audit_events", "N0")} audit events",
                "< 5 s", Verdict(approve.Num("bulk_approve_seconds") < 5 && approve.Num("bulk_approve_updated") == approve.Num("bulk_approve_selected"), approve, 100_000)));
        foreach (var (size, target, min, max) in new[] { (100_000L, 50, 0L, 999_999L), (1_000_000L, 100, 1_000_000L, long.MaxValue) })
        {
            var figure = $"GET /api/sync/staged p95 at {size:N0} rows (25 query shapes)";
            var command = $"api {size}";
            var api = Pick(root, "api", size, min, max);
            rows.Add(api is null
                ? Missing(figure, command, $"p95 < {target} ms, every shape")
                : new Row(figure, command, api.Run,
                    $"all shapes p95 {api.F("api_all_p95_ms")} ms (p50 {api.F("api_all_p50_ms")}); slowest: {api.Figures["api_worst_case_p95"]}; {api.F("api_cases_over_target", "N0")} over, {api.F("api_wrong_answers", "N0")} wrong answers",
                    $"p95 < {target} ms, every shape",
                    Verdict(api.Num("api_cases_over_target") == 0 && api.Num("api_wrong_answers") == 0, api, size)));
        }
        var load = Pick(root, "load", 100_000);
        rows.Add(load is null
            ? Missing("load: mixed list / get / approve", "load 100000 60", "errors = 0")
            : new Row("load: mixed list / get / approve", "load 100000 60", load.Run,
                $"{load.F("load_requests_per_second", "N0")} requests/s ({load.F("load_clients", "N0")} clients, {load.F("load_seconds")} s); p95 list {Show(load.Num("load_list_stats", "p95_ms"), "N1")} ms, get {Show(load.Num("load_get_stats", "p95_ms"), "N1")} ms, approve {Show(load.Num("load_approve_stats", "p95_ms"), "N1")} ms; {load.F("load_errors", "N0")} errors",
                "errors = 0", Verdict(load.Num("load_errors") == 0, load, null)));
        var review = Pick(root, "review-render", 100_000);
        rows.Add(review is null
            ? Missing("Review page, first page (server render)", "review-render 100000", "< 300 ms")
            : new Row("Review page, first page (server render)", "review-render 100000", review.Run,
                $"p95 {Show(review.Num("review_prerender_stats", "p95_ms"), "N1")} ms (status=pending {Show(review.Num("review_prerender_status_pending_stats", "p95_ms"), "N1")} ms); grid's first data call p95 {Show(review.Num("review_first_page_data_stats", "p95_ms"), "N1")} ms",
                "< 300 ms", Verdict(Math.Max(review.Num("review_prerender_stats", "p95_ms") ?? double.MaxValue, review.Num("review_prerender_status_pending_stats", "p95_ms") ?? double.MaxValue) < 300, review, 100_000)));
        var browser = Pick(root, "review-browser", 100_000);
        rows.Add(browser is null
            ? Missing("Review page in Chromium: rows visible; detail after a click", "review-browser 100000", "< 1 s; < 200 ms")
            : new Row("Review page in Chromium: rows visible; detail after a click", "review-browser 100000", browser.Run,
                $"rows p50 {Show(browser.Num("review_rows_visible_stats", "p50_ms"), "N0")} / p95 {Show(browser.Num("review_rows_visible_stats", "p95_ms"), "N0")} ms; detail p50 {Show(browser.Num("review_detail_after_click_stats", "p50_ms"), "N0")} / p95 {Show(browser.Num("review_detail_after_click_stats", "p95_ms"), "N0")} ms",
                "< 1 s; < 200 ms", Verdict((browser.Num("review_rows_visible_stats", "p95_ms") ?? double.MaxValue) < 1000
                    && (browser.Num("review_detail_after_click_stats", "p95_ms") ?? double.MaxValue) < 200, browser, 100_000)));
        var webhook = Pick(root, "webhook", null);
        rows.Add(webhook is null
            ? Missing("webhook: Shopify edit → staged change", "webhook 20", "< 2 s")
            : new Row("webhook: Shopify edit → staged change", "webhook 20", webhook.Run,
                $"p50 {webhook.F("webhook_latency_p50_ms", "N0")} ms, max {webhook.F("webhook_latency_max_ms", "N0")} ms ({webhook.F("webhook_edits", "N0")} edits)",
                "< 2 s", Verdict(webhook.Num("webhook_latency_max_ms") < 2000, webhook, null)));
        return rows;
    }

    /// <summary>
    /// The entry for <paramref name="scenario"/>: at <paramref name="size"/> when there is one, else the largest size in
    /// [min, max] (its verdict then says at which size it was measured).
    /// </summary>
    private static Entry? Pick(JsonObject root, string scenario, long? size, long min = 0, long max = long.MaxValue)
    {
        var entries = root
            .Where(p => p.Value is JsonObject && p.Key.StartsWith(scenario + ":", StringComparison.Ordinal))
            .Select(p => (p.Key, Size: long.TryParse(p.Key[(scenario.Length + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : -1, Figures: (JsonObject)p.Value!))
            .Where(e => e.Size >= min && e.Size <= max)
            .ToList();
        if (entries.Count == 0)
            return null;
        var chosen = entries.FirstOrDefault(e => e.Size == size);
        if (chosen.Key is null)
            chosen = entries.MaxBy(e => e.Size);
        return new Entry(chosen.Key, chosen.Size, chosen.Figures);
    }

    private static Row Missing(string figure, string command, string target) => new(figure, command, "—", NotRun, target, NotRun);

    private static Row Ratio(string figure, string command, Entry entry, string measured, double? ratio, double bar,
        bool alsoRequired = true, string? target = null, bool sizeFree = false)
    {
        var verdict = Verdict(ratio >= bar && alsoRequired, entry, sizeFree ? null : 100_000);
        return new Row(figure, command, entry.Run, $"{measured}; ratio {Show(ratio, "N3")}", target ?? $"ratio ≥ {bar.ToString(CultureInfo.InvariantCulture)}", verdict);
    }

    /// <summary>met / not met; a figure measured at another size than the target's says so (indicative only).</summary>
    private static string Verdict(bool met, Entry entry, long? targetSize)
    {
        var verdict = met ? "**met**" : "**not met**";
        return targetSize is { } size && entry.Size != size ? $"{verdict} at {entry.Size:N0} (target is for {size:N0})" : verdict;
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonValue value when value.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "?";

    private static string Render(List<Row> rows, bool noFile)
    {
        var text = new StringBuilder();
        text.AppendLine("# SyncStudio.Bench: latest figures against their targets");
        text.AppendLine();
        if (noFile)
        {
            text.AppendLine($"No results yet ({BenchResults.LatestJson} is missing): run `./build.sh bench all` or a scenario.");
            return text.ToString();
        }
        string[] header = ["figure", "command", "run (key, UTC, load average 1/5/15 min at start)", "measured", "ceiling / target", "verdict"];
        var cells = rows.Select(r => new[] { r.Figure, $"`{r.Command}`", r.Run, r.Measured, r.Target, r.Verdict }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        string Line(string[] c) => "| " + string.Join(" | ", c.Select((cell, i) => cell.PadRight(widths[i]))) + " |";
        text.AppendLine(Line(cells[0]));
        text.AppendLine("| " + string.Join(" | ", widths.Select(w => new string('-', Math.Max(3, w)))) + " |");
        foreach (var row in cells.Skip(1))
            text.AppendLine(Line(row));
        text.AppendLine();
        text.AppendLine("Notes:");
        text.AppendLine("- The push and the paged read are rate-bound on the Standard plan (100 points/s restore): their figure is points/s ÷ the restore rate, a rate independent of the count, so `all` pushes 200 changes (~48 points each: 10,000 would take ~80 min).");
        text.AppendLine("- A figure measured at another size than its target's says so in its verdict (indicative only). \"not run\": no entry in results/latest.json.");
        text.AppendLine("- The machine's 2 cores are shared: compare the load average at start before comparing runs.");
        return text.ToString();
    }
}
