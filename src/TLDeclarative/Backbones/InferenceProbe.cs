using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// Runs a side-effect-free probe of a module (e.g. a forward pass to learn output shapes): inference
/// mode, no gradients, and afterwards every submodule's own training mode restored, so BatchNorm running
/// statistics are untouched and frozen BatchNorm layers stay in inference mode.
/// </summary>
internal static class InferenceProbe
{
    public static T Run<T>(nn.Module module, Func<T> probe)
    {
        // Parents first: train() recurses, so each child's own mode must be set after its parent's.
        var modes = module.named_modules()
            .Select(m => (Depth: m.name.Count(c => c == '.'), Module: m.module, Training: m.module.training))
            .OrderBy(m => m.Depth)
            .ToList();
        var wasTraining = module.training;
        try
        {
            module.eval();
            using var noGrad = no_grad();
            return probe();
        }
        finally
        {
            module.train(wasTraining);
            foreach (var (_, child, training) in modes)
                child.train(training);
        }
    }
}
