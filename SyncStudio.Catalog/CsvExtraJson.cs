using System.Text.Json;

namespace SyncStudio.Catalog;

/// <summary>
/// The stored form of a product's and a variant's kept CSV cells (<c>csv_extra</c>): <c>{"cells": {...}, "rows":
/// [{"at": 3, "cells": {...}}]}</c> for a product, a plain object of cells for a variant; null when there is none.
/// </summary>
public static class CsvExtraJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Serialize(CsvExtraCells extra) => extra.IsEmpty ? null : JsonSerializer.Serialize(extra, Options);

    public static string? Serialize(Dictionary<string, string> cells) => cells.Count == 0 ? null : JsonSerializer.Serialize(cells, Options);

    public static CsvExtraCells Product(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return new CsvExtraCells();
        var read = JsonSerializer.Deserialize<CsvExtraCells>(json, Options) ?? new CsvExtraCells();
        // Kept in the ordinal comparer the reader uses.
        read.Cells = new Dictionary<string, string>(read.Cells ?? [], StringComparer.Ordinal);
        read.Rows ??= [];
        return read;
    }

    public static Dictionary<string, string> Variant(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [], StringComparer.Ordinal);
}
