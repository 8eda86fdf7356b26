using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.People;

/// <summary>Disabling, enabling, deleting and demoting people, over the API with real tokens.</summary>
public sealed class UserLifecycleTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADisabledUsersLiveTokenIsRefusedAtOnceAndTheyCannotGetANewOne()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        using var op = await _app.ClientAsAsync(Roles.Operator);
        var opId = await _app.EnsureUserAsync("operator@test.local", Roles.Operator);
        await ApiAssert.OkAsync(await op.GetAsync("/api/sync/staged", Ct));

        var disabled = await ApiAssert.OkAsync(await admin.PostAsync($"/api/users/{opId}/disable", null, Ct));
        Assert.True(disabled.GetProperty("disabled").GetBoolean());

        var refused = await ApiAssert.ErrorAsync(await op.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", refused.GetProperty("authorization").GetString(), StringComparison.Ordinal);
        using var anonymous = _app.CreateClient();
        var token = await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "operator@test.local", password = SyncStudioApp.Password }, Ct), HttpStatusCode.Unauthorized);
        Assert.Contains("disabled", token.GetProperty("account").GetString(), StringComparison.Ordinal);
        // Only to whoever knows the password: a wrong one is answered as for anyone.
        var wrong = await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "operator@test.local", password = "not-the-password" }, Ct), HttpStatusCode.Unauthorized);
        Assert.False(wrong.TryGetProperty("account", out _));

        await ApiAssert.OkAsync(await admin.PostAsync($"/api/users/{opId}/enable", null, Ct));
        await ApiAssert.OkAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "operator@test.local", password = SyncStudioApp.Password }, Ct));
        var actions = await AuditActionsAsync(admin, opId);
        Assert.Contains("user_disabled", actions);
        Assert.Contains("user_enabled", actions);
    }

    [Fact]
    public async Task ADemotedUsersLiveTokenIsRefusedWhatTheirNewRoleDoesNotAllow()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        using var op = await _app.ClientAsAsync(Roles.Operator);
        var opId = await _app.EnsureUserAsync("operator@test.local", Roles.Operator);
        await ApiAssert.OkAsync(await op.PostAsJsonAsync("/api/products", new { title = "Before the demotion", price = 5m }, Ct), HttpStatusCode.Created);

        await ApiAssert.OkAsync(await admin.PutAsJsonAsync($"/api/users/{opId}/roles", new { roles = new[] { Roles.Viewer } }, Ct));

        var refused = await ApiAssert.ErrorAsync(await op.PostAsJsonAsync("/api/products", new { title = "After the demotion", price = 5m }, Ct),
            HttpStatusCode.Forbidden);
        Assert.Equal(Roles.Operator, refused.GetProperty("required_role").GetString());
        // Still a Viewer: reading goes on with the same token.
        await ApiAssert.OkAsync(await op.GetAsync("/api/products", Ct));
    }

    [Fact]
    public async Task AnAdminCannotDisableDeleteOrResetThemselves()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        var adminId = await _app.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);

        await ApiAssert.ErrorAsync(await admin.PostAsync($"/api/users/{adminId}/disable", null, Ct), HttpStatusCode.Conflict);
        await ApiAssert.ErrorAsync(await admin.DeleteAsync($"/api/users/{adminId}", Ct), HttpStatusCode.Conflict);
        await ApiAssert.ErrorAsync(await admin.PostAsJsonAsync($"/api/users/{adminId}/reset-password", new { password = "Another-Password-1" }, Ct),
            HttpStatusCode.Conflict);
        await ApiAssert.OkAsync(await admin.GetAsync("/api/users", Ct));
    }

    [Fact]
    public async Task TheLastActiveAdminCannotBeDisabledOrDeleted()
    {
        var adminId = await _app.EnsureUserAsync(SyncStudioApp.AdminEmail, Roles.Admin);
        var otherId = await _app.EnsureUserAsync("second-admin@test.local", Roles.Admin);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();

        Assert.Equal(UserOutcome.Ok, (await users.DisableAsync(otherId, adminId, Ct)).Outcome);
        // Asked by anyone but the Admin themselves (another instance, a script): still the last one standing.
        Assert.Equal(UserOutcome.Conflict, (await users.DisableAsync(adminId, otherId, Ct)).Outcome);
        Assert.Equal(UserOutcome.Conflict, (await users.DeleteAsync(adminId, otherId, Ct)).Outcome);
        Assert.Equal(UserOutcome.Invalid, (await users.SetRolesAsync(adminId, [Roles.Viewer], otherId, Ct)).Outcome);
    }

    [Fact]
    public async Task AUserDeletedCannotSignInIsNotListedAndTheirEmailCanBeRegisteredAgain()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        using var viewer = await _app.ClientAsAsync(Roles.Viewer);
        var viewerId = await _app.EnsureUserAsync("viewer@test.local", Roles.Viewer);

        var deleted = await admin.DeleteAsync($"/api/users/{viewerId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Unauthorized);
        using var anonymous = _app.CreateClient();
        var token = await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "viewer@test.local", password = SyncStudioApp.Password }, Ct), HttpStatusCode.Unauthorized);
        Assert.False(token.TryGetProperty("account", out _));
        var list = await ApiAssert.OkAsync(await admin.GetAsync("/api/users", Ct));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetInt32() == viewerId);
        await ApiAssert.ErrorAsync(await admin.DeleteAsync($"/api/users/{viewerId}", Ct), HttpStatusCode.NotFound);
        Assert.Contains("user_deleted", await AuditActionsAsync(admin, viewerId));

        var again = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/api/users",
            new { email = "viewer@test.local", password = SyncStudioApp.Password, roles = new[] { Roles.Viewer } }, Ct), HttpStatusCode.Created);
        Assert.NotEqual(viewerId, again.GetProperty("id").GetInt32());
        await ApiAssert.OkAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "viewer@test.local", password = SyncStudioApp.Password }, Ct));
    }

    [Fact]
    public async Task SystemActorsAreNeitherListedNorAbleToSignIn()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        var list = await ApiAssert.OkAsync(await admin.GetAsync("/api/users", Ct));
        Assert.All(list.GetProperty("items").EnumerateArray(), u => Assert.Contains('@', u.GetProperty("email").GetString()!));

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncStudioDbContext>();
        Assert.Equal(SystemActors.All.Order(), (await db.Users.Where(u => u.SystemActor != null).Select(u => u.SystemActor!).ToListAsync(Ct)).Order());
        var webhook = await db.Users.SingleAsync(u => u.SystemActor == SystemActors.ShopifyWebhook, Ct);
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        Assert.False(await signIn.CanSignInAsync(webhook));
        var standing = scope.ServiceProvider.GetRequiredService<UserStandingCache>();
        Assert.Null(await standing.GetAsync(webhook.Id, Ct));
    }

    [Fact]
    public void ADashboardCircuitRechecksItsUsersStamp()
    {
        using var scope = _app.Services.CreateScope();

        var provider = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();

        Assert.IsType<SyncStudio.Web.Auth.RevalidatingAuthenticationState>(provider);
    }

    internal static async Task<List<string>> AuditActionsAsync(HttpClient admin, int userId)
    {
        var audit = await ApiAssert.OkAsync(await admin.GetAsync($"/api/audit?entity_type=user&entity_id={userId}&per_page=100", Ct));
        return audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
    }

    internal static AuthenticationHeaderValue Bearer(JsonElement tokenAnswer) =>
        new("Bearer", tokenAnswer.GetProperty("access_token").GetString());
}
