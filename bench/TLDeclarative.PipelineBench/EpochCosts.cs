using TLDeclarative.Reporting;

namespace TLDeclarative.PipelineBench;

/// <summary>Records the wall and CPU seconds of every epoch the trainer runs (from its epoch-start to epoch-end events).</summary>
internal sealed class EpochCosts : ITrainingProgress
{
    private Cost start;

    public List<Cost> Epochs { get; } = [];

    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch) { }

    public void EpochStarted(int epoch) => start = Meter.Now();

    public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar) { }

    public void EpochCompleted(EpochMetrics metrics) => Epochs.Add(Meter.Now() - start);

    public void Message(string message) { }
}
