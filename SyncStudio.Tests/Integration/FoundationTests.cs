using System.Net;
using System.Net.Http.Json;
using System.Text;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration;

public sealed class FoundationTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HealthCheckReportsTheDatabaseReachableWithoutSignIn()
    {
        using var client = _app.CreateClient();
        var body = await ApiAssert.OkAsync(await client.GetAsync("/healthz", TestContext.Current.CancellationToken));
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("database").GetString());
    }

    [Fact]
    public async Task TokenIsIssuedForTheBootstrapAdmin()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token",
            new { email = SyncStudioApp.AdminEmail, password = SyncStudioApp.Password }, TestContext.Current.CancellationToken);
        var body = await ApiAssert.OkAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
        Assert.Equal(3, body.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task TokenIsRefusedForAWrongPasswordInTheErrorShape()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token",
            new { email = SyncStudioApp.AdminEmail, password = "not-the-password" }, TestContext.Current.CancellationToken);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AccountLocksAfterRepeatedFailuresEvenWithTheRightPasswordAfterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        await _app.EnsureUserAsync("lockme@test.local", Roles.Viewer);
        using var client = _app.CreateClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/token", new { email = "lockme@test.local", password = "wrong-wrong-wrong" }, ct);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "lockme@test.local", password = SyncStudioApp.Password }, ct);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("locked", details.GetProperty("account").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StagedListWithoutATokenIsUnauthorizedInTheErrorShape()
    {
        using var client = _app.CreateClient();
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/sync/staged", TestContext.Current.CancellationToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StagedListWithATokenAnswersThePagingShape()
    {
        using var client = await _app.ClientAsAsync(Roles.Viewer);
        var body = await ApiAssert.OkAsync(await client.GetAsync("/api/sync/staged", TestContext.Current.CancellationToken));
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
        Assert.Equal(50, body.GetProperty("per_page").GetInt32());
        Assert.Equal(0, body.GetProperty("total_pages").GetInt32());
    }

    [Fact]
    public async Task AForgedTokenIsRefused()
    {
        using var client = _app.CreateClient();
        var token = await _app.TokenAsync(SyncStudioApp.AdminEmail);
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/sync/staged", TestContext.Current.CancellationToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AViewerCannotReachAnAdminRoute()
    {
        using var client = await _app.ClientAsAsync(Roles.Viewer);
        var details = await ApiAssert.ErrorAsync(await client.GetAsync("/api/users", TestContext.Current.CancellationToken), HttpStatusCode.Forbidden);
        Assert.Equal(Roles.Admin, details.GetProperty("required_role").GetString());
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestInTheErrorShape()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);
        using var content = new StringContent("{\"email\": ", Encoding.UTF8, "application/json");
        var details = await ApiAssert.ErrorAsync(await client.PostAsync("/api/users", content, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        Assert.True(details.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task AnUnknownFieldIsABadRequestNamingIt()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var response = await client.PostAsJsonAsync("/api/users", new { email = "x@test.local", password = "Long-enough-1", rolez = "Admin" },
            TestContext.Current.CancellationToken);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.rolez", details.GetProperty("path").GetString());
    }

    [Fact]
    public async Task AnUnknownApiRouteIsNotFoundInTheErrorShape()
    {
        using var client = await _app.ClientAsAsync(Roles.Viewer);
        await ApiAssert.ErrorAsync(await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AValidationErrorNamesEachBadField()
    {
        using var client = await _app.ClientAsAsync(Roles.Admin);
        var response = await client.PostAsJsonAsync("/api/users", new { email = "", password = "" }, TestContext.Current.CancellationToken);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("is required", details.GetProperty("email").GetString());
        Assert.Equal("is required", details.GetProperty("password").GetString());
    }

    [Fact]
    public async Task BadQueryParametersAreValidationErrors()
    {
        using var client = await _app.ClientAsAsync(Roles.Viewer);
        var response = await client.GetAsync("/api/sync/staged?per_page=100000&page=-1&status=bogus&has_conflicts=maybe",
            TestContext.Current.CancellationToken);
        var details = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "per_page", "page", "status", "has_conflicts" })
            Assert.True(details.TryGetProperty(field, out _), $"details should name {field}");
    }

    [Fact]
    public async Task AnAdminCreatesAUserWhoCanThenSignInWithTheGivenRole()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/users",
            new { email = "op@test.local", password = SyncStudioApp.Password, roles = new[] { Roles.Operator } }, ct);
        var user = await ApiAssert.OkAsync(created, HttpStatusCode.Created);
        Assert.Equal(Roles.Operator, user.GetProperty("roles")[0].GetString());

        var promoted = await admin.PutAsJsonAsync($"/api/users/{user.GetProperty("id").GetInt32()}/roles",
            new { roles = new[] { Roles.Approver } }, ct);
        Assert.Equal(Roles.Approver, (await ApiAssert.OkAsync(promoted)).GetProperty("roles")[0].GetString());
        Assert.False(string.IsNullOrEmpty(await _app.TokenAsync("op@test.local")));
    }
}
