using TLDeclarative.Freezing;
using TLDeclarative.Training.Callbacks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>One training phase: what is frozen, the optimizer over what trains, and its epochs.</summary>
/// <param name="FirstEpoch">1-based global epoch number: continues from the phase before (Keras' initial_epoch).</param>
/// <param name="CreateOptimizer">Builds the phase's own optimizer over the parameters that train in it.</param>
public sealed record PhaseDefinition(
    string Name,
    FreezePolicy Freeze,
    int FirstEpoch,
    int LastEpoch,
    Func<IEnumerable<Parameter>, optim.Optimizer> CreateOptimizer)
{
    public int EpochCount => LastEpoch - FirstEpoch + 1;

    /// <summary>The phase's learning-rate schedule; null keeps the optimizer's rate constant.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>When set, the gradients of the trainable parameters are clipped to this joint L2 norm before every step.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>BatchNorm layers of frozen stages: frozen (inference mode, the default) or trainable.</summary>
    public BatchNormPolicy BatchNorm { get; init; }

    /// <summary>Per-stage multipliers of the learning rate, as optimizer parameter groups; the rest and the head get 1.</summary>
    public IReadOnlyList<LearningRateMultiplier> LearningRateMultipliers { get; init; } = [];

    /// <summary>Stops the phase early when the monitored metric stops improving; null runs every epoch.</summary>
    public EarlyStoppingSettings? EarlyStopping { get; init; }
}
