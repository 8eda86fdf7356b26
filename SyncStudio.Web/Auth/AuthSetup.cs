using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SyncStudio.Data;
using SyncStudio.Services.Users;
using SyncStudio.Web.Api;

namespace SyncStudio.Web.Auth;

/// <summary>
/// Cookie sign-in for the dashboard, JWT bearer for the API (and for SignalR clients), one policy per role level.
/// </summary>
public static class AuthSetup
{
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";
    private const string SmartScheme = "cookie-or-bearer";

    public static IServiceCollection AddSyncStudioAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<TokenService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // A token is refused once its user is disabled, deleted or their password changes, and carries the
                    // user's roles now, not at issue (docs/decisions/0012).
                    OnTokenValidated = UserStandingChecks.ValidateTokenAsync,
                    // SignalR clients send the token in the query string (WebSockets cannot carry headers).
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var reason = context.AuthenticateFailure switch
                        {
                            null => "A bearer token is required (POST /api/auth/token).",
                            TokenRevokedException revoked => revoked.Message,
                            _ => "The bearer token is invalid or expired.",
                        };
                        await ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
                            new Dictionary<string, object?> { ["authorization"] = reason });
                    },
                    OnForbidden = context => ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                        "Forbidden", new Dictionary<string, object?> { ["required_role"] = RequiredRole(context.HttpContext) }),
                };
            })
            .AddIdentityCookies(o => o.ApplicationCookie?.Configure(c =>
            {
                c.LoginPath = "/login";
                c.LogoutPath = "/logout";
                c.AccessDeniedPath = "/access-denied";
                c.SlidingExpiration = true;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.Cookie.Name = "syncstudio.auth";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Lax;
                // Hub connections are not pages: answer 401/403 rather than redirecting them to the sign-in page.
                c.Events.OnRedirectToLogin = context => RedirectUnlessHub(context, StatusCodes.Status401Unauthorized);
                c.Events.OnRedirectToAccessDenied = context => RedirectUnlessHub(context, StatusCodes.Status403Forbidden);
            }));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, JwtSigningKey>((o, jwt, key) =>
            {
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKey = key.Key,
                    ValidateIssuerSigningKey = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "email",
                    RoleClaimType = RoleClaim,
                };
            });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<SyncStudioDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddSignInManager<AppSignInManager>()
            .AddDefaultTokenProviders();
        // The cookie's stamp is checked (and its roles read again) at least this often; the token's, through the cache.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = UserStandingCache.MaxAge);

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.AtLeast(Roles.Viewer)))
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.AtLeast(Roles.Operator)))
            .AddPolicy(Roles.Approver, p => p.RequireRole(Roles.AtLeast(Roles.Approver)))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.AtLeast(Roles.Admin)));
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task RedirectUnlessHub(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/hubs"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static string SelectScheme(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api"))
            return JwtBearerDefaults.AuthenticationScheme;
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token"));
        return bearer ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme;
    }

    private static string? RequiredRole(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null);

    /// <summary>The signed-in user's id, from the JWT <c>sub</c> or the cookie's name identifier.</summary>
    public static int? GetUserId(this ClaimsPrincipal principal)
    {
        var value = principal.FindFirstValue(SubjectClaim) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static int RequireUserId(this ClaimsPrincipal principal) =>
        principal.GetUserId() ?? throw new InvalidOperationException("An authenticated user has no id claim.");

    public static bool HasRoleAtLeast(this ClaimsPrincipal principal, string role) =>
        Roles.AtLeast(role).Any(principal.IsInRole);
}
