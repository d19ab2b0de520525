namespace TLDeclarative.Reporting;

/// <summary>Shows nothing: for tests and for callers that want silence.</summary>
public sealed class NullTrainingProgress : ITrainingProgress
{
    /// <summary>The shared instance (it has no state).</summary>
    public static NullTrainingProgress Instance { get; } = new();

    /// <inheritdoc />
    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
    {
    }

    /// <inheritdoc />
    public void EpochStarted(int epoch)
    {
    }

    /// <inheritdoc />
    public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
    {
    }

    /// <inheritdoc />
    public void EpochCompleted(EpochMetrics metrics)
    {
    }

    /// <inheritdoc />
    public void Message(string message)
    {
    }
}
