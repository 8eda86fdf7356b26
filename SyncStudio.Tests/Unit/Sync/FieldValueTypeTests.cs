using System.Text.Json.Nodes;
using SyncStudio.Services.Sync;

namespace SyncStudio.Tests.Unit.Sync;

/// <summary>What a value must be to be written at each kind of field path (a reviewer's custom conflict value).</summary>
public class FieldValueTypeTests
{
    [Theory]
    [InlineData("price", "\"not-a-price\"", "non-negative decimal")]
    [InlineData("price", "-1", "non-negative decimal")]
    [InlineData("price", "null", "non-negative decimal")]
    [InlineData("variants[Small / Red].price", "\"12.00\"", "non-negative decimal")]
    [InlineData("compare_at_price", "\"x\"", "non-negative number or null")]
    [InlineData("compare_at_price", "-5", "non-negative number or null")]
    [InlineData("inventory_quantity", "1.5", "whole number")]
    [InlineData("variants[TEE-M].inventory_quantity", "\"7\"", "whole number")]
    [InlineData("weight", "-0.5", "non-negative number or null")]
    [InlineData("weight_unit", "\"stone\"", "weight unit")]
    [InlineData("tags", "\"a, b\"", "list of strings")]
    [InlineData("tags", "[1, 2]", "list of strings")]
    [InlineData("status", "\"published\"", "active, draft, archived")]
    [InlineData("status", "null", "active, draft, archived")]
    [InlineData("title", "\"\"", "non-empty string")]
    [InlineData("title", "3", "non-empty string")]
    [InlineData("handle", "\"Not A Handle\"", "handle")]
    [InlineData("vendor", "42", "string or null")]
    [InlineData("product_type", "[]", "string or null")]
    [InlineData("body_html", "{}", "string or null")]
    [InlineData("sku", "true", "string or null")]
    [InlineData("barcode", "12345", "string or null")]
    [InlineData("option_names", "\"Size\"", "at most 3 strings")]
    [InlineData("options", "[\"a\", \"b\", \"c\", \"d\"]", "at most 3 strings")]
    [InlineData("variants[Small / Red]", "\"gone\"", "variant object")]
    [InlineData("variants[Small / Red]", "{\"sku\": \"S-R\"}", "with a price")]
    [InlineData("variants[Small / Red]", "{\"price\": 5, \"colour\": \"red\"}", "unknown variant field 'colour'")]
    [InlineData("variants[Small / Red]", "{\"price\": \"cheap\"}", "price must be a non-negative decimal")]
    public void AValueOfTheWrongTypeNamesTheTypeItsPathExpects(string path, string json, string expected)
    {
        var error = FieldValues.TypeError(path, JsonNode.Parse(json));

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("price", "31.5")]
    [InlineData("price", "0")]
    [InlineData("variants[Small / Red].price", "12")]
    [InlineData("compare_at_price", "null")]
    [InlineData("inventory_quantity", "-3")]
    [InlineData("weight", "null")]
    [InlineData("weight", "0.25")]
    [InlineData("weight_unit", "\"kg\"")]
    [InlineData("weight_unit", "\"POUNDS\"")]
    [InlineData("tags", "[\"summer\", \"sale\"]")]
    [InlineData("tags", "[]")]
    [InlineData("status", "\"draft\"")]
    [InlineData("title", "\"Agreed title\"")]
    [InlineData("handle", "\"agreed-title-2\"")]
    [InlineData("vendor", "null")]
    [InlineData("body_html", "\"<p>Hi</p>\"")]
    [InlineData("sku", "\"TEE-M\"")]
    [InlineData("barcode", "null")]
    [InlineData("option_names", "[\"Size\", \"Colour\"]")]
    [InlineData("variants[TEE-M].options", "[\"M\"]")]
    [InlineData("variants[Small / Red]", "null")]
    [InlineData("variants[Small / Red]", "{\"price\": 5, \"sku\": \"S-R\", \"inventory_quantity\": 2, \"options\": [\"Small\", \"Red\"]}")]
    public void AValueOfTheRightTypeIsAccepted(string path, string json)
    {
        Assert.Null(FieldValues.TypeError(path, JsonNode.Parse(json)));
    }

    [Fact]
    public void AnAbsentValueIsNullForThePathsThatAllowIt()
    {
        Assert.Null(FieldValues.TypeError("vendor", null));
        Assert.NotNull(FieldValues.TypeError("price", null));
    }
}
