using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Services.Safety;

/// <summary>
/// The circuit breaker's defaults, until an Admin saves limits of their own (Settings, or PUT /api/settings/safety).
/// </summary>
public sealed class CircuitBreakerOptions
{
    public const string SectionName = "CircuitBreaker";

    public bool Enabled { get; set; } = true;

    [Range(0, 100)]
    public decimal MaxCatalogChangedPercent { get; set; } = 20;

    [Range(0, int.MaxValue)]
    public int MaxVariantsZeroed { get; set; } = 50;

    [Range(0, 100)]
    public decimal MaxDeletedPercent { get; set; } = 5;

    [Range(0, 100)]
    public decimal MaxReadShrinkPercent { get; set; } = 10;

    public BreakerLimits ToLimits() => new()
    {
        Enabled = Enabled,
        MaxCatalogChangedPercent = MaxCatalogChangedPercent,
        MaxVariantsZeroed = MaxVariantsZeroed,
        MaxDeletedPercent = MaxDeletedPercent,
        MaxReadShrinkPercent = MaxReadShrinkPercent,
    };
}
