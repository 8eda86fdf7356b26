using System.Text.Json;
using System.Text.Json.Nodes;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

public class SnapshotJsonTests
{
    [Fact]
    public void SerialisedSnapshotUsesSnakeCaseAndKeepsTheIds()
    {
        var json = SnapshotJson.Serialize(Snapshots.Mug());
        var root = JsonDocument.Parse(json).RootElement;

        Assert.Equal(1001, root.GetProperty("shopify_product_id").GetInt64());
        Assert.Equal("enamel-mug", root.GetProperty("handle").GetString());
        var variant = root.GetProperty("variants")[0];
        Assert.Equal(5001, variant.GetProperty("shopify_variant_id").GetInt64());
        Assert.Equal(9001, variant.GetProperty("shopify_inventory_item_id").GetInt64());
        Assert.Equal(34.99m, variant.GetProperty("compare_at_price").GetDecimal());
    }

    [Fact]
    public void DeserialisingGivesBackTheSameSnapshot()
    {
        var tee = Snapshots.Tee();

        var back = SnapshotJson.Deserialize(SnapshotJson.Serialize(tee));

        Assert.Equal(SnapshotJson.Serialize(tee), SnapshotJson.Serialize(back));
        Assert.Equal(tee.Variants[2].Options, back.Variants[2].Options);
        Assert.Equal(tee.ShopifyProductId, back.ShopifyProductId);
    }

    [Fact]
    public void NullListsInStoredJsonReadAsEmpty()
    {
        var snapshot = SnapshotJson.Deserialize(
            """{"title":"T","handle":"t","tags":null,"option_names":null,"variants":[{"sku":"A","price":1,"options":null}]}""");

        Assert.Empty(snapshot.Tags);
        Assert.Empty(snapshot.OptionNames);
        Assert.Empty(snapshot.Variants[0].Options);
        Assert.Equal(64, ProductHasher.ComputeHash(snapshot).Length);
    }

    [Fact]
    public void FieldChangesSerialiseToTheSpecShape()
    {
        var changes = new FieldChanges
        {
            ["price"] = new FieldChange(JsonValue.Create(29.99m), JsonValue.Create(34.99m)),
        };

        Assert.Equal("""{"price":{"old":29.99,"new":34.99}}""", JsonSerializer.Serialize(changes));
        Assert.Equal("""{"price":{"old":29.99,"new":34.99}}""", changes.ToJson());
    }

    [Fact]
    public void FieldChangesRoundTripWithTheirBaseValues()
    {
        const string Json = """{"tags":{"old":["a"],"new":null},"price":{"old":31,"new":34.99,"base":null}}""";

        var changes = FieldChanges.FromJson(Json);

        Assert.Equal(["tags", "price"], changes.Keys);
        Assert.False(changes["tags"].HasBase);
        Assert.True(changes["price"].HasBase);
        Assert.Null(changes["price"].Base);
        Assert.Equal(Json, changes.ToJson());
    }
}
