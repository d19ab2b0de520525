using System.Collections.Generic;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Spec.Planning
{
    /// <summary>What one phase trains, as the build sees it.</summary>
    /// <param name="Number">1-based position of the phase.</param>
    /// <param name="FirstEpoch">1-based global epoch number; epochs continue from the phase before.</param>
    /// <param name="TrainableStages">Backbone stages that train, in forward order (the head always trains).</param>
    /// <param name="FrozenStages">Backbone stages that stay frozen, BatchNorm included.</param>
    /// <param name="TrainableBackboneParameters">Parameters of the trainable stages; null when the backbone is not known at build time.</param>
    /// <param name="TrainableParameters">Trainable backbone parameters plus the head's; null when either is unknown.</param>
    public sealed record PhasePlan(
        int Number,
        string Name,
        int FirstEpoch,
        int LastEpoch,
        IReadOnlyList<string> TrainableStages,
        IReadOnlyList<string> FrozenStages,
        long? TrainableBackboneParameters,
        long? TrainableParameters,
        OptimizerSpec Optimizer);
}
