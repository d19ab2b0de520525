using System;
using System.Collections.Generic;
using System.Linq;

namespace TLDeclarative.Spec.Catalog
{
    /// <summary>What the build knows about a catalogue backbone without loading it.</summary>
    /// <param name="Stages">Stage names in forward order: what freeze policies may name.</param>
    /// <param name="MinImageSize">Smallest input side that still leaves a spatial feature map.</param>
    public sealed record BuiltInBackbone(string Name, IReadOnlyList<string> Stages, int MinImageSize, IReadOnlyList<string> Weights);

    /// <summary>
    /// The backbones specs can name. The run time's catalogue builds the same names; a run-time
    /// test keeps the stage lists of both in agreement.
    /// </summary>
    public static class BuiltInBackbones
    {
        public static IReadOnlyList<BuiltInBackbone> All { get; } = new[]
        {
            // ImageNet ResNet-18 exported from CNTK (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18).
            new BuiltInBackbone(
                "resnet18",
                new[] { "stem", "layer1", "layer2", "layer3", "layer4" },
                MinImageSize: 32,
                Weights: new[] { "imagenet", "none" }),
        };

        public static BuiltInBackbone? Find(string name) =>
            All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));
    }
}
