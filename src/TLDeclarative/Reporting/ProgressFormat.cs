using System.Globalization;
using TLDeclarative.Metrics;

namespace TLDeclarative.Reporting;

/// <summary>
/// The text of progress lines, shared by the plain and the interactive display. Keras-like wording;
/// invariant culture so logs read the same on every machine.
/// </summary>
internal static class ProgressFormat
{
    public static string PhaseHeader(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Phase {phase}: epochs {firstEpoch}-{lastEpoch}, {batchesPerEpoch} batches per epoch");

    /// <summary>"[phase] epoch 3/10", or "[phase] epoch 3" when the phase's last epoch is unknown.</summary>
    public static string EpochLabel(string phase, int epoch, int lastEpoch) =>
        lastEpoch >= epoch
            ? string.Create(CultureInfo.InvariantCulture, $"[{phase}] epoch {epoch}/{lastEpoch}")
            : string.Create(CultureInfo.InvariantCulture, $"[{phase}] epoch {epoch}");

    /// <summary>The one line written after each epoch.</summary>
    public static string EpochSummary(EpochMetrics m, int lastEpoch)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{EpochLabel(m.Phase, m.Epoch, lastEpoch)} - loss: {m.TrainLoss:F4} - accuracy: {m.TrainAccuracy:F4}");
        if (m.ValidationLoss is { } valLoss)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" - val_loss: {valLoss:F4}");
        }

        if (m.ValidationAccuracy is { } valAccuracy)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" - val_accuracy: {valAccuracy:F4}");
        }

        return text + string.Create(
            CultureInfo.InvariantCulture,
            $" - lr: {m.LearningRate:G4} - {m.Seconds:F1}s - {m.TrainImagesPerSecond:F1} img/s");
    }

    /// <summary>Batch progress as one plain line (the redirected-output display).</summary>
    public static string BatchLine(BatchSnapshot s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{EpochLabel(s.Phase, s.Epoch, s.LastEpoch)} - batch {s.Batch}/{s.Batches} ({s.Fraction * 100:F0}%) - {BatchStats(s)}");

    /// <summary>"loss: 0.6931 - accuracy: 0.5000 - 12.3 img/s - ETA 0:42".</summary>
    public static string BatchStats(BatchSnapshot s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"loss: {s.Loss:F4} - accuracy: {s.Accuracy:F4} - {Rate(s.ImagesPerSecond)} img/s - ETA {Duration(s.Remaining)}");

    /// <summary>The compact form for the live terminal line: "loss 0.6931 acc 0.5000 123 img/s ETA 0:42".</summary>
    public static string LiveStats(BatchSnapshot s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"loss {s.Loss:F4} acc {s.Accuracy:F4} {Rate(s.ImagesPerSecond)} img/s ETA {Duration(s.Remaining)}");

    /// <summary>"Test: loss 0.2500 - accuracy 0.9000 - macro F1 0.8990 - ROC AUC 0.9500 on 40 images".</summary>
    public static string EvaluationLine(string split, double loss, ClassificationMetrics m)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{split}: loss {loss:F4} - accuracy {m.Accuracy:F4} - macro F1 {m.Macro.F1:F4}");
        if (m.RocAuc is { } auc)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" - ROC AUC {auc:F4}");
        }

        if (m.TopKAccuracy is { } topK)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" - top-{m.TopK} accuracy {topK:F4}");
        }

        return text + string.Create(CultureInfo.InvariantCulture, $" on {m.Count} images");
    }

    /// <summary>Images per second: one decimal below 100 (CPU fine-tuning runs at a few per second), none above.</summary>
    public static string Rate(double? imagesPerSecond) =>
        imagesPerSecond is { } r ? r.ToString(r < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) : "-";

    /// <summary>"m:ss" below an hour, "h:mm:ss" above, "-" when unknown.</summary>
    public static string Duration(TimeSpan? value)
    {
        if (value is not { } t)
        {
            return "-";
        }

        var seconds = (long)Math.Round(t.TotalSeconds, MidpointRounding.AwayFromZero);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }
}
