namespace TLDeclarative.Reporting;

/// <summary>
/// Receives training events to show progress. Calls come in this order for each phase:
/// <see cref="PhaseStarted"/>, then per epoch optionally <see cref="EpochStarted"/>, any number of
/// <see cref="BatchCompleted"/>, and <see cref="EpochCompleted"/>. <see cref="Message"/> may come at any time.
/// Implementations never throw on odd orders; they only show less.
/// </summary>
public interface ITrainingProgress
{
    /// <summary>A phase begins; epochs are global numbers (the second phase may run epochs 11..20).</summary>
    void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch);

    /// <summary>
    /// An epoch begins. Optional: without it the epoch is taken to start when the phase or the previous
    /// epoch ended, and to be the next number.
    /// </summary>
    void EpochStarted(int epoch);

    /// <summary>A training batch finished.</summary>
    /// <param name="batch">Batches completed so far in this epoch, 1-based.</param>
    /// <param name="runningLoss">Mean loss over the epoch's batches so far.</param>
    /// <param name="runningAccuracy">Accuracy over the epoch's images so far, 0..1.</param>
    /// <param name="imagesSoFar">Training images processed so far in this epoch.</param>
    void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar);

    /// <summary>An epoch finished (training and validation).</summary>
    void EpochCompleted(EpochMetrics metrics);

    /// <summary>Free text for the person watching (data set sizes, checkpoint saved, ...).</summary>
    void Message(string message);

    /// <summary>
    /// Long work outside the training loop (decoding images, evaluating a set) advanced: <paramref name="done"/>
    /// of <paramref name="total"/> images. May come from several threads and out of order. Does nothing
    /// unless implemented, so displays written before it still compile and stay quiet.
    /// </summary>
    void WorkProgress(string task, int done, int total)
    {
    }
}
