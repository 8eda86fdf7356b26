using Microsoft.AspNetCore.Identity;
using SyncStudio.Data;

namespace SyncStudio.Web.Auth;

public static class AccountEndpoints
{
    /// <summary>Sign-out for the dashboard (a form post with antiforgery). Sign-in is the static Login page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
