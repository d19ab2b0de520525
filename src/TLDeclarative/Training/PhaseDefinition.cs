using TLDeclarative.Freezing;
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
}
