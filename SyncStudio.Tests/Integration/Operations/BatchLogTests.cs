using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncStudio.Services.Batches;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>What the log says of a batch: its start and end at Information with counts, every line in its BatchId scope.</summary>
public sealed class BatchLogTests
{
    [Fact]
    public async Task ABatchLogsItsStartAndEndWithCountsInItsBatchIdScope()
    {
        var collector = new ScopeCollector();
        await using var h = await SyncHarness.StartAsync("synthetic:4:1", services: s => s.AddSingleton<ILoggerProvider>(collector));

        var pull = await h.PullAsync(new { sync_type = "full" });
        var batchId = pull.GetProperty("batch_id").GetString()!;

        var lines = collector.Entries.Where(e => e.Category == typeof(BatchRunner).FullName && e.Message.Contains(batchId, StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, e => e.Level == LogLevel.Information && e.Message.EndsWith("started (pull_from_shopify)", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Level == LogLevel.Information && e.Message.Contains("completed", StringComparison.Ordinal)
            && e.Message.Contains("4 of 4 items", StringComparison.Ordinal) && e.Message.Contains("Shopify calls costing", StringComparison.Ordinal));
        Assert.All(lines, e => Assert.Equal(batchId, e.Scopes.GetValueOrDefault("BatchId")));
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, Dictionary<string, object?> Scopes);

    private sealed class ScopeCollector : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                    return;
                var scopes = new Dictionary<string, object?>();
                owner._scopes.ForEachScope((scope, values) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, value) in pairs)
                            values[key] = value;
                }, scopes);
                owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), scopes));
            }
        }
    }
}
