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
    public async Task ASingleVariantProductShowsItsVariantsFieldsAtTheTopLevelAsPatchSetsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/products", new
        {
            title = "Wool Scarf",
            sku = "WS-1",
            price = 25.00m,
            inventory_quantity = 4,
        }, ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        await ApiAssert.OkAsync(await client.PatchAsJsonAsync($"/api/products/{id}", new
        {
            price = 29.90m,
            compare_at_price = 35.00m,
            inventory_quantity = 7,
            barcode = "4006381333931",
            weight = 0.2m,
            weight_unit = "kg",
        }, ct));
        var product = await ApiAssert.OkAsync(await client.GetAsync($"/api/products/{id}", ct));

        Assert.Equal("WS-1", product.GetProperty("sku").GetString());
        Assert.Equal(29.90m, product.GetProperty("price").GetDecimal());
        Assert.Equal(35.00m, product.GetProperty("compare_at_price").GetDecimal());
        Assert.Equal(7, product.GetProperty("inventory_quantity").GetInt32());
        Assert.Equal("4006381333931", product.GetProperty("barcode").GetString());
        Assert.Equal(0.2m, product.GetProperty("weight").GetDecimal());
        Assert.Equal("kg", product.GetProperty("weight_unit").GetString());
    }

    [Fact]
    public async Task AProductWithSeveralVariantsLeavesTheVariantFieldsToItsVariants()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/products", new
        {
            title = "Cotton Tee",
            option_names = new[] { "Size" },
            variants = new object[]
            {
                new { sku = "CT-S", price = 15.00m, options = new[] { "S" } },
                new { sku = "CT-M", price = 16.00m, options = new[] { "M" } },
            },
        }, ct), HttpStatusCode.Created);

        var product = await ApiAssert.OkAsync(await client.GetAsync($"/api/products/{created.GetProperty("id").GetInt32()}", ct));

        Assert.Equal(System.Text.Json.JsonValueKind.Null, product.GetProperty("price").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, product.GetProperty("inventory_quantity").ValueKind);
        Assert.Equal([15.00m, 16.00m], product.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("price").GetDecimal()));
    }

    [Fact]
    public async Task AnOperatorRemovesOneVariantAndNeverTheLast()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.ClientAsAsync(Roles.Operator);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/api/products", new
        {
            title = "Canvas Tote",
            option_names = new[] { "Color" },
            variants = new object[]
            {
                new { sku = "CT-RED", price = 15.00m, options = new[] { "Red" } },
                new { sku = "CT-BLUE", price = 15.00m, options = new[] { "Blue" } },
            },
        }, ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var variants = created.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("id").GetInt32()).ToList();

        var removed = await ApiAssert.OkAsync(await client.DeleteAsync($"/api/products/{id}/variants/{variants[0]}", ct));
        var last = await ApiAssert.ErrorAsync(await client.DeleteAsync($"/api/products/{id}/variants/{variants[1]}", ct), HttpStatusCode.BadRequest);
        await ApiAssert.ErrorAsync(await client.DeleteAsync($"/api/products/{id}/variants/{variants[0]}", ct), HttpStatusCode.NotFound);
        using var viewer = await _app.ClientAsAsync(Roles.Viewer);
        var refused = await viewer.DeleteAsync($"/api/products/{id}/variants/{variants[1]}", ct);

        Assert.Equal(["CT-BLUE"], removed.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("sku").GetString()));
        Assert.Equal(1, removed.GetProperty("variants")[0].GetProperty("position").GetInt32());
        Assert.True(last.TryGetProperty("variant_id", out _));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var product = await ApiAssert.OkAsync(await client.GetAsync($"/api/products/{id}", ct));
        Assert.Equal(1, product.GetProperty("variants").GetArrayLength());
    }

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
