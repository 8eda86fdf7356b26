using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;

namespace SyncStudio.Services.Users;

/// <summary>
/// The user rows that stand for what starts a batch without a person: Shopify's webhooks and the scheduler
/// (docs/decisions/0012). A batch's <c>created_by</c> references users, so these are rows too; they have no password,
/// no roles and no email, never sign in, and are not listed as users.
/// </summary>
public sealed class SystemActorDirectory(IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>How history names each system actor.</summary>
    public static string Label(string actor) => actor switch
    {
        SystemActors.ShopifyWebhook => "Shopify webhook",
        SystemActors.Schedule => "Schedule",
        _ => actor,
    };

    public async Task<int> IdOfAsync(string actor, CancellationToken ct)
    {
        if (_ids.TryGetValue(actor, out var id))
            return id;
        await using var db = await factory.CreateDbContextAsync(ct);
        id = await db.Users.Where(u => u.SystemActor == actor).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (id == 0)
            throw new InvalidOperationException($"The system actor '{actor}' has no user row; the start-up step adds it.");
        return _ids[actor] = id;
    }

    /// <summary>Adds the rows that are missing; run at start after the first Admin, so that Admin keeps the first id.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var present = await db.Users.Where(u => u.SystemActor != null).Select(u => u.SystemActor!).ToListAsync(ct);
        foreach (var actor in SystemActors.All.Except(present))
        {
            var name = $"system:{actor}";
            db.Users.Add(new AppUser
            {
                UserName = name,
                NormalizedUserName = name.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString("N"),
                SystemActor = actor,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance starting on the same database may have added them first (the unique index refused ours).
            if (!await AllPresentAsync(ct))
                throw;
        }
    }

    private async Task<bool> AllPresentAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(u => u.SystemActor != null, ct) == SystemActors.All.Count;
    }
}
