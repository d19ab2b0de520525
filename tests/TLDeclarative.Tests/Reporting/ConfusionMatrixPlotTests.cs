using SkiaSharp;
using TLDeclarative.Metrics;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class ConfusionMatrixPlotTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-confusion-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_first_true_class_is_the_top_row_and_the_first_predicted_class_the_left_column()
    {
        // Every image predicted as cats: the whole left column is dark, the right column white.
        var metrics = ClassificationMetrics.Compute(["cats", "dogs"], [0, 0, 1], [0, 0, 0], new float[6]);

        using var bitmap = SKBitmap.Decode(ConfusionMatrixPlot.RenderPng(metrics, "columns"));

        var dark = DarkPixels(bitmap);
        Assert.True(dark.Count > 20_000, $"{dark.Count} dark pixels");
        // The data area sits right of the axis labels: its middle is a little right of the image's.
        Assert.True(dark.Max(p => p.X) < bitmap.Width * 0.6, "dark pixels in the right column");
        Assert.True(dark.Max(p => p.Y) - dark.Min(p => p.Y) > bitmap.Height * 0.6, "the dark column is not full height");
        // One image, a dog predicted as a cat: only the bottom-left cell is dark (the cats row is empty).
        var one = ClassificationMetrics.Compute(["cats", "dogs"], [1], [0], new float[2]);
        using var oneBitmap = SKBitmap.Decode(ConfusionMatrixPlot.RenderPng(one, "cell"));
        var cell = DarkPixels(oneBitmap);
        Assert.True(cell.Min(p => p.Y) > oneBitmap.Height * 0.4, "dark pixels in the top row");
        Assert.True(cell.Max(p => p.X) < oneBitmap.Width * 0.6, "dark pixels in the right column");
    }

    [Fact]
    public void Save_writes_a_square_png_sized_for_the_class_count()
    {
        var path = Path.Combine(folder, "confusion-test.png");

        ConfusionMatrixPlot.Save(SampleMetrics.ThreeClasses(), "Test", path);

        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((500, 500), (bitmap.Width, bitmap.Height));
        Assert.Equal(800, ConfusionMatrixPlot.SizeFor(10));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void True_classes_run_down_and_predicted_classes_across(bool diagonal)
    {
        // All images right: dark cells top-left and bottom-right. All wrong: top-right and bottom-left.
        int[] labels = [0, 0, 0, 1, 1, 1];
        int[] predicted = diagonal ? labels : [1, 1, 1, 0, 0, 0];
        var metrics = ClassificationMetrics.Compute(["cats", "dogs"], labels, predicted, new float[12]);

        using var bitmap = SKBitmap.Decode(ConfusionMatrixPlot.RenderPng(metrics, "orientation"));

        var dark = DarkPixels(bitmap);
        Assert.True(dark.Count > 10_000, $"{dark.Count} dark pixels");
        var meanX = dark.Average(p => p.X);
        var meanY = dark.Average(p => p.Y);
        var covariance = dark.Average(p => (p.X - meanX) * (p.Y - meanY));
        // Image y grows downwards: the main diagonal (top-left to bottom-right) has positive covariance.
        Assert.Equal(diagonal, covariance > 0);
    }

    // Blues at a full share is a dark navy: the pixels of cells holding all of their row's images.
    private static List<(double X, double Y)> DarkPixels(SKBitmap bitmap)
    {
        var dark = new List<(double X, double Y)>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Blue > 80 && c.Red < 40 && c.Green < 80)
                    dark.Add((x, y));
            }
        }

        return dark;
    }
}
