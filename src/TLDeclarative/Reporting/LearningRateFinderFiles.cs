using System.Text;
using ScottPlot;
using TLDeclarative.Training;

namespace TLDeclarative.Reporting;

/// <summary>The range test's files: <c>lr-find.csv</c> (every step) and <c>lr-find.png</c> (loss against rate, log x axis, suggestions marked).</summary>
public static class LearningRateFinderFiles
{
    public const string CsvFileName = "lr-find.csv";
    public const string PngFileName = "lr-find.png";

    public static IReadOnlyList<string> CsvColumns { get; } = ["step", "learning_rate", "loss", "smoothed_loss"];

    /// <returns>The CSV and PNG paths written under <paramref name="folder"/>.</returns>
    public static (string Csv, string Png) Write(LearningRateFinderResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = Path.Combine(folder, CsvFileName);
        var png = Path.Combine(folder, PngFileName);
        var text = new StringBuilder(string.Join(',', CsvColumns)).Append(CsvText.NewLine);
        foreach (var p in result.Points)
            text.Append(string.Join(',', CsvText.Number(p.Step), CsvText.Number(p.LearningRate), CsvText.Number(p.Loss), CsvText.Number(p.SmoothedLoss))).Append(CsvText.NewLine);
        AtomicFile.WriteAllBytes(csv, new UTF8Encoding(false).GetBytes(text.ToString()));
        AtomicFile.WriteAllBytes(png, RenderPng(result));
        return (csv, png);
    }

    public static byte[] RenderPng(LearningRateFinderResult result, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var plot = new Plot();
        if (PlotFont.Sans is { } font)
            plot.Font.Set(font);
        var x = result.Points.Select(p => Math.Log10(p.LearningRate)).ToArray();
        var raw = plot.Add.ScatterLine(x, result.Points.Select(p => p.Loss).ToArray());
        raw.LegendText = "Loss";
        raw.LineWidth = 1;
        raw.Color = Colors.LightGray;
        var smooth = plot.Add.ScatterLine(x, result.Points.Select(p => p.SmoothedLoss).ToArray());
        smooth.LegendText = "Smoothed loss";
        smooth.LineWidth = 2;
        Mark(plot, result.SteepestRate, "steepest", Colors.OrangeRed);
        Mark(plot, result.MinimumRateOverTen, "minimum/10", Colors.SeaGreen);
        // Log x axis: ticks at powers of ten over log10 positions.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => $"1e{v:0}",
            IntegerTicksOnly = true,
        };
        plot.Title($"Learning-rate range test: {result.Phase}");
        plot.XLabel("Learning rate (log scale)");
        plot.YLabel("Training loss");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void Mark(Plot plot, double rate, string name, Color color)
    {
        var line = plot.Add.VerticalLine(Math.Log10(rate), 1.5f, color, LinePattern.Dashed);
        line.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}: {rate:0.###e+0}");
    }
}
