using SyncStudio.Services.Shopify;

namespace SyncStudio.Web.Display;

/// <summary>
/// The shop's currency (<c>shop.currencyCode</c>) for showing prices, asked of Shopify once and kept for a while: a
/// Review page of fifty price changes must not cost fifty Shopify calls. When Shopify cannot be reached, prices show
/// as plain amounts (and Shopify is asked again a minute later) rather than the page failing.
/// </summary>
public sealed class ShopCurrency(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ShopCurrency> logger) : IDisposable
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ShopifyShop? Shop, DateTimeOffset Until)? _known;

    public async Task<string?> GetAsync(CancellationToken ct) => (await GetShopAsync(ct))?.CurrencyCode;

    /// <summary>The shop (name, plan, currency) as last read, at most ten minutes ago; null when Shopify cannot be reached.</summary>
    public async Task<ShopifyShop?> GetShopAsync(CancellationToken ct)
    {
        if (_known is { } known && known.Until > clock.GetUtcNow())
            return known.Shop;
        await _gate.WaitAsync(ct);
        try
        {
            if (_known is { } again && again.Until > clock.GetUtcNow())
                return again.Shop;
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IShopifyClient>().GetShopAsync(ct);
            var shop = result.Succeeded ? result.Value : null;
            if (!result.Succeeded)
                logger.LogInformation("The shop could not be read ({Failure}); prices show without a currency.", result.Failure?.Kind);
            _known = (shop, clock.GetUtcNow() + (shop is null ? RetryAfter : KeepFor));
            return shop;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
