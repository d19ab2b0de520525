using ScottPlot;

namespace TLDeclarative.Reporting;

/// <summary>
/// Loss and accuracy curves side by side in one PNG, training and validation, with a dashed line where
/// each later phase starts (the Keras tutorial's "Start Fine Tuning" plot).
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 1000;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 450;

    /// <summary>Renders the curves of <paramref name="history"/> and writes them atomically as a PNG.</summary>
    public static void Save(TrainingHistory history, string pngPath, int width = DefaultWidth, int height = DefaultHeight)
    {
        AtomicFile.WriteAllBytes(pngPath, RenderPng(history, width, height));
    }

    /// <summary>The PNG bytes <see cref="Save"/> writes.</summary>
    public static byte[] RenderPng(TrainingHistory history, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);

        using var loss = CurvePanel.Create(history, CurvePanel.Loss, width / 2);
        using var accuracy = CurvePanel.Create(history, CurvePanel.Accuracy, width / 2);
        var figure = new Multiplot(loss) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.AddPlot(accuracy);

        return PlotPng.Render(figure.Render, width, height);
    }
}
