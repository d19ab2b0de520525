using System.Collections.ObjectModel;

namespace TLDeclarative.Reporting;

/// <summary>
/// The epochs of a run in order. Epoch numbers are global and strictly increasing; a phase is the run of
/// consecutive epochs that share a phase index.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpochMetrics> epochs = [];

    /// <summary>An empty history.</summary>
    public TrainingHistory()
    {
        Epochs = epochs.AsReadOnly();
    }

    /// <summary>A history holding <paramref name="epochs"/>, added in order.</summary>
    public TrainingHistory(IEnumerable<EpochMetrics> epochs)
        : this()
    {
        ArgumentNullException.ThrowIfNull(epochs);
        foreach (var epoch in epochs)
        {
            Add(epoch);
        }
    }

    /// <summary>All epochs, oldest first.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; }

    /// <summary>The most recent epoch, or null when nothing was added yet.</summary>
    public EpochMetrics? Last => epochs.Count == 0 ? null : epochs[^1];

    /// <summary>Validation accuracy after the last epoch; null when empty or without validation.</summary>
    public double? FinalValidationAccuracy => Last?.ValidationAccuracy;

    /// <summary>Appends an epoch. Rejects out-of-order epochs and phases, so plots and reports stay truthful.</summary>
    public void Add(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(metrics.Epoch, 1, nameof(metrics));
        ArgumentOutOfRangeException.ThrowIfNegative(metrics.PhaseIndex, nameof(metrics));
        var last = Last;
        if (last is not null)
        {
            if (metrics.Epoch <= last.Epoch)
            {
                throw new ArgumentException(
                    $"Epoch {metrics.Epoch} does not follow epoch {last.Epoch}; epochs are global and increasing.",
                    nameof(metrics));
            }

            if (metrics.PhaseIndex < last.PhaseIndex)
            {
                throw new ArgumentException(
                    $"Phase {metrics.PhaseIndex} ('{metrics.Phase}') comes after phase {last.PhaseIndex}.",
                    nameof(metrics));
            }
        }

        epochs.Add(metrics);
    }

    /// <summary>One summary per phase, in order (computed on each call).</summary>
    public IReadOnlyList<PhaseSummary> Phases => Summarise();

    /// <summary>The epochs of each phase, in order.</summary>
    public IReadOnlyList<IReadOnlyList<EpochMetrics>> EpochsByPhase()
    {
        var groups = new List<IReadOnlyList<EpochMetrics>>();
        var start = 0;
        for (var i = 1; i <= epochs.Count; i++)
        {
            if (i == epochs.Count || epochs[i].PhaseIndex != epochs[start].PhaseIndex)
            {
                groups.Add(new ReadOnlyCollection<EpochMetrics>(epochs.GetRange(start, i - start)));
                start = i;
            }
        }

        return groups;
    }

    private ReadOnlyCollection<PhaseSummary> Summarise()
    {
        var summaries = new List<PhaseSummary>();
        foreach (var phase in EpochsByPhase())
        {
            var validated = phase.Where(e => e.ValidationAccuracy.HasValue).ToList();
            summaries.Add(new PhaseSummary(
                phase[0].Phase,
                phase[0].PhaseIndex,
                phase[0].Epoch,
                phase[^1].Epoch,
                validated.Count == 0 ? null : validated.Max(e => e.ValidationAccuracy!.Value),
                phase.Average(e => e.TrainImagesPerSecond),
                phase.Sum(e => e.Seconds)));
        }

        return summaries.AsReadOnly();
    }
}
