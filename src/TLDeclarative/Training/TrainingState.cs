using TLDeclarative.Training.Callbacks;

namespace TLDeclarative.Training;

/// <summary>
/// Where a run stands after a completed epoch: enough, with the weights, the optimizer state and the
/// history, to continue it as if it had never stopped.
/// </summary>
/// <param name="PhaseIndex">0-based phase of <paramref name="Epoch"/>.</param>
/// <param name="Epoch">The global epoch just completed.</param>
/// <param name="PhaseFirstEpoch">Global number of the first epoch of that phase as run (after earlier early stops).</param>
/// <param name="EpochShift">Epochs earlier phases gave up by stopping early; later phases start that much sooner.</param>
/// <param name="PhaseFinished">The phase ended with this epoch (its last, or stopped early).</param>
/// <param name="Finished">Every phase is done.</param>
/// <param name="EarlyStopping">The phase's early-stopping count; null when the phase has none.</param>
/// <param name="Best">The best-checkpoint metric so far; null when nothing is monitored.</param>
public sealed record TrainingState(
    int PhaseIndex,
    int Epoch,
    int PhaseFirstEpoch,
    int EpochShift,
    bool PhaseFinished,
    bool Finished,
    ImprovementState? EarlyStopping,
    ImprovementState? Best);
