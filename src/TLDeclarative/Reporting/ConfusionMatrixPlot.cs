using ScottPlot;
using TLDeclarative.Metrics;

namespace TLDeclarative.Reporting;

/// <summary>
/// A confusion matrix as a PNG heatmap: true classes down the left, predicted classes along the bottom,
/// every cell annotated with its image count. A cell's colour is its share of the true class's images
/// (the row), so a small class's mistakes show as clearly as a large one's.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Side of the square image in pixels, grown for many classes by <see cref="SizeFor"/>.</summary>
    public const int MinimumSize = 500;

    /// <summary>Image side for <paramref name="classCount"/> classes: room for a readable count in each cell.</summary>
    public static int SizeFor(int classCount) => Math.Max(MinimumSize, 200 + (classCount * 60));

    /// <summary>Renders the matrix of <paramref name="metrics"/> and writes it atomically as a PNG.</summary>
    public static void Save(ClassificationMetrics metrics, string title, string pngPath)
    {
        AtomicFile.WriteAllBytes(pngPath, RenderPng(metrics, title));
    }

    /// <summary>The PNG bytes <see cref="Save"/> writes; the image is <see cref="SizeFor"/> pixels square.</summary>
    public static byte[] RenderPng(ClassificationMetrics metrics, string title)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var classes = metrics.Classes;
        var n = classes.Count;
        var size = SizeFor(n);

        var shares = new double[n, n];
        for (var row = 0; row < n; row++)
        {
            var total = metrics.ConfusionMatrix[row].Sum();
            for (var column = 0; column < n; column++)
                shares[row, column] = total == 0 ? 0 : (double)metrics.ConfusionMatrix[row][column] / total;
        }

        var plot = new Plot();
        if (PlotFont.Sans is { } font)
            plot.Font.Set(font);
        // ScottPlot's Blues runs from dark (0) to light (1): the heatmap gets 1 - share, so a cell holding
        // all of its row's images is the darkest (checked by ConfusionMatrixPlotTests).
        var lightness = new double[n, n];
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
                lightness[row, column] = 1 - shares[row, column];
        }

        // Row 0 of the array is drawn at the top.
        var heatmap = plot.Add.Heatmap(lightness);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);

        // True class i sits at y = n - 1 - i (the first class at the top), predicted class j at x = j.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var fontSize = n <= 5 ? 20 : n <= 10 ? 16 : 11;
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var label = plot.Add.Text(metrics.ConfusionMatrix[row][column].ToString(System.Globalization.CultureInfo.InvariantCulture), column, n - 1 - row);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelStyle.FontSize = fontSize;
                label.LabelStyle.Bold = true;
                label.LabelStyle.ForeColor = shares[row, column] > 0.5 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, [.. classes]);
        plot.Axes.Left.SetTicks(positions, [.. classes.Reverse()]);
        if (n > 4)
        {
            // Many classes: slanted names (ScottPlot's rotated-tick recipe) and room below for the longest.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 40 + (0.6f * plot.Axes.Bottom.TickLabelStyle.FontSize * classes.Max(c => c.Length));
        }

        plot.XLabel("Predicted class");
        plot.YLabel("True class");
        plot.Title(title);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();

        return PlotPng.Render(plot.Render, size, size);
    }
}
