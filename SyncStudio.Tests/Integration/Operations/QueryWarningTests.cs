using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncStudio.Tests.Infrastructure;

namespace SyncStudio.Tests.Integration.Operations;

/// <summary>The default log tells what happened, without EF Core warning about the app's own queries.</summary>
public sealed class QueryWarningTests
{
    [Fact]
    public async Task ABulkApproveAndPushLogNoEfCoreQueryWarning()
    {
        var collector = new WarningCollector();
        await using var h = await SyncHarness.StartAsync("synthetic:3:1", services: s => s.AddSingleton<ILoggerProvider>(collector));

        await h.AgreeOnEverythingAsync();

        // 10103: First/FirstOrDefault without OrderBy or filter (the bulk review's one-group count).
        Assert.DoesNotContain(collector.Warnings, w => w.Category.StartsWith("Microsoft.EntityFrameworkCore.Query", StringComparison.Ordinal));
    }

    private sealed class WarningCollector : ILoggerProvider
    {
        public ConcurrentBag<(string Category, int EventId, string Message)> Warnings { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    owner.Warnings.Add((category, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
