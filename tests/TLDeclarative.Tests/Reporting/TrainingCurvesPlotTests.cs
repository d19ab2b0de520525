using SkiaSharp;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class TrainingCurvesPlotTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-plot-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SaveWritesAPngOfTheRequestedSizeWithRealContent()
    {
        var path = Path.Combine(folder, "curves.png");

        TrainingCurvesPlot.Save(SampleHistories.TwoPhases(), path);

        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(TrainingCurvesPlot.DefaultWidth, bitmap.Width);
        Assert.Equal(TrainingCurvesPlot.DefaultHeight, bitmap.Height);
        // Two coloured series, grey grid, dashed phase line, antialiased edges: far more than a few colours.
        Assert.True(DistinctColours(bitmap) > 100, $"only {DistinctColours(bitmap)} colours");
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void SmallAndDegenerateHistoriesStillRender(int epochs)
    {
        var history = new TrainingHistory(
            Enumerable.Range(1, epochs)
                .Select(e => new EpochMetrics("only", 0, e, double.NaN, 0.5, null, null, 1e-3, 1, 1)));

        var png = TrainingCurvesPlot.RenderPng(history, 400, 300);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(400, bitmap.Width);
        Assert.Equal(300, bitmap.Height);
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }
}
