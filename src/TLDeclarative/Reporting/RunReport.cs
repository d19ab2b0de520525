using TLDeclarative.Metrics;

namespace TLDeclarative.Reporting;

/// <summary>What a run did and where its results are: the file <c>--report FILE</c> writes.</summary>
/// <param name="Experiment">Experiment name from the spec.</param>
/// <param name="Device">Device the run used (e.g. "cpu", "cuda:0").</param>
/// <param name="Seed">Run seed; null when the spec sets none.</param>
/// <param name="ImageHeight">Input image height in pixels.</param>
/// <param name="ImageWidth">Input image width in pixels.</param>
/// <param name="Phases">Each phase with its epochs.</param>
/// <param name="FinalValidationAccuracy">Validation accuracy after the last epoch; null without validation.</param>
/// <param name="TestAccuracy">Accuracy on the test split; null when none was evaluated.</param>
/// <param name="TotalSeconds">Wall time of the whole run.</param>
/// <param name="Artifacts">Files the run wrote.</param>
public sealed record RunReport(
    string Experiment,
    string Device,
    int? Seed,
    int ImageHeight,
    int ImageWidth,
    IReadOnlyList<PhaseReport> Phases,
    double? FinalValidationAccuracy,
    double? TestAccuracy,
    double TotalSeconds,
    RunArtifacts Artifacts)
{
    /// <summary>SHA-256 of the normalized spec (<see cref="ExperimentDefinition.SpecHash"/>): same hash, same experiment.</summary>
    public string? SpecHash { get; init; }

    /// <summary>OS, runtime, TorchSharp/libtorch versions, CPU cores and device.</summary>
    public RunEnvironment? Environment { get; init; }

    /// <summary>Full metrics on the validation set after the last epoch; null without validation.</summary>
    public EvaluationReport? Validation { get; init; }

    /// <summary>Full metrics on the test set; null when none was evaluated.</summary>
    public EvaluationReport? Test { get; init; }
}

/// <summary>The final evaluation of one split.</summary>
/// <param name="Loss">Mean loss (with test-time augmentation: of the averaged probabilities).</param>
/// <param name="TestTimeAugmentation">Whether each image's prediction averaged it with its mirror.</param>
/// <param name="Metrics">Accuracy, per-class and averaged scores, confusion matrix, ROC AUC, top-k.</param>
public sealed record EvaluationReport(double Loss, bool TestTimeAugmentation, ClassificationMetrics Metrics);

/// <summary>One phase of a run in a <see cref="RunReport"/>.</summary>
/// <param name="Name">Phase name.</param>
/// <param name="Epochs">The phase's epochs (global numbering).</param>
/// <param name="TrainImagesPerSecond">Mean training throughput over the phase's epochs.</param>
/// <param name="Seconds">Wall time of the phase.</param>
public sealed record PhaseReport(
    string Name,
    IReadOnlyList<EpochMetrics> Epochs,
    double TrainImagesPerSecond,
    double Seconds)
{
    /// <summary>The phase's last epoch as planned; a smaller last epoch in <see cref="Epochs"/> means it stopped early.</summary>
    public int? PlannedLastEpoch { get; init; }

    /// <summary>True when the phase ran fewer epochs than planned (early stopping).</summary>
    public bool StoppedEarly => PlannedLastEpoch is { } planned && Epochs.Count > 0 && Epochs[^1].Epoch < planned;

    /// <summary>Phase reports for every phase of <paramref name="history"/>; seconds are the sum of epoch times.</summary>
    public static IReadOnlyList<PhaseReport> FromHistory(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.EpochsByPhase()
            .Select(epochs => new PhaseReport(
                epochs[0].Phase,
                epochs,
                epochs.Average(e => e.TrainImagesPerSecond),
                epochs.Sum(e => e.Seconds)))
            .ToList()
            .AsReadOnly();
    }
}

/// <summary>Paths of the files a run wrote; null for those it did not write.</summary>
/// <param name="HistoryJson">Epoch history as JSON.</param>
/// <param name="HistoryCsv">Epoch history as CSV.</param>
/// <param name="CurvesPng">Loss and accuracy curves.</param>
/// <param name="ModelBundle">The trained model bundle.</param>
/// <param name="ModelSummary">Per phase: stages, output shapes, parameter counts, what trains (model-summary.md).</param>
/// <param name="BestCheckpoint">The bundle of the epoch with the best monitored metric (checkpoints/best.tlmodel).</param>
public sealed record RunArtifacts(
    string? HistoryJson = null,
    string? HistoryCsv = null,
    string? CurvesPng = null,
    string? ModelBundle = null,
    string? ModelSummary = null,
    string? BestCheckpoint = null)
{
    /// <summary>Confusion matrix of the final validation evaluation (confusion-validation.png).</summary>
    public string? ValidationConfusionPng { get; init; }

    /// <summary>Confusion matrix of the test evaluation (confusion-test.png).</summary>
    public string? TestConfusionPng { get; init; }

    /// <summary>The human-readable report (report.md).</summary>
    public string? ReportMarkdown { get; init; }

    /// <summary>This report as JSON (report.json).</summary>
    public string? ReportJson { get; init; }
}
