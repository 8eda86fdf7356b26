using System.Net;
using System.Net.Http.Json;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class ProductApiTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnOperatorCreatesEditsAndDeletesAProduct()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/products", new
        {
            title = "Linen Shirt",
            vendor = "Acme",
            tags = new[] { "summer", "linen" },
            sku = "LIN-1",
            price = 49.90m,
            inventory_quantity = 12,
        }, ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("linen-shirt", created.GetProperty("handle").GetString());
        Assert.Equal("Linen Shirt", created.GetProperty("name").GetString());
        Assert.Equal("LIN-1", created.GetProperty("sku").GetString());

        var patched = await ApiAssert.OkAsync(await client.PatchAsJsonAsync($"/api/products/{id}", new { price = 54.90m, title = "Linen Shirt II" }, ct));
        Assert.Equal(54.90m, patched.GetProperty("variants")[0].GetProperty("price").GetDecimal());
        Assert.Equal("Linen Shirt II", patched.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/products/{id}", ct)).StatusCode);
        var list = await ApiAssert.OkAsync(await client.GetAsync("/api/products", ct));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AViewerCannotCreateAProduct()
    {
        using var client = await _app.ClientAsAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync("/api/products", new { title = "X" }, TestContext.Current.CancellationToken);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WrongTypesAndUnknownFieldsAreNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var response = await client.PostAsJsonAsync("/api/products", new { title = 5, price = "lots", colour = "red" }, ct);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("must be a string", details.GetProperty("title").GetString());
        Assert.Equal("must be a non-negative number", details.GetProperty("price").GetString());
        Assert.Equal("unknown field", details.GetProperty("colour").GetString());
        var list = await ApiAssert.OkAsync(await client.GetAsync("/api/products", ct));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PatchingAnUnknownProductIsNotFound()
    {
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var response = await client.PatchAsJsonAsync("/api/products/999", new { title = "X" }, TestContext.Current.CancellationToken);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }
}
