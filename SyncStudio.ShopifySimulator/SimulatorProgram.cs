using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SyncStudio.Catalog;

namespace SyncStudio.ShopifySimulator;

/// <summary>
/// The standalone simulator:
/// <c>dotnet run --project SyncStudio.ShopifySimulator --urls http://127.0.0.1:5101 [--state file.json] [--plan standard] [--seed sample|synthetic:N|csv:path] [--locations N] [--token TOKEN] [--webhook-url URL --webhook-secret SECRET] [--client-id ID --client-secret SECRET]</c>.
/// <c>--write-sample-catalog PATH</c> regenerates the sample catalog CSV instead.
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var write = Array.IndexOf(args, "--write-sample-catalog");
        if (write >= 0)
        {
            if (write + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync("--write-sample-catalog needs a path.");
                return 2;
            }

            await File.WriteAllTextAsync(args[write + 1], SampleCatalogGenerator.GenerateCsv());
            Console.WriteLine($"Wrote {args[write + 1]}");
            return 0;
        }

        var builder = WebApplication.CreateBuilder(args);
        // The standalone store is a store of three locations (the primary and two warehouses), as a real store with
        // stock per location is; --locations or Simulator:Locations says otherwise.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Simulator:Locations"] = "3" },
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--state"] = "Simulator:StatePath",
            ["--plan"] = "Simulator:Plan",
            ["--seed"] = "Simulator:Seed",
            ["--locations"] = "Simulator:Locations",
            ["--token"] = "Simulator:AccessToken",
            ["--webhook-url"] = "Simulator:WebhookUrl",
            ["--webhook-secret"] = "Simulator:WebhookSecret",
            ["--client-id"] = "Simulator:ClientId",
            ["--client-secret"] = "Simulator:ClientSecret",
        });
        builder.Services.AddShopifySimulator(builder.Configuration.GetSection(SimulatorOptions.SectionName));

        var app = builder.Build();
        app.MapShopifySimulator();
        await app.RunAsync();
        return 0;
    }
}
