using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SyncStudio.Data;
using SyncStudio.Services.Diagnostics;

namespace SyncStudio.Web;

/// <summary>
/// OpenTelemetry for the app: metrics always (the sync's own <see cref="SyncMetrics"/>, ASP.NET Core's and HttpClient's),
/// scraped as Prometheus text at <c>/metrics</c> by an Admin's bearer token; traces (HTTP in and out, EF Core, each batch
/// and its phases, every Shopify call) and logs (with their BatchId/ChangeId scopes) exported by OTLP when an endpoint is
/// configured: <c>OpenTelemetry:OtlpEndpoint</c> (with <c>OpenTelemetry:OtlpProtocol</c> grpc or http/protobuf), or the
/// standard <c>OTEL_EXPORTER_OTLP_*</c> variables. See docs/decisions/0014-keys-backups-and-observability.md.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddSyncStudioObservability(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(SyncTelemetry.Name))
            .WithMetrics(metrics => metrics
                .AddMeter(SyncTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                // Each scrape reads the counters as they are: a test (or an operator) that just saw a batch end finds it.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        var configured = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        var standard = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(configured) && string.IsNullOrWhiteSpace(standard))
            return builder;

        otel.WithTracing(tracing => tracing
                .AddSource(SyncTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                // A notification webhook's address is a credential: its requests are not traced (a span carries the URL).
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    !request.Options.TryGetValue(Services.Notifications.WebhookSender.SecretAddress, out _))
                .AddEntityFrameworkCoreInstrumentation())
            .WithLogging(_ => { }, o => o.IncludeScopes = true);
        if (string.IsNullOrWhiteSpace(configured))
        {
            otel.UseOtlpExporter();
        }
        else
        {
            var protocol = builder.Configuration["OpenTelemetry:OtlpProtocol"] is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            otel.UseOtlpExporter(protocol, new Uri(configured));
        }
        return builder;
    }

    /// <summary>
    /// The Prometheus scrape endpoint, for an Admin's bearer token only (a scraper is a client, not a browser: it gets a
    /// 401, never a redirect to the sign-in page). Counts of batches and Shopify usage are the store's business.
    /// </summary>
    public static IEndpointRouteBuilder MapSyncStudioMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(new AuthorizeAttribute(Roles.Admin) { AuthenticationSchemes = JwtBearerDefaults.AuthenticationScheme });
        return app;
    }
}
