using SyncStudio.Web.Auth;

namespace SyncStudio.Web.Components.Shared;

public static class LoginRedirect
{
    /// <summary>Only paths on this site: never redirect a signed-in user to another host.</summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";

    /// <summary>The change-password page, coming back to <paramref name="returnUrl"/> afterwards.</summary>
    public static string ToPasswordChange(string? returnUrl) =>
        $"{UserStandingChecks.PasswordPage}?returnUrl={Uri.EscapeDataString(Safe(returnUrl))}";
}
