using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class PhaseLabelRowsTests
{
    [Fact]
    public void DistantLabelsShareTheTopRowRightOfTheirLines()
    {
        var placed = PhaseLabelRows.Assign([("fine_tuning", 100), ("polish", 300)], dataWidth: 400);

        Assert.Equal([(0, false), (0, false)], placed);
    }

    [Fact]
    public void ALabelThatWouldOverlapItsNeighbourGoesOneRowDown()
    {
        var placed = PhaseLabelRows.Assign([("warmup", 100), ("fine_tuning", 130), ("polish", 400)], dataWidth: 600);

        Assert.Equal([(0, false), (1, false), (0, false)], placed);
    }

    [Fact]
    public void ALabelNearTheRightEdgeGoesLeftOfItsLine()
    {
        var placed = PhaseLabelRows.Assign([("fine_tuning", 380)], dataWidth: 400);

        Assert.Equal([(0, true)], placed);
    }
}
