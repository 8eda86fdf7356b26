using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Sync;

public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Full pulls of stores with more products than this read through a bulk operation.</summary>
    [Range(0, int.MaxValue)]
    public int BulkThreshold { get; set; } = 5_000;

    /// <summary>
    /// A full pull of fewer products also reads through a bulk operation when paged reads would wait longer than this
    /// for Shopify's cost bucket (docs/decisions/0024): a bulk operation runs outside the bucket, and a few seconds of
    /// its start and polling beat minutes of waiting for points.
    /// </summary>
    [Range(0, 3600)]
    public int PagedReadMaxWaitSeconds { get; set; } = 5;

    /// <summary>Products compared and staged per database round trip.</summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 500;

    /// <summary>How long a pull or push request waits for its batch before answering 202 (seconds).</summary>
    [Range(0, 300)]
    public int DefaultWaitSeconds { get; set; } = 30;
}
