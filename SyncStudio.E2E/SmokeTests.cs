namespace SyncStudio.E2E;

public class SmokeTests
{
    [Fact]
    public void ArithmeticHolds() => Assert.Equal(4, 2 + 2);
}
