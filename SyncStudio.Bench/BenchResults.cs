using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// results/latest.json: every scenario's figures under its own <c>"&lt;scenario&gt;:&lt;size&gt;"</c> key, each with when it
/// ran and the machine's load average at its start (the 2 cores are shared, so a figure means little without it).
/// A run replaces only its own key; <c>report</c> reads the whole file.
/// </summary>
internal static class BenchResults
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static DateTime _startedAt = DateTime.UtcNow;
    private static string? _loadAverageAtStart = ReadLoadAverage();

    /// <summary>The source tree's results folder (bin/&lt;Configuration&gt;/net10.0 is three levels below the project).</summary>
    public static string Folder => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results"));

    public static string LatestJson => Path.Combine(Folder, "latest.json");

    /// <summary>Notes the time and load average before the scenario does anything (Program.cs's first line).</summary>
    public static void MarkStart()
    {
        _startedAt = DateTime.UtcNow;
        _loadAverageAtStart = ReadLoadAverage();
    }

    /// <summary>Adds this run under <c>"scenario:size"</c> to results/latest.json, keeping what other scenarios wrote there.</summary>
    public static string Merge(string scenario, object size, IDictionary<string, object?> results)
    {
        var key = $"{scenario}:{Convert.ToString(size, CultureInfo.InvariantCulture)}";
        results["ran_at_utc"] = _startedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        results["seconds_total"] = Math.Round((DateTime.UtcNow - _startedAt).TotalSeconds, 1);
        results["load_average_at_start"] = _loadAverageAtStart;
        Directory.CreateDirectory(Folder);
        var root = Read() ?? [];
        root[key] = JsonSerializer.SerializeToNode(results);
        File.WriteAllText(LatestJson, root.ToJsonString(Indented));
        Console.WriteLine($"merged into {LatestJson} as \"{key}\"");
        return key;
    }

    /// <summary>The merged file, or null when there is none (or it is not a JSON object).</summary>
    public static JsonObject? Read()
    {
        if (!File.Exists(LatestJson))
            return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(LatestJson)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg (null off Linux).</summary>
    private static string? ReadLoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
