using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Sync;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

/// <summary>
/// A product's version moves on with every local write of it or its variants, whichever path writes, and not when it
/// only learns its Shopify ids: an apply compares it to decide whether the product moved under it (docs/decisions/0006).
/// </summary>
public sealed class ProductVersionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryLocalWriteOfAProductMovesItsVersionOnAndLinkingItToShopifyDoesNot()
    {
        await using var app = new SyncStudioApp();
        var admin = await app.ClientAsAsync(Roles.Admin);
        var created = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/api/products",
            new { title = "Versioned Mug", handle = "versioned-mug", price = 10m, sku = "VM-1" }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var variantId = created.GetProperty("variants")[0].GetProperty("id").GetInt32();
        var version = await VersionAsync(app, id);

        await ApiAssert.OkAsync(await admin.PatchAsJsonAsync($"/api/products/{id}", new { title = "Versioned Mug II" }, Ct));
        Assert.Equal(++version, await VersionAsync(app, id));

        // A variant-only edit moves its product's version too.
        await ApiAssert.OkAsync(await admin.PatchAsJsonAsync($"/api/products/{id}", new { variants = new[] { new { id = variantId, price = 11m } } }, Ct));
        Assert.Equal(++version, await VersionAsync(app, id));

        using var csv = new StringContent("Handle,Title,Variant SKU,Variant Price\nversioned-mug,Imported Mug,VM-1,12\n", Encoding.UTF8, "text/csv");
        Assert.Equal(1, (await ApiAssert.OkAsync(await admin.PostAsync("/api/products/import", csv, Ct))).GetProperty("updated").GetInt32());
        Assert.Equal(++version, await VersionAsync(app, id));

        var factory = app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(Ct))
        {
            var product = await db.Products.Include(p => p.Variants).SingleAsync(p => p.Id == id, Ct);
            LocalSnapshots.Link(product, LocalSnapshots.ToSnapshot(product) with
            {
                ShopifyProductId = 7001,
                Variants = [LocalSnapshots.ToSnapshot(product).Variants[0] with { ShopifyVariantId = 8001, ShopifyInventoryItemId = 9001 }],
            });
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(version, await VersionAsync(app, id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/products/{id}", Ct)).StatusCode);
        Assert.Equal(++version, await VersionAsync(app, id));
    }

    private static async Task<int> VersionAsync(SyncStudioApp app, int id)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        return await db.Products.Where(p => p.Id == id).Select(p => p.Version).SingleAsync(Ct);
    }
}
