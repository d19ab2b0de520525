using ScottPlot;

namespace TLDeclarative.Reporting;

/// <summary>One panel of the curves figure: a metric's training and validation lines over global epochs.</summary>
internal sealed record CurvePanel(
    string Title,
    string YLabel,
    Func<EpochMetrics, double> Train,
    Func<EpochMetrics, double?> Validation,
    bool IsAccuracy)
{
    public static readonly CurvePanel Loss = new(
        "Training and validation loss", "Loss", e => e.TrainLoss, e => e.ValidationLoss, IsAccuracy: false);

    public static readonly CurvePanel Accuracy = new(
        "Training and validation accuracy", "Accuracy", e => e.TrainAccuracy, e => e.ValidationAccuracy, IsAccuracy: true);

    // Pixels ScottPlot spends on axis labels, ticks and margins around a panel's data area (measured).
    private const int AxisPixels = 110;

    // Vertical pitch of phase-label rows, in pixels.
    private const float LabelRowPixels = 18;

    public static Plot Create(TrainingHistory history, CurvePanel panel, int panelWidth)
    {
        var plot = new Plot();
        if (PlotFont.Sans is { } font)
        {
            plot.Font.Set(font);
        }

        var epochs = history.Epochs;
        var train = Points(epochs, e => panel.Train(e));
        var validation = Points(epochs, panel.Validation);
        AddLine(plot, train, "Training");
        AddLine(plot, validation, "Validation");

        plot.Title(panel.Title);
        plot.XLabel("Epoch");
        plot.YLabel(panel.YLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (train.Count + validation.Count > 0)
        {
            // A legend outside the data area never hides a curve or a phase label.
            var legend = plot.ShowLegend(Edge.Bottom);
            legend.Padding = new PixelPadding(0, 0, 8, 0);
            legend.Legend.Margin = new PixelPadding(0);
        }

        if (epochs.Count > 0)
        {
            double left = epochs[0].Epoch - 0.5, right = epochs[^1].Epoch + 0.5;
            var starts = history.Phases.Skip(1).Select(p => (Text: p.Name, X: p.FirstEpoch - 0.5)).ToList();
            var dataWidth = Math.Max(panelWidth - AxisPixels, 50);
            var pixelsPerEpoch = dataWidth / (right - left);
            var placement = PhaseLabelRows.Assign(starts.Select(s => (s.Text, (s.X - left) * pixelsPerEpoch)).ToList(), dataWidth);
            var labelRows = placement.Count == 0 ? 0 : placement.Max(p => p.Row) + 1;

            var (bottom, top) = YRange(train.Concat(validation).Select(p => p.Y).ToList(), panel.IsAccuracy, labelRows);
            plot.Axes.SetLimits(left, right, bottom, top);
            for (var i = 0; i < starts.Count; i++)
            {
                AddPhaseStart(plot, starts[i].Text, starts[i].X, top, placement[i]);
            }
        }

        return plot;
    }

    // Non-finite values (a diverged loss) are left out: they would break autoscaling and the line.
    private static List<Coordinates> Points(IEnumerable<EpochMetrics> epochs, Func<EpochMetrics, double?> value) =>
        epochs
            .Select(e => (e.Epoch, Value: value(e)))
            .Where(p => p.Value is { } v && double.IsFinite(v))
            .Select(p => new Coordinates(p.Epoch, p.Value!.Value))
            .ToList();

    private static void AddLine(Plot plot, List<Coordinates> points, string legend)
    {
        if (points.Count == 0)
        {
            return;
        }

        var line = plot.Add.ScatterLine(points);
        line.LegendText = legend;
        line.LineWidth = 2;
        line.MarkerSize = 5;
    }

    private static (double Bottom, double Top) YRange(List<double> values, bool isAccuracy, int labelRows)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        // Loss from zero, accuracy up to 1 at least, as in the Keras tutorial's plots.
        var low = isAccuracy ? values.Min() : Math.Min(0, values.Min());
        var high = isAccuracy ? Math.Max(1, values.Max()) : values.Max();
        var span = high - low;
        if (span <= 0)
        {
            span = Math.Max(Math.Abs(high), 1);
        }

        // Room above the curves for the phase labels: about one label row per 7 % of the span.
        var headroom = 0.05 + (0.07 * Math.Max(labelRows, 1));
        return (isAccuracy ? low - (0.05 * span) : low, high + (headroom * span));
    }

    private static void AddPhaseStart(Plot plot, string name, double x, double top, (int Row, bool LeftOfLine) place)
    {
        var line = plot.Add.VerticalLine(x, 1.5f, Colors.Gray, LinePattern.Dashed);
        line.ExcludeFromLegend = true;

        var label = plot.Add.Text(name, x, top);
        label.Alignment = place.LeftOfLine ? Alignment.UpperRight : Alignment.UpperLeft;
        label.OffsetX = place.LeftOfLine ? -4 : 4;
        label.OffsetY = 4 + (place.Row * LabelRowPixels);
        label.LabelStyle.FontSize = 12;
        label.LabelStyle.ForeColor = Colors.DimGray;
        label.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.8);
    }
}
