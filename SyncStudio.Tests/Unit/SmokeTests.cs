namespace SyncStudio.Tests.Unit;

public class SmokeTests
{
    [Fact]
    public void ArithmeticHolds() => Assert.Equal(4, 2 + 2);
}
