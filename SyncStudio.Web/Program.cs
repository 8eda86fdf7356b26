using SyncStudio.Data;
using SyncStudio.Services;
using SyncStudio.Services.Setup;
using SyncStudio.Web;
using SyncStudio.Web.Api;
using SyncStudio.Web.Auth;
using SyncStudio.Web.Components;
using SyncStudio.Web.Hubs;

if (BackupCommand.IsRequested(args))
    return await BackupCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddSyncStudioData();
builder.AddSyncStudioServices();
builder.AddSyncStudioWeb();
builder.AddSyncStudioStore();
builder.AddSyncStudioObservability();

var app = builder.Build();
await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync();

app.UseApiErrors();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UsePasswordChangeGate();
app.UseAntiforgery();

app.MapSyncStudioApi();
app.MapSyncStudioOpenApi();
app.MapSyncStudioStore(app.Configuration);
app.MapSyncStudioMetrics();
app.MapAccountEndpoints();
app.MapHub<SyncHub>(SyncHub.Path);
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
