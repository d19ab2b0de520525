using System.Buffers.Binary;
using System.Globalization;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runs.TensorBoard;

/// <summary>
/// A run's TensorBoard logs in Keras' layout: <c>train/</c> and <c>validation/</c> under the run folder
/// with <c>epoch_loss</c>, <c>epoch_accuracy</c>, <c>epoch_learning_rate</c> and <c>epoch_phase</c> (the
/// phase index: its steps are the phase boundaries) per epoch; the final evaluation
/// (<c>final_loss</c>, <c>final_accuracy</c>, <c>confusion_matrix</c>) in <c>validation/</c> and
/// <c>test/</c>; the hparams plugin's session records in the run folder itself, so TensorBoard's HParams
/// tab lists every run of an output folder (<c>tensorboard --logdir &lt;output&gt;/runs</c>).
/// Each session (a start or a resume) writes new files beside the old ones.
/// </summary>
internal sealed class TensorBoardLog : IDisposable
{
    public const string TrainFolder = "train";
    public const string ValidationFolder = "validation";
    public const string TestFolder = "test";

    private readonly string runFolder;
    private readonly EventFile train;
    private readonly EventFile validation;

    public TensorBoardLog(string runFolder)
    {
        this.runFolder = runFolder;
        train = new EventFile(Path.Combine(runFolder, TrainFolder));
        validation = new EventFile(Path.Combine(runFolder, ValidationFolder));
    }

    /// <summary>The hparams session start: what this run's hyperparameters are (written once, at its first start).</summary>
    public void SessionStarted(IReadOnlyDictionary<string, object> hparams, DateTimeOffset started)
    {
        using var root = new EventFile(runFolder);
        root.Write(0, SummaryValues.SessionStart(hparams, Path.GetFileName(runFolder), started));
    }

    /// <summary>A resumed session re-trains from <paramref name="nextEpoch"/>: older events from there on are superseded.</summary>
    public void Resumed(int nextEpoch)
    {
        train.WriteSessionStart(nextEpoch);
        validation.WriteSessionStart(nextEpoch);
    }

    public void Epoch(EpochMetrics epoch)
    {
        train.Write(epoch.Epoch, SummaryValues.Scalar("epoch_loss", epoch.TrainLoss));
        train.Write(epoch.Epoch, SummaryValues.Scalar("epoch_accuracy", epoch.TrainAccuracy));
        train.Write(epoch.Epoch, SummaryValues.Scalar("epoch_learning_rate", epoch.LearningRate));
        train.Write(epoch.Epoch, SummaryValues.Scalar("epoch_phase", epoch.PhaseIndex));
        if (epoch.ValidationLoss is { } loss)
            validation.Write(epoch.Epoch, SummaryValues.Scalar("epoch_loss", loss));
        if (epoch.ValidationAccuracy is { } accuracy)
            validation.Write(epoch.Epoch, SummaryValues.Scalar("epoch_accuracy", accuracy));
    }

    /// <summary>The final evaluation of a split at the last epoch: loss, accuracy, the confusion matrix image.</summary>
    public void FinalEvaluation(string split, int step, double loss, double accuracy, string confusionPng)
    {
        var target = split switch
        {
            ValidationFolder => validation,
            TestFolder => null,
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "validation or test"),
        };
        using var test = target is null ? new EventFile(Path.Combine(runFolder, TestFolder)) : null;
        var file = target ?? test!;
        file.Write(step, SummaryValues.Scalar("final_loss", loss));
        file.Write(step, SummaryValues.Scalar("final_accuracy", accuracy));
        var png = File.ReadAllBytes(confusionPng);
        // A PNG's IHDR chunk holds width and height, big-endian, at bytes 16 and 20.
        file.Write(step, SummaryValues.Image("confusion_matrix", png, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))));
    }

    /// <summary>The hparams session end: the run finished successfully.</summary>
    public void SessionEnded(DateTimeOffset ended)
    {
        using var root = new EventFile(runFolder);
        root.Write(0, SummaryValues.SessionEnd(ended));
    }

    /// <summary>
    /// Hyperparameters: the resolved spec key by key as <see cref="SpecDiff"/> names them and the run's
    /// settings as <c>run.&lt;name&gt;</c>, numbers and booleans typed so the HParams tab can sort and plot them.
    /// </summary>
    public static IReadOnlyDictionary<string, object> HParams(string resolvedSpec, IReadOnlyDictionary<string, string> settings)
    {
        var hparams = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, text) in RunComparison.Keys(resolvedSpec, settings))
        {
            var value = text.Trim('"', '\'');
            hparams[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : bool.TryParse(value, out var flag) ? flag
                : value;
        }

        return hparams;
    }

    public void Dispose()
    {
        train.Dispose();
        validation.Dispose();
    }
}
