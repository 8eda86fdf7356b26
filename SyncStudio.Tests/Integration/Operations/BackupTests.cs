using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Services.Backup;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Web.Auth;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>
/// <c>backup &lt;file&gt;</c>: a zip of a consistent copy of the database and the data folder's keys, taken while the app
/// works; restoring is unzipping it into an empty data folder (README, Backups).
/// </summary>
public sealed class BackupTests : IAsyncLifetime
{
    private const int Products = 25;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "syncstudio-tests", "backup-" + Guid.NewGuid().ToString("N"));
    private SyncHarness _h = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        // A lease that outlasts the test: the restored app must find the copied pull still running, however long it
        // takes to start on a busy machine (an expired lease would be recovered as failed at its start).
        _h = await SyncHarness.StartAsync($"synthetic:{Products}:2", settings: new Dictionary<string, string?> { ["Batches:LeaseDuration"] = "01:00:00" });
    }

    public async ValueTask DisposeAsync()
    {
        _h.Simulator.Simulator.Faults.Clear();
        await _h.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection: the OS temp folder cleans it up.
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABackupTakenDuringAPullRestoresToADatabaseThatOpensAndListsEveryProduct()
    {
        await _h.AgreeOnEverythingAsync();
        var before = await HandlesAsync(_h.Admin);
        Assert.Equal(Products, before.Count);
        // A saved store token: the restored app can read it only if the backup carried the certificate.
        await ApiAssert.OkAsync(await _h.Admin.PutAsJsonAsync("/api/settings/shopify",
            new { shop_domain = "syncstudio-demo.myshopify.com", base_address = _h.Simulator.BaseAddress.ToString().TrimEnd('/'), access_token = _h.Simulator.AccessToken }, Ct));

        // Every Shopify request now hangs: the pull stays running, holding the store, while the backup is taken.
        _h.Simulator.Simulator.Faults.Configure(new ShopifySimulator.FaultSettings { LatencyMs = 600_000 });
        var pull = await _h.PullAsync(new { sync_type = "full", wait_seconds = 0 }, HttpStatusCode.Accepted);
        var pullId = pull.GetProperty("batch_id").GetString()!;
        var file = Path.Combine(_scratch, "backup.zip");
        var backup = await _h.App.Services.GetRequiredService<DataFolderBackup>().CreateAsync(file, Ct);
        Assert.Equal(BackupOutcome.Written, backup.Outcome);
        Assert.True((await _h.Admin.PostAsync($"/api/sync/batches/{pullId}/cancel", null, Ct)).IsSuccessStatusCode);
        _h.Simulator.Simulator.Faults.Clear();
        Assert.Contains(DataFolderBackup.DatabaseEntry, backup.Entries);
        Assert.Contains(DataProtectionKeys.GeneratedCertificateFile, backup.Entries);
        Assert.Contains("jwt-signing.key", backup.Entries);

        var restored = Path.Combine(_scratch, "restored");
        ZipFile.ExtractToDirectory(file, restored);
        await using var app = new SyncStudioApp(restored, new Dictionary<string, string?>
        {
            ["Shopify:BaseAddress"] = _h.Simulator.BaseAddress.ToString().TrimEnd('/'),
            ["Shopify:AccessToken"] = _h.Simulator.AccessToken,
        });
        using var admin = await app.ClientAsAsync(Data.Roles.Admin);

        Assert.Equal(before, await HandlesAsync(admin));
        // Taken during the pull: the copy holds it running, as the database did at that moment.
        var batch = await ApiAssert.OkAsync(await admin.GetAsync($"/api/sync/batches/{pullId}", Ct));
        Assert.Equal("running", batch.GetProperty("item").GetProperty("status").GetString());
        using var anonymous = app.CreateClient();
        var ready = await ApiAssert.OkAsync(await anonymous.GetAsync("/readyz", Ct));
        Assert.Equal("saved", ready.GetProperty("store_connection").GetString());
    }

    [Fact]
    public async Task ABackupNeverOverwritesAFile()
    {
        var file = Path.Combine(_scratch, "taken.zip");
        await File.WriteAllTextAsync(file, "an older backup", Ct);

        var backup = await _h.App.Services.GetRequiredService<DataFolderBackup>().CreateAsync(file, Ct);

        Assert.Equal(BackupOutcome.TargetExists, backup.Outcome);
        Assert.Equal("an older backup", await File.ReadAllTextAsync(file, Ct));
    }

    [Fact]
    public async Task ABackupOfAFolderWithNoDatabaseWritesNothingAndCreatesNoDatabase()
    {
        var empty = Path.Combine(_scratch, "empty");
        var file = Path.Combine(_scratch, "nothing.zip");

        var (exit, output) = await RunBackupCommandAsync(file, empty);

        Assert.True(exit == 1, output);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(Path.Combine(empty, DataFolderBackup.DatabaseEntry)));
    }

    [Fact]
    public async Task TheBackupCommandWritesTheZipAndExitsWithoutStartingTheWebHost()
    {
        await _h.PullAsync(new { sync_type = "full" });
        var file = Path.Combine(_scratch, "command.zip");
        var (exit, output) = await RunBackupCommandAsync(file, _h.App.DataFolder);

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(file);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains(DataFolderBackup.DatabaseEntry, names);
        Assert.Contains(DataProtectionKeys.GeneratedCertificateFile, names);
        Assert.DoesNotContain(names, n => n.StartsWith("syncstudio.db-", StringComparison.Ordinal));
        // The copy opens as a database and holds the pull's staged changes.
        var copy = Path.Combine(_scratch, "command.db");
        await using (var entry = zip.GetEntry(DataFolderBackup.DatabaseEntry)!.Open())
        await using (var target = File.Create(copy))
            await entry.CopyToAsync(target, Ct);
        await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM staged_product_changes";
        Assert.Equal((long)Products, (long)(await count.ExecuteScalarAsync(Ct))!);
    }

    /// <summary>Runs <c>SyncStudio.Web backup</c> as a process, as an operator does; answers its exit code and output.</summary>
    private async Task<(int Exit, string Output)> RunBackupCommandAsync(string file, string dataFolder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _scratch };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "SyncStudio.Web.dll"), "backup", file, $"--App:DataFolder={dataFolder}" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await errors);
    }

    private static async Task<List<string>> HandlesAsync(HttpClient client)
    {
        var body = await ApiAssert.OkAsync(await client.GetAsync("/api/products?per_page=100", Ct));
        return body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("handle").GetString()!).Order(StringComparer.Ordinal).ToList();
    }
}
