namespace TLDeclarative.Training.Callbacks;

/// <summary>
/// Follows one monitored metric over epochs: the best value so far, its epoch, and how many epochs in a
/// row did not improve on it by more than <see cref="MinDelta"/> (Keras' EarlyStopping/ModelCheckpoint
/// rule). Early stopping and the best checkpoint each keep one; its <see cref="State"/> goes into the
/// checkpoint so a resumed run continues the count.
/// </summary>
public sealed class ImprovementTracker
{
    public ImprovementTracker(MonitoredMetric monitor, double minDelta = 0, ImprovementState? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        Monitor = monitor;
        MinDelta = minDelta;
        State = state ?? ImprovementState.Initial;
    }

    public MonitoredMetric Monitor { get; }

    public double MinDelta { get; }

    public ImprovementState State { get; private set; }

    /// <summary>Records an epoch's value; true when it is the new best. A missing or non-finite value never improves.</summary>
    public bool Observe(int epoch, double? value)
    {
        var improved = value is { } v && double.IsFinite(v) && (State.Best is not { } best || Beats(v, best));
        State = improved
            ? new ImprovementState(value, epoch, 0)
            : State with { EpochsWithoutImprovement = State.EpochsWithoutImprovement + 1 };
        return improved;
    }

    private bool Beats(double value, double best) =>
        Monitor.HigherIsBetter() ? value - best > MinDelta : best - value > MinDelta;
}

/// <summary>What an <see cref="ImprovementTracker"/> remembers.</summary>
/// <param name="Best">Best value so far; null before the first finite value.</param>
/// <param name="BestEpoch">Global epoch of <paramref name="Best"/>; 0 before it.</param>
/// <param name="EpochsWithoutImprovement">Epochs since the best one.</param>
public sealed record ImprovementState(double? Best, int BestEpoch, int EpochsWithoutImprovement)
{
    public static ImprovementState Initial { get; } = new(null, 0, 0);
}
