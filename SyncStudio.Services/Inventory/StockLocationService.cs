using Microsoft.EntityFrameworkCore;
using SyncStudio.Data;
using SyncStudio.Services.Audit;
using SyncStudio.Services.Shopify;
using SyncStudio.Services.Sync;

namespace SyncStudio.Services.Inventory;

/// <summary>A local stock location and the Shopify location it is mapped to (null: none, or for the default, Shopify's primary).</summary>
public sealed record StockLocationView(string Key, string Name, long? ShopifyLocationId, string? ShopifyLocationName);

/// <summary>A Shopify location as Settings offers it.</summary>
public sealed record ShopifyLocationView(long Id, string Name, bool Primary);

/// <summary>The mapping as Settings shows it; <see cref="ShopifyLocations"/> is null when Shopify could not be read.</summary>
public sealed record StockLocationsView(IReadOnlyList<StockLocationView> Locations, IReadOnlyList<ShopifyLocationView>? ShopifyLocations, string? ShopifyError);

public sealed record StockLocationInput(string? Key, string? Name, long? ShopifyLocationId);

public enum StockLocationOutcome
{
    Ok,
    Invalid,
    InUse,
    ShopifyUnavailable,
}

public sealed record StockLocationResult(StockLocationOutcome Outcome, StockLocationsView? View = null, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>
/// The merchant's stock locations and their mapping to Shopify's (docs/decisions/0019): read from Shopify, saved as a
/// whole. A key is a location's identity (it is in field paths): it is never renamed; a location that still holds stock
/// is not removed.
/// </summary>
public sealed class StockLocationService(IDbContextFactory<SyncStudioDbContext> factory, IShopifyClient shopify)
{
    public async Task<StockLocationsView> GetAsync(CancellationToken ct)
    {
        var (shopifyLocations, error) = await ReadShopifyAsync(ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.StockLocations.AsNoTracking().OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct);
        return View(rows, shopifyLocations, error);
    }

    /// <summary>The local stock locations (key and name, in their order) without reading Shopify: what the product form shows.</summary>
    public async Task<IReadOnlyList<StockLocationView>> ListLocalAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.StockLocations.AsNoTracking().OrderBy(l => l.Position).ThenBy(l => l.Id)
            .Select(l => new StockLocationView(l.Key, l.Name, l.ShopifyLocationId, null)).ToListAsync(ct);
    }

    public async Task<StockLocationResult> SaveAsync(IReadOnlyList<StockLocationInput> input, int actorId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var mapped = new HashSet<long>();
        for (var i = 0; i < input.Count; i++)
        {
            var l = input[i];
            if (!StockLevels.IsValidKey(l.Key))
                errors[$"locations[{i}].key"] = "must be 1 to 64 lowercase letters, digits and dashes";
            else if (!keys.Add(l.Key!))
                errors[$"locations[{i}].key"] = $"'{l.Key}' is given twice";
            if (string.IsNullOrWhiteSpace(l.Name) || l.Name.Length > 255)
                errors[$"locations[{i}].name"] = "must be a non-empty string of at most 255 characters";
            if (l.ShopifyLocationId is { } id && !mapped.Add(id))
                errors[$"locations[{i}].shopify_location_id"] = "each Shopify location is mapped to one local location at most";
        }

        if (!keys.Contains(StockLocation.DefaultKey))
            errors["locations"] = $"the default location '{StockLocation.DefaultKey}' is always kept";
        if (errors.Count > 0)
            return new StockLocationResult(StockLocationOutcome.Invalid, Errors: errors);

        var (shopifyLocations, error) = await ReadShopifyAsync(ct);
        if (mapped.Count > 0)
        {
            if (shopifyLocations is null)
                return new StockLocationResult(StockLocationOutcome.ShopifyUnavailable, Errors: new Dictionary<string, string> { ["shopify"] = error ?? "unavailable" });
            for (var i = 0; i < input.Count; i++)
            {
                if (input[i].ShopifyLocationId is { } id && !shopifyLocations.Any(s => s.Id == id))
                    errors[$"locations[{i}].shopify_location_id"] = $"Shopify has no location {id}";
            }

            if (errors.Count > 0)
                return new StockLocationResult(StockLocationOutcome.Invalid, Errors: errors);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.StockLocations.ToListAsync(ct);
        var removed = rows.Where(r => !keys.Contains(r.Key)).ToList();
        var removedKeys = removed.Select(r => r.Key).ToList();
        var holding = await db.VariantStockLevels.Where(l => removedKeys.Contains(l.LocationKey) && l.Available != 0)
            .Select(l => l.LocationKey).Distinct().ToListAsync(ct);
        if (holding.Count > 0)
        {
            return new StockLocationResult(StockLocationOutcome.InUse, Errors: holding.ToDictionary(
                k => $"locations.{k}", k => "still holds stock: move it to another location first"));
        }

        await db.VariantStockLevels.Where(l => removedKeys.Contains(l.LocationKey)).ExecuteDeleteAsync(ct);
        db.StockLocations.RemoveRange(removed);

        // Shopify ids are unique: clear them first and save, so swapping two mappings does not collide on the index.
        foreach (var row in rows)
            row.ShopifyLocationId = null;
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < input.Count; i++)
        {
            var l = input[i];
            var row = rows.FirstOrDefault(r => r.Key == l.Key);
            if (row is null)
                db.StockLocations.Add(row = new StockLocation { Key = l.Key!, Name = l.Name!.Trim() });
            row.Name = l.Name!.Trim();
            row.ShopifyLocationId = l.ShopifyLocationId;
            row.Position = i;
        }

        AuditLog.Add(db, new AuditEntry("settings", "stock_locations", "stock_locations_saved", actorId,
            Notes: string.Join(", ", input.Select(l => $"{l.Key}={l.ShopifyLocationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"))));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var saved = await db.StockLocations.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        return new StockLocationResult(StockLocationOutcome.Ok, View(saved, shopifyLocations, error));
    }

    private async Task<(List<ShopifyLocationView>? Locations, string? Error)> ReadShopifyAsync(CancellationToken ct)
    {
        var all = await shopify.GetLocationsAsync(ct);
        if (!all.Succeeded)
            return (null, all.Failure.Message);
        var primary = await shopify.GetPrimaryLocationAsync(ct);
        var primaryId = primary.Succeeded ? primary.Value?.Id : null;
        return ([.. all.Value!.Select(l => new ShopifyLocationView(l.Id, l.Name, l.Id == primaryId))], null);
    }

    private static StockLocationsView View(List<StockLocation> rows, List<ShopifyLocationView>? shopifyLocations, string? error) => new(
        [.. rows.Select(r =>
        {
            var id = r.ShopifyLocationId ?? (r.Key == StockLocation.DefaultKey ? shopifyLocations?.FirstOrDefault(s => s.Primary)?.Id : null);
            return new StockLocationView(r.Key, r.Name, id, shopifyLocations?.FirstOrDefault(s => s.Id == id)?.Name);
        })],
        shopifyLocations,
        error);
}
