namespace TLDeclarative.Reporting;

/// <summary>What one training epoch measured.</summary>
/// <param name="Phase">Name of the phase (e.g. "feature_extraction").</param>
/// <param name="PhaseIndex">0-based position of the phase in the spec.</param>
/// <param name="Epoch">1-based and global: the count continues across phases, like Keras' initial_epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch, 0..1.</param>
/// <param name="ValidationLoss">Validation loss after the epoch; null when there is no validation set.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch; null when there is no validation set.</param>
/// <param name="LearningRate">Learning rate in effect during the epoch.</param>
/// <param name="Seconds">Wall time of the epoch (training and validation).</param>
/// <param name="TrainImagesPerSecond">Training throughput over the epoch.</param>
public sealed record EpochMetrics(
    string Phase,
    int PhaseIndex,
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    double Seconds,
    double TrainImagesPerSecond)
{
    /// <summary>Set on a phase's last epoch when early stopping ended the phase: why, and whether the best weights came back.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? EarlyStop { get; init; }
}
