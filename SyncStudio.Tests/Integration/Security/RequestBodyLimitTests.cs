using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SyncStudio.Data;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Security;

/// <summary>
/// The request size limit is Kestrel's (the in-memory test server has none), so this app listens on loopback, with a
/// small limit: a body over it is answered 413 in the error shape on every route, however the route reads its body.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private const int Limit = 4096;
    private static readonly string Oversized = new('x', 2 * Limit);

    private readonly SyncStudioApp _app = new(settings: new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public ValueTask InitializeAsync()
    {
        _app.UseKestrel(SyncHarness.FreePort());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOversizedTokenRequestIsRefusedInTheErrorShape()
    {
        using var anonymous = _app.CreateClient();
        using var content = new StringContent($$"""{"email":"{{SyncStudioApp.AdminEmail}}","password":"{{Oversized}}"}""", Encoding.UTF8, "application/json");

        var details = await ApiAssert.ErrorAsync(await anonymous.PostAsync("/api/auth/token", content, Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(Limit, details.GetProperty("max_bytes").GetInt64());
    }

    [Fact]
    public async Task AnOversizedTokenRequestSentInChunksIsRefusedInTheErrorShape()
    {
        using var anonymous = _app.CreateClient();
        // No Content-Length: the limit is only met while the body is read.
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes($$"""{"email":"a@b.c","password":"{{Oversized}}"}""")));
        content.Headers.ContentType = new("application/json");

        await ApiAssert.ErrorAsync(await anonymous.PostAsync("/api/auth/token", content, Ct), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnOversizedImportIsRefusedInTheErrorShapeAndImportsNothing()
    {
        using var admin = await _app.ClientAsAsync(Roles.Admin);
        var csv = new StringBuilder("Handle,Title,Variant Price\n");
        for (var i = 0; csv.Length <= 2 * Limit; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"big-{i},Big {i},5\n");
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");

        var details = await ApiAssert.ErrorAsync(await admin.PostAsync("/api/products/import", content, Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(Limit, details.GetProperty("max_bytes").GetInt64());
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SyncStudioDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Products.CountAsync(Ct));
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
