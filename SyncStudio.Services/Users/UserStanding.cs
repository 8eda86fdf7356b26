using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SyncStudio.Data;

namespace SyncStudio.Services.Users;

/// <summary>
/// What a signed-in request must be checked against: the user's security stamp (as its hash, the form a token
/// carries), their roles now, and whether their password must change first. Only a person who may sign in has one.
/// </summary>
public sealed record UserStanding(string StampHash, IReadOnlyList<string> Roles, bool MustChangePassword);

/// <summary>
/// Each user's <see cref="UserStanding"/>, read from the database at most every <see cref="MaxAge"/> per user and
/// dropped at once when this process changes the user (docs/decisions/0012). Other instances on the same database see
/// a change within <see cref="MaxAge"/>. Ages are measured with <see cref="TimeProvider"/>, so a test's clock decides.
/// </summary>
public sealed class UserStandingCache(IMemoryCache cache, IDbContextFactory<SyncStudioDbContext> factory, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Entry(UserStanding? Standing, DateTimeOffset ReadAt);

    /// <summary>The user's standing, or null when no person with that id may sign in (unknown, disabled, deleted).</summary>
    public async Task<UserStanding?> GetAsync(int userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(Key(userId), out Entry? entry) && entry is not null && now - entry.ReadAt < MaxAge)
            return entry.Standing;

        var standing = await ReadAsync(userId, ct);
        // The memory cache's own expiry only bounds memory; the age check above is what limits staleness.
        cache.Set(Key(userId), new Entry(standing, now), MaxAge);
        return standing;
    }

    public void Invalidate(int userId) => cache.Remove(Key(userId));

    /// <summary>
    /// A token carries this, not the stamp: Identity's default token providers derive codes from the stamp, and a
    /// token's payload is readable by whoever holds it.
    /// </summary>
    public static string HashStamp(string? stamp) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? "")))[..22];

    public static bool SameStamp(string? claimed, string expected) =>
        claimed is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(claimed), Encoding.UTF8.GetBytes(expected));

    private async Task<UserStanding?> ReadAsync(int userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.DisabledAt == null && u.DeletedAt == null && u.SystemActor == null)
            .Select(u => new { u.SecurityStamp, u.MustChangePassword })
            .FirstOrDefaultAsync(ct);
        if (user is null)
            return null;
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == userId
                           select r.Name!).ToListAsync(ct);
        return new UserStanding(HashStamp(user.SecurityStamp), roles, user.MustChangePassword);
    }

    private static string Key(int userId) => $"user-standing:{userId}";
}
