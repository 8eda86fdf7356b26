using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary><c>/readyz</c>: anonymous, each check named by a word (the 503 of a lost token is in DataProtectionKeysTests).</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly SyncStudioApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ReadyzAnswersWithoutSignInThatTheDatabaseMigrationsAndStoreConnectionAreUsable()
    {
        using var client = _app.CreateClient();
        var body = await ApiAssert.OkAsync(await client.GetAsync("/readyz", TestContext.Current.CancellationToken));
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("database").GetString());
        Assert.Equal("applied", body.GetProperty("migrations").GetString());
        Assert.Equal("configured", body.GetProperty("store_connection").GetString());
    }
}
