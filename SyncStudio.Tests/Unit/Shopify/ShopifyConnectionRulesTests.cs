using SyncStudio.Services.Shopify;

namespace SyncStudio.Tests.Unit.Shopify;

public class ShopifyConnectionRulesTests
{
    [Theory]
    [InlineData("trail", "trail.myshopify.com")]
    [InlineData("Trail-Outfitters.myshopify.com", "trail-outfitters.myshopify.com")]
    [InlineData("https://trail.myshopify.com/", "trail.myshopify.com")]
    public void ADomainIsStoredInOneForm(string entered, string stored)
    {
        Assert.Empty(ShopifyConnectionService.Validate(new ShopifyConnectionInput(entered, null, "shpat_x"), null));
        Assert.Equal(stored, ShopifyConnectionService.NormaliseDomain(entered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("my shop")]
    [InlineData("shop.example.com")]
    [InlineData("ftp://127.0.0.1/simulator")]
    [InlineData("http://shop.example.com/admin")]
    [InlineData("https://user:pw@shop.example.com/")]
    [InlineData("https://trail.myshopify.com/?x=1")]
    [InlineData("http://127.0.0.1:5101/simulator/")]
    [InlineData("https://shopify-proxy.example.com/store")]
    [InlineData("http://trail.myshopify.com/")]
    [InlineData("https://trail.myshopify.com:8443/")]
    public void AnythingElseIsRefused(string entered)
    {
        Assert.Contains("shop_domain", ShopifyConnectionService.Validate(new ShopifyConnectionInput(entered, null, "shpat_x"), null).Keys);
    }

    [Theory]
    [InlineData("2026-07", true)]
    [InlineData("unstable", true)]
    [InlineData(null, true)]
    [InlineData("2026-7", false)]
    [InlineData("latest", false)]
    public void TheApiVersionIsADatedVersionOrUnstable(string? version, bool valid)
    {
        var errors = ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", version, "shpat_x"), null);
        Assert.Equal(valid, !errors.ContainsKey("api_version"));
    }

    [Fact]
    public void ATokenIsRequiredFirstAndForAnotherShopButNotToKeepTheStoredOne()
    {
        Assert.Contains("access_token", ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, null), null).Keys);
        Assert.Empty(ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, null), "trail.myshopify.com"));
        Assert.Empty(ShopifyConnectionService.Validate(new ShopifyConnectionInput("https://TRAIL.myshopify.com", null, ""), "trail.myshopify.com"));
        Assert.Contains("access_token", ShopifyConnectionService.Validate(new ShopifyConnectionInput("other", null, null), "trail.myshopify.com").Keys);
    }

    [Theory]
    [InlineData("shpat with space")]
    [InlineData("   ")]
    [InlineData("shpat_\u0001")]
    public void ATokenWithSpacesOrControlCharactersIsRefused(string token)
    {
        Assert.Contains("access_token", ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, token), null).Keys);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5101/simulator", true, true)]
    [InlineData("https://shopify-proxy.example.com/store", true, true)]
    [InlineData("http://shopify-proxy.example.com/store", true, false)]
    [InlineData("http://127.0.0.1:5101/simulator", false, false)]
    public void ABaseAddressIsAcceptedOnlyWhereTheSettingAllowsIt(string address, bool allowed, bool valid)
    {
        var errors = ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, "shpat_x", BaseAddress: address), null, allowed);
        Assert.Equal(valid, !errors.ContainsKey("base_address"));
    }

    [Fact]
    public void ClientCredentialsNeedAClientIdAndASecretAndRefuseAStaticToken()
    {
        var errors = ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, "shpat_x", Mode: "client_credentials"), null);
        Assert.Contains("client_id", errors.Keys);
        Assert.Contains("client_secret", errors.Keys);
        Assert.Contains("access_token", errors.Keys);
        Assert.Empty(ShopifyConnectionService.Validate(
            new ShopifyConnectionInput("trail", null, null, Mode: "client_credentials", ClientId: "abc", ClientSecret: "shpss_x"), null));
        Assert.Contains("mode", ShopifyConnectionService.Validate(new ShopifyConnectionInput("trail", null, "shpat_x", Mode: "password"), null).Keys);
    }

    [Theory]
    [InlineData("read_products,write_products,read_inventory,write_inventory,read_locations", "")]
    [InlineData("write_products,write_inventory,read_locations", "")]
    [InlineData("read_products,read_inventory", "write_products,write_inventory,read_locations")]
    public void TheScopesMissingAreThoseTheAppNeedsAndWasNotGranted(string granted, string missing)
    {
        Assert.Equal(missing, string.Join(',', ShopifyOAuth.MissingScopes(granted)));
    }
}
