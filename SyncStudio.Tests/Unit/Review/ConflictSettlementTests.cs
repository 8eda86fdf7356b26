using System.Text.Json.Nodes;
using SyncStudio.Data;
using SyncStudio.Services.Review;

namespace SyncStudio.Tests.Unit.Review;

public class ConflictSettlementTests
{
    // A weight and its unit are one value (decision 0007): a weight from one side beside the other side's unit is a
    // value neither side had, and with a side that has no weight, a weight with the unit of "no weight".
    [Fact]
    public void AWeightAndItsUnitResolvedForDifferentSidesAreRefusedNamingTheUnit()
    {
        var settlement = ConflictSettlement.Settle(["variants[M].weight", "variants[M].weight_unit"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["variants[M].weight"] = ConflictChoice.TakeShopify, ["variants[M].weight_unit"] = ConflictChoice.TakeLocal });

        Assert.False(settlement.IsValid);
        Assert.Equal(["conflict_resolution.variants[M].weight_unit"], settlement.Errors.Keys);
    }

    [Fact]
    public void AWeightAndItsUnitFromOneSideOrGivenValuesAreSettled()
    {
        var oneSide = ConflictSettlement.Settle(["weight", "weight_unit"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["weight"] = ConflictChoice.TakeLocal, ["weight_unit"] = ConflictChoice.TakeLocal });
        var given = ConflictSettlement.Settle(["weight", "weight_unit"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["weight"] = ConflictChoice.Of(JsonValue.Create(2.5m)), ["weight_unit"] = ConflictChoice.TakeShopify });
        var otherVariants = ConflictSettlement.Settle(["variants[S].weight", "variants[M].weight_unit"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["variants[S].weight"] = ConflictChoice.TakeShopify, ["variants[M].weight_unit"] = ConflictChoice.TakeLocal });

        Assert.True(oneSide.IsValid);
        Assert.True(given.IsValid);
        Assert.True(otherVariants.IsValid);
    }

    // Option names and the variants' option values are one decision while option_names is in conflict: names of one
    // side beside values (or a whole variant) of the other is a product neither side had, with too many or too few values.
    [Fact]
    public void OptionNamesAndAVariantsOptionValuesResolvedForDifferentSidesAreRefusedNamingTheVariantPath()
    {
        var split = ConflictSettlement.Settle(["option_names", "variants[M].options", "variants[L]"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice>
            {
                ["option_names"] = ConflictChoice.TakeShopify,
                ["variants[M].options"] = ConflictChoice.TakeLocal,
                ["variants[L]"] = ConflictChoice.TakeLocal,
            });
        var custom = ConflictSettlement.Settle(["option_names"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["option_names"] = ConflictChoice.Of(new JsonArray("Size", "Fit")) });

        Assert.Equal(["conflict_resolution.variants[L]", "conflict_resolution.variants[M].options"], split.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["conflict_resolution.option_names"], custom.Errors.Keys);
    }

    [Fact]
    public void OptionNamesAndOptionValuesFromOneSideOrWithoutAnOptionNameConflictAreSettled()
    {
        var oneSide = ConflictSettlement.Settle(["option_names", "variants[M].options", "variants[L]"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice>
            {
                ["option_names"] = ConflictChoice.TakeLocal,
                ["variants[M].options"] = ConflictChoice.TakeLocal,
                ["variants[L]"] = ConflictChoice.TakeLocal,
            });
        var valuesOnly = ConflictSettlement.Settle(["variants[S].options", "variants[M]"], SyncDirections.PullFromShopify,
            new Dictionary<string, ConflictChoice> { ["variants[S].options"] = ConflictChoice.TakeShopify, ["variants[M]"] = ConflictChoice.TakeLocal });

        Assert.True(oneSide.IsValid);
        Assert.True(valuesOnly.IsValid);
    }
}
