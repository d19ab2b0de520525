using TLDeclarative.Reporting;

namespace TLDeclarative.Training;

/// <summary>
/// Everything the trainer hands out after an epoch to be saved, and takes back to resume: the state,
/// the history so far, and the serialized optimizer state and early-stopping best weights. The model's
/// own weights travel separately (they are the model).
/// </summary>
public sealed class TrainingCheckpoint
{
    public TrainingCheckpoint(TrainingState state, TrainingHistory history, byte[]? optimizerState, byte[]? earlyStoppingWeights)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(history);
        State = state;
        History = history;
        OptimizerState = optimizerState;
        EarlyStoppingWeights = earlyStoppingWeights;
    }

    public TrainingState State { get; }

    public TrainingHistory History { get; }

    /// <summary>TorchSharp's <c>save_state_dict</c> bytes of the phase's optimizer (moments, step counts, rates); null when it cannot save them.</summary>
    public byte[]? OptimizerState { get; }

    /// <summary>The weights of the phase's best epoch, kept for restore_best_weights; null when not needed.</summary>
    public byte[]? EarlyStoppingWeights { get; }

    /// <summary>This epoch improved the best-checkpoint metric (set by the trainer, not saved).</summary>
    public bool IsBest { get; init; }
}
