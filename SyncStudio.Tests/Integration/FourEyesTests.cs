using System.Net;
using System.Net.Http.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>With <c>Review:FourEyes</c> on, the author of a local edit never decides a change that carries it.</summary>
public sealed class FourEyesTests : IAsyncLifetime
{
    private SyncHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _h = await SyncHarness.StartAsync(settings: new Dictionary<string, string?> { ["Review:FourEyes"] = "true" });
        await _h.AgreeOnEverythingAsync();
    }

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TheAuthorOfALocalEditCannotResolveAConflictWithItEitherWay()
    {
        using var approver = await _h.App.ClientAsAsync(Roles.Approver);
        var product = _h.Product(0);
        var id = await _h.LocalIdAsync(product.Handle);
        await ApiAssert.OkAsync(await approver.PatchAsJsonAsync($"/api/products/{id}", new { title = "Approver's title" }, Ct));
        await _h.MerchantRetitleAsync(product.Id, "Merchant's title");
        await _h.PullAsync(new { sync_type = "incremental" });
        var conflict = Assert.Single(await _h.StagedAsync("has_conflicts=true&status=pending"));
        Assert.Equal("pull_from_shopify", conflict.GetProperty("sync_direction").GetString());
        var route = $"/api/sync/staged/{conflict.GetProperty("id").GetInt32()}/approve";

        foreach (var body in new object[]
        {
            new { conflict_resolution = new { title = "local" } },
            new { conflict_resolution = new { title = "shopify" } },
            new { conflict_resolution = new { title = new { value = "Both" } } },
            new { notes = "as staged" },
        })
        {
            var details = await ApiAssert.ErrorAsync(await approver.PostAsJsonAsync(route, body, Ct), HttpStatusCode.Forbidden);
            Assert.True(details.TryGetProperty("authored_by", out _));
        }
        await ApiAssert.ErrorAsync(await approver.PostAsJsonAsync(route.Replace("/approve", "/reject", StringComparison.Ordinal), new { reason = "mine" }, Ct),
            HttpStatusCode.Forbidden);

        await ApiAssert.OkAsync(await _h.Admin.PostAsJsonAsync(route, new { conflict_resolution = new { title = "local" } }, Ct));
    }
}
