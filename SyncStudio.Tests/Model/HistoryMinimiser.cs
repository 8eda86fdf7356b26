namespace SyncStudio.Tests.Model;

/// <summary>
/// Cuts a failing history down to the steps that matter: drops runs of steps (halves, quarters, ... single steps)
/// and products while it still breaks the same invariant. CsCheck's own shrinking searches by re-sampling, which for
/// histories costing a second each needs more runs than a CI budget has; this deterministic pass finishes the job for
/// a report (<c>SYNC_MODEL_MINIMISE=1</c>).
/// </summary>
public static class HistoryMinimiser
{
    public static async Task<(SyncHistory History, string Failure)> MinimiseAsync(
        SyncHistory failing, string invariant, Func<SyncHistory, Task<InvariantViolationException?>> run, Action<string> log)
    {
        var best = failing;
        var failure = "";
        async Task<bool> StillFails(SyncHistory candidate)
        {
            var violation = await run(candidate);
            if (violation?.Invariant != invariant)
                return false;
            failure = violation.Message;
            return true;
        }

        if (!await StillFails(best))
            return (best, "(did not fail again)");
        for (var chunk = Math.Max(1, best.Ops.Length / 2); chunk >= 1; chunk /= 2)
        {
            for (var start = best.Ops.Length - chunk; start >= 0; start -= chunk)
            {
                var candidate = best with { Ops = [.. best.Ops.Take(start), .. best.Ops.Skip(start + chunk)] };
                if (await StillFails(candidate))
                {
                    best = candidate;
                    log($"minimise: {best.Ops.Length} steps");
                }
            }

            if (chunk == 1)
                break;
        }

        for (var product = best.VariantCounts.Length - 1; product >= 0 && best.VariantCounts.Length > 1; product--)
        {
            var candidate = best with { VariantCounts = [.. best.VariantCounts.Where((_, i) => i != product)] };
            if (await StillFails(candidate))
                best = candidate;
        }

        await StillFails(best);
        return (best, failure);
    }
}
