using SyncStudio.Services.Json;

namespace SyncStudio.Services.Sync;

/// <summary>
/// What an apply leaves for its rollback (a change's <c>rollback_data</c>): what each side held before it, which sides
/// it wrote, the hash each side held right after it (so a rollback sees whether a side moved since), and the agreed
/// version it recorded (so the rollback finds the version before it: the change's base). Written by the apply and
/// read by the rollback through this one type. The snapshots serialise as <see cref="SnapshotJson"/> writes them.
/// </summary>
public sealed record RollbackData(
    ProductSnapshot? LocalBefore,
    ProductSnapshot? ShopifyBefore,
    bool WroteLocal,
    bool WroteShopify,
    string? LocalAfterHash,
    string? ShopifyAfterHash,
    int? VersionNumber)
{
    public string ToJson() => SyncJson.Serialize(this);

    public static RollbackData? FromJson(string? json) => SyncJson.Deserialize<RollbackData>(json);
}
