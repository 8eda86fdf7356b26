using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Web.Auth;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

public sealed class PasswordChangeGateTests : DashboardTestContext
{
    [Fact]
    public void AUserWhosePasswordMustChangeIsSentToTheChangePasswordPage()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/review");
        SignInAs(Roles.Operator);
        Authorization.SetClaims(new Claim("sub", "42"), new Claim(UserStandingChecks.PasswordChangeClaim, "required"));

        Render<PasswordChangeGate>();

        Assert.Equal("/account/password?returnUrl=%2Freview", "/" + navigation.ToBaseRelativePath(navigation.Uri));
    }

    [Fact]
    public void AUserWhosePasswordIsTheirOwnStaysOnThePage()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/review");
        SignInAs(Roles.Operator);

        Render<PasswordChangeGate>();

        Assert.Equal("review", navigation.ToBaseRelativePath(navigation.Uri));
    }
}
