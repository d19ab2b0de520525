using System;
using System.Collections.Generic;
using System.Linq;

namespace TLDeclarative.Spec.Catalog
{
    /// <summary>What the build knows about a catalogue backbone without loading it.</summary>
    /// <param name="Stages">Stage names in forward order: what freeze policies may name.</param>
    /// <param name="StageParameters">Parameter count of each stage, in <paramref name="Stages"/> order.</param>
    /// <param name="MinImageSize">Smallest input side that still leaves a spatial feature map.</param>
    /// <param name="OutputChannels">Channels of the last feature map (the head's input).</param>
    public sealed record BuiltInBackbone(
        string Name,
        IReadOnlyList<string> Stages,
        IReadOnlyList<long> StageParameters,
        int MinImageSize,
        int OutputChannels,
        IReadOnlyList<string> Weights)
    {
        /// <summary>True when <c>weights:</c> may name a weight file (see <see cref="BuiltInBackbones.WeightFileExtensions"/>).</summary>
        public bool AcceptsWeightFiles { get; init; }
    }

    /// <summary>
    /// The backbones specs can name, as the build sees them. The run time's catalogue builds the
    /// same networks; a run-time test keeps stages, parameter counts and channels in agreement.
    /// </summary>
    public static class BuiltInBackbones
    {
        public static IReadOnlyList<BuiltInBackbone> All { get; } = new[]
        {
            // ImageNet ResNet-18 exported from CNTK (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18).
            new BuiltInBackbone(
                "resnet18",
                new[] { "stem", "layer1", "layer2", "layer3", "layer4" },
                new long[] { 9_536, 147_968, 525_568, 2_099_712, 13_114_368 },
                MinImageSize: 32,
                OutputChannels: 512,
                Weights: new[] { "imagenet", "none" }),
        };

        /// <summary>File extensions a <c>weights:</c> value may end with to name a weight file.</summary>
        public static IReadOnlyList<string> WeightFileExtensions { get; } = new[] { ".dat", ".pt", ".pth", ".safetensors" };

        /// <summary>True when <paramref name="weights"/> names a weight file rather than built-in weights.</summary>
        public static bool IsWeightFile(string weights) =>
            WeightFileExtensions.Any(e => weights.EndsWith(e, StringComparison.OrdinalIgnoreCase));

        /// <summary>The first entry with this name (for messages and stage lists).</summary>
        public static BuiltInBackbone? Find(string name) =>
            All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

        /// <summary>
        /// The entry a (name, weights) pair selects: a weight file picks the entry that accepts files
        /// (e.g. resnet18 with a .pth is TorchVision's architecture, resnet18 with imagenet the embedded
        /// ONNX network); named weights pick the entry listing them. Null when no entry fits.
        /// </summary>
        public static BuiltInBackbone? Find(string name, string weights)
        {
            var named = All.Where(b => string.Equals(b.Name, name, StringComparison.Ordinal));
            return IsWeightFile(weights)
                ? named.FirstOrDefault(b => b.AcceptsWeightFiles)
                : named.FirstOrDefault(b => b.Weights.Contains(weights, StringComparer.Ordinal));
        }
    }
}
