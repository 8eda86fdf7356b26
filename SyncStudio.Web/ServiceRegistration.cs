using System.Text.Json;
using System.Text.Json.Serialization;
using MudBlazor.Services;
using SyncStudio.Services.Batches;
using SyncStudio.Web.Api;
using SyncStudio.Web.Auth;
using SyncStudio.Web.Hubs;

namespace SyncStudio.Web;

public static class ServiceRegistration
{
    public static IHostApplicationBuilder AddSyncStudioWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSyncStudioAuth();
        services.AddSyncStudioRateLimits(builder.Configuration);
        builder.AddSyncStudioDataProtection();

        // The API speaks the contract's snake_case and refuses what it does not understand.
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long>("Limits:MaxRequestBodyBytes", 10 * 1024 * 1024));

        services.AddSyncStudioOpenApi();

        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<IBatchProgressSink, SignalRProgressSink>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        // After the components' own registration, so that a live circuit re-checks its user's stamp (docs/decisions/0012).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddMudServices();
        services.AddSingleton<Display.ShopCurrency>();
        services.AddScoped<Display.ViewerTimeZone>();
        services.AddAntiforgery();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
