using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SyncStudio.Tests.Infrastructure;

/// <summary>
/// Runs an action once, right before the next read of <c>sync_versions</c>: in a push or a rollback, the read of the
/// product's base, after the product was loaded and compared and before it is written. A test makes an edit land
/// exactly there, with no race left to chance.
/// </summary>
public sealed class BeforeVersionsRead : DbCommandInterceptor
{
    private Func<Task>? _action;

    public bool Fired { get; private set; }

    public void Arm(Func<Task> action) => Interlocked.Exchange(ref _action, action);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("\"sync_versions\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _action, null) is { } action)
        {
            await action();
            Fired = true;
        }
        return result;
    }
}
