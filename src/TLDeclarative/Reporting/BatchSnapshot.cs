namespace TLDeclarative.Reporting;

/// <summary>Where an epoch stands after a batch, with derived throughput and time to the epoch's end.</summary>
internal readonly record struct BatchSnapshot(
    string Phase,
    int Epoch,
    int LastEpoch,
    int Batch,
    int Batches,
    double Loss,
    double Accuracy,
    double? ImagesPerSecond,
    TimeSpan? Remaining)
{
    /// <summary>Fraction of the epoch done, 0..1 (0 when the batch count is unknown).</summary>
    public double Fraction => Batches <= 0 ? 0 : Math.Clamp((double)Batch / Batches, 0, 1);
}
