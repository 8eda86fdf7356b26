using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Services.Setup;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.People;

/// <summary>One's own password change, an Admin's reset, and the generated first password, over the API.</summary>
public sealed partial class PasswordTests : IAsyncLifetime
{
    private const string NewPassword = "My-Own-Password-42";
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangingOnesOwnPasswordEndsTheOldTokenAndTheOldPassword()
    {
        using var viewer = await _app.ClientAsAsync(Roles.Viewer);
        var viewerId = await _app.EnsureUserAsync("viewer@test.local", Roles.Viewer);

        var wrong = await ApiAssert.ErrorAsync(await viewer.PostAsJsonAsync("/api/auth/password",
            new { current_password = "not-my-password", new_password = NewPassword }, Ct), HttpStatusCode.BadRequest);
        Assert.True(wrong.TryGetProperty("current_password", out _));
        var weak = await ApiAssert.ErrorAsync(await viewer.PostAsJsonAsync("/api/auth/password",
            new { current_password = SyncStudioApp.Password, new_password = "short" }, Ct), HttpStatusCode.BadRequest);
        Assert.True(weak.TryGetProperty("new_password", out _));
        await ApiAssert.OkAsync(await viewer.GetAsync("/api/sync/staged", Ct));

        var changed = await ApiAssert.OkAsync(await viewer.PostAsJsonAsync("/api/auth/password",
            new { current_password = SyncStudioApp.Password, new_password = NewPassword }, Ct));

        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Unauthorized);
        using var renewed = _app.CreateClient();
        renewed.DefaultRequestHeaders.Authorization = UserLifecycleTests.Bearer(changed);
        await ApiAssert.OkAsync(await renewed.GetAsync("/api/sync/staged", Ct));
        using var anonymous = _app.CreateClient();
        await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = "viewer@test.local", password = SyncStudioApp.Password }, Ct), HttpStatusCode.Unauthorized);
        var token = await ApiAssert.OkAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "viewer@test.local", password = NewPassword }, Ct));
        Assert.False(token.GetProperty("password_change_required").GetBoolean());
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        Assert.Contains("password_changed", await UserLifecycleTests.AuditActionsAsync(admin, viewerId));
    }

    [Fact]
    public async Task AResetPasswordMustBeChangedBeforeTheTokenDoesAnythingElse()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        using var op = await _app.ClientAsAsync(Roles.Operator);
        var opId = await _app.EnsureUserAsync("operator@test.local", Roles.Operator);
        const string temporary = "Temporary-Password-7";

        var reset = await ApiAssert.OkAsync(await admin.PostAsJsonAsync($"/api/users/{opId}/reset-password", new { password = temporary }, Ct));
        Assert.True(reset.GetProperty("must_change_password").GetBoolean());

        await ApiAssert.ErrorAsync(await op.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Unauthorized);
        using var anonymous = _app.CreateClient();
        var token = await ApiAssert.OkAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "operator@test.local", password = temporary }, Ct));
        Assert.True(token.GetProperty("password_change_required").GetBoolean());
        using var limited = _app.CreateClient();
        limited.DefaultRequestHeaders.Authorization = UserLifecycleTests.Bearer(token);
        var gate = await ApiAssert.ErrorAsync(await limited.GetAsync("/api/sync/staged", Ct), HttpStatusCode.Forbidden);
        Assert.Contains("/api/auth/password", gate.GetProperty("password").GetString(), StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await limited.PostAsJsonAsync("/api/products", new { title = "Not yet", price = 1m }, Ct), HttpStatusCode.Forbidden);
        await ApiAssert.ErrorAsync(await limited.PostAsJsonAsync("/api/auth/password",
            new { current_password = temporary, new_password = temporary }, Ct), HttpStatusCode.BadRequest);

        var changed = await ApiAssert.OkAsync(await limited.PostAsJsonAsync("/api/auth/password",
            new { current_password = temporary, new_password = NewPassword }, Ct));

        Assert.False(changed.GetProperty("password_change_required").GetBoolean());
        using var renewed = _app.CreateClient();
        renewed.DefaultRequestHeaders.Authorization = UserLifecycleTests.Bearer(changed);
        await ApiAssert.OkAsync(await renewed.GetAsync("/api/sync/staged", Ct));
        var users = await ApiAssert.OkAsync(await admin.GetAsync("/api/users", Ct));
        Assert.False(users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == opId)
            .GetProperty("must_change_password").GetBoolean());
        Assert.Contains("password_reset", await UserLifecycleTests.AuditActionsAsync(admin, opId));
    }

    [Fact]
    public async Task TheGeneratedFirstAdminPasswordIsShownOnceAndMustBeChangedAtFirstSignIn()
    {
        using var output = new StringWriter();
        await using var app = new SyncStudioApp(settings: new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "" },
            services: s => s.AddSingleton(new FirstAdminNotice(output)));
        using var anonymous = app.CreateClient();
        var shown = OneTimePassword().Match(output.ToString());
        Assert.True(shown.Success, output.ToString());
        Assert.Single(OneTimePassword().Matches(output.ToString()));
        var generated = shown.Groups[1].Value;

        var token = await ApiAssert.OkAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email = SyncStudioApp.AdminEmail, password = generated }, Ct));
        Assert.True(token.GetProperty("password_change_required").GetBoolean());
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = UserLifecycleTests.Bearer(token);
        await ApiAssert.ErrorAsync(await admin.GetAsync("/api/users", Ct), HttpStatusCode.Forbidden);

        var changed = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/api/auth/password",
            new { current_password = generated, new_password = NewPassword }, Ct));

        admin.DefaultRequestHeaders.Authorization = UserLifecycleTests.Bearer(changed);
        await ApiAssert.OkAsync(await admin.GetAsync("/api/users", Ct));
        await ApiAssert.ErrorAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email = SyncStudioApp.AdminEmail, password = generated }, Ct),
            HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("one-time password (\\S+) ")]
    private static partial Regex OneTimePassword();
}
