using SyncStudio.Services.Safety;

namespace SyncStudio.Tests.Unit.Safety;

public sealed class CircuitBreakerCheckTests
{
    private static readonly BreakerLimits Defaults = new();

    [Fact]
    public void AFirstImportWithNothingSyncedNeverTripsThePercentages()
    {
        var verdict = CircuitBreaker.Check(new BreakerCounts { SyncedCatalog = 0, ProductsChanged = 0, FullRead = true, ProductsRead = 500 }, Defaults);
        Assert.False(verdict.Tripped);
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void MoreThanTwentyPercentOfTheSyncedCatalogChangedTrips(int changed, bool tripped)
    {
        var verdict = CircuitBreaker.Check(new BreakerCounts { SyncedCatalog = 100, ProductsChanged = changed }, Defaults);
        Assert.Equal(tripped, verdict.Trips.Any(t => t.Limit == CircuitBreaker.CatalogChanged));
    }

    [Theory]
    [InlineData(50, false)]
    [InlineData(51, true)]
    public void MoreThanFiftyVariantsZeroedTrips(int zeroed, bool tripped) =>
        Assert.Equal(tripped, CircuitBreaker.Check(new BreakerCounts { SyncedCatalog = 1000, VariantsZeroed = zeroed }, Defaults).Tripped);

    [Fact]
    public void MoreThanFivePercentDeletedTripsWithTheMeasuredPercentage()
    {
        var trip = Assert.Single(CircuitBreaker.Check(new BreakerCounts { SyncedCatalog = 200, ProductsDeleted = 11, ProductsChanged = 11 }, Defaults).Trips);
        Assert.Equal(CircuitBreaker.Deleted, trip.Limit);
        Assert.Equal(5.5m, trip.Measured);
    }

    [Fact]
    public void AnEmptyFullReadTripsWhenTheStoreHadProducts() =>
        Assert.Contains(CircuitBreaker.Check(new BreakerCounts { FullRead = true, ProductsRead = 0, LastFullRead = 40 }, Defaults).Trips,
            t => t.Limit == CircuitBreaker.EmptyRead);

    [Theory]
    [InlineData(90, false)]
    [InlineData(89, true)]
    public void AFullReadShorterThanTheLastByMoreThanTenPercentTrips(int read, bool tripped) =>
        Assert.Equal(tripped, CircuitBreaker.Check(new BreakerCounts { FullRead = true, ProductsRead = read, LastFullRead = 100 }, Defaults)
            .Trips.Any(t => t.Limit == CircuitBreaker.ReadShrunk));

    [Fact]
    public void AnIncrementalReadIsNeverComparedWithTheLastFullOne() =>
        Assert.False(CircuitBreaker.Check(new BreakerCounts { FullRead = false, ProductsRead = 0, LastFullRead = 100 }, Defaults).Tripped);

    [Fact]
    public void ADisabledBreakerNeverTrips() =>
        Assert.False(CircuitBreaker.Check(new BreakerCounts { SyncedCatalog = 10, ProductsDeleted = 10, ProductsChanged = 10, VariantsZeroed = 99 },
            Defaults with { Enabled = false }).Tripped);
}
