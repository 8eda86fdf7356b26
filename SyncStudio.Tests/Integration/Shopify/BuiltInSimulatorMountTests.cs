using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using SyncStudio.ShopifySimulator;
using SyncStudio.Tests.Infrastructure;
using SyncStudio.Web;

namespace SyncStudio.Tests.Integration.Shopify;

/// <summary>The built-in simulator is a demo: off once a real store is saved, and off in Production unless enabled.</summary>
public sealed class BuiltInSimulatorMountTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithARealStoreSavedTheBuiltInSimulatorAnswers404()
    {
        await using var store = await SimulatorServer.StartAsync(o => o.AccessToken = "shpat_real_store_token_0123");
        await using var app = new SyncStudioApp(settings: new Dictionary<string, string?> { ["Shopify:AllowBaseAddressOverride"] = "true" });
        using var admin = await app.ClientAsAsync(SyncStudio.Data.Roles.Admin);
        using var demo = app.CreateClient();
        demo.DefaultRequestHeaders.Add("X-Shopify-Access-Token", SimulatorOptions.DefaultAccessToken);
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync("/simulator/control/state", Ct)).StatusCode);

        await ApiAssert.OkAsync(await admin.PutAsJsonAsync("/api/settings/shopify", new
        {
            shop_domain = "real-store.myshopify.com",
            base_address = store.BaseAddress.ToString().TrimEnd('/'),
            access_token = "shpat_real_store_token_0123",
        }, Ct));

        Assert.Equal(HttpStatusCode.NotFound, (await demo.GetAsync("/simulator/control/state", Ct)).StatusCode);
        using var graphql = await demo.PostAsJsonAsync("/simulator/admin/api/2026-07/graphql.json", new { query = "{ shop { name } }" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, graphql.StatusCode);
        using var token = await demo.PostAsync("/simulator/admin/oauth/access_token", new FormUrlEncodedContent([]), Ct);
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
    }

    [Theory]
    [InlineData("Production", null, null, false)]
    [InlineData("Production", "true", null, true)]
    [InlineData("Development", null, null, true)]
    [InlineData("Development", "false", null, false)]
    [InlineData("Development", null, "my-shop", false)]
    public void TheSimulatorIsMountedOnlyWithoutAStoreAndOutsideProductionUnlessEnabled(string environment, string? enabled, string? shop, bool mounted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Enabled"] = enabled,
            ["Shopify:ShopDomain"] = shop,
        }).Build();

        Assert.Equal(mounted, StoreSetup.MountsBuiltInSimulator(configuration, new Environment(environment)));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "SyncStudio.Web";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
