namespace TLDeclarative.Training.Callbacks;

/// <summary>Checkpoints: the last epoch's is always written; the best is chosen by <paramref name="Monitor"/>.</summary>
public sealed record CheckpointSettings(MonitoredMetric Monitor)
{
    public static CheckpointSettings Default { get; } = new(MonitoredMetric.ValidationLoss);
}
