using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using SyncStudio.Data;
using SyncStudio.Services.Batches;

namespace SyncStudio.Tests.Components;

/// <summary>
/// The base of the dashboard's component tests: MudBlazor services with no transitions, loose JS interop, a fixed
/// clock, an in-process progress publisher, and a signed-in user whose roles satisfy policies as the app's do.
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Clock = new FakeTimeProvider(Now);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddScoped<SyncStudio.Web.Display.ViewerTimeZone>();
        Publisher = new BatchProgressPublisher([]);
        Services.AddSingleton(Publisher);
        Authorization = AddAuthorization();
    }

    protected FakeTimeProvider Clock { get; }

    protected BatchProgressPublisher Publisher { get; }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs in a user with one role; every policy at or below that role is granted, as in the app.</summary>
    protected void SignInAs(string role, int userId = 42)
    {
        Authorization.SetAuthorized($"{role.ToLowerInvariant()}@example.com");
        Authorization.SetRoles(role);
        Authorization.SetPolicies([.. Roles.All.Where(policy => Roles.AtLeast(policy).Contains(role))]);
        Authorization.SetClaims(new Claim("sub", userId.ToString(CultureInfo.InvariantCulture)));
    }
}
