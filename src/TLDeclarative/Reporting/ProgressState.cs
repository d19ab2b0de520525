namespace TLDeclarative.Reporting;

/// <summary>
/// The bookkeeping both progress displays share: current phase and epoch, and when the epoch began
/// (for images/s and ETA). Tolerates a missing <see cref="ITrainingProgress.EpochStarted"/>.
/// </summary>
internal sealed class ProgressState(TimeProvider time)
{
    private long epochStart = time.GetTimestamp();

    public string Phase { get; private set; } = "";

    public int LastEpoch { get; private set; }

    public int BatchesPerEpoch { get; private set; }

    public int Epoch { get; private set; } = 1;

    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
    {
        Phase = phase ?? "";
        LastEpoch = lastEpoch;
        BatchesPerEpoch = batchesPerEpoch;
        Epoch = firstEpoch;
        epochStart = time.GetTimestamp();
    }

    public void EpochStarted(int epoch)
    {
        Epoch = epoch;
        epochStart = time.GetTimestamp();
    }

    public BatchSnapshot BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
    {
        var elapsed = time.GetElapsedTime(epochStart);
        double? rate = elapsed > TimeSpan.Zero && imagesSoFar > 0 ? imagesSoFar / elapsed.TotalSeconds : null;
        TimeSpan? remaining = batch > 0 && BatchesPerEpoch >= batch && elapsed > TimeSpan.Zero
            ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (BatchesPerEpoch - batch) / batch)
            : null;
        return new BatchSnapshot(Phase, Epoch, LastEpoch, batch, BatchesPerEpoch, runningLoss, runningAccuracy, rate, remaining);
    }

    public void EpochCompleted(EpochMetrics metrics)
    {
        if (metrics.Phase != Phase && !string.IsNullOrEmpty(metrics.Phase))
        {
            // No PhaseStarted for this phase: show what we know, without a total.
            Phase = metrics.Phase;
            LastEpoch = 0;
        }

        Epoch = metrics.Epoch + 1;
        epochStart = time.GetTimestamp();
    }
}
