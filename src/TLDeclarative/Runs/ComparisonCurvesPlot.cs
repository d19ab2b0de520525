using ScottPlot;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runs;

/// <summary>
/// The validation curves of several runs overlaid, one colour per run: accuracy and loss per epoch
/// side by side (training curves stay in each run's own curves.png).
/// </summary>
public static class ComparisonCurvesPlot
{
    public const int Width = 1000;
    public const int Height = 420;

    public static byte[] RenderPng(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var accuracy = Panel(runs, "Validation accuracy", e => e.ValidationAccuracy);
        using var loss = Panel(runs, "Validation loss", e => e.ValidationLoss);
        var figure = new Multiplot(accuracy) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.AddPlot(loss);
        return PlotPng.Render(figure.Render, Width, Height);
    }

    private static Plot Panel(IReadOnlyList<RunSummary> runs, string title, Func<EpochMetrics, double?> value)
    {
        var plot = new Plot();
        if (PlotFont.Sans is { } font)
            plot.Font.Set(font);
        foreach (var run in runs)
        {
            // Non-finite values (a diverged loss) would break autoscaling and the line.
            var points = run.History.Epochs
                .Where(e => value(e) is { } v && double.IsFinite(v))
                .Select(e => new Coordinates(e.Epoch, value(e)!.Value))
                .ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.ScatterLine(points);
            line.LegendText = run.Name;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }

        plot.Title(title);
        plot.XLabel("Epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
