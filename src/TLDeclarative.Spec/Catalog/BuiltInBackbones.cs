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
        private static readonly string[] ResNetStages = { "stem", "layer1", "layer2", "layer3", "layer4" };
        private static readonly string[] MobileNetStages = { "stem", "block1", "block2", "block3", "block4" };
        private static readonly string[] VggStages = { "block1", "block2", "block3", "block4", "block5" };
        private static readonly string[] NoWeightsOnly = { "none" };
        private static readonly string[] AlexNetStages = { "block1", "block2", "block3" };
        private static readonly string[] GoogLeNetStages = { "stem", "inception3", "inception4", "inception5" };
        private static readonly string[] InceptionV3Stages = { "stem", "mixed5", "mixed6", "mixed7" };

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

            // TorchVision 0.107 architectures without their classifier: torchvision's ImageNet weights
            // (imagenet = torchvision's DEFAULT, or a name from PretrainedWeightsTable), random weights
            // ("none") or a weight file. resnet18's imagenet and none stay the embedded network above;
            // its torchvision weights are named explicitly (IMAGENET1K_V1), so no spec changes network. Parameter counts measured with TorchSharp (BuildTimeCatalogTests keeps them
            // honest); MinImageSize is the smallest side whose last feature map is still at least 1x1.
            TorchVision("resnet18", ResNetStages, new long[] { 9_536, 147_968, 525_568, 2_099_712, 8_393_728 }, 1, 512, embeddedAlso: true),
            TorchVision("resnet34", ResNetStages, new long[] { 9_536, 221_952, 1_116_416, 6_822_400, 13_114_368 }, 1, 512),
            TorchVision("resnet50", ResNetStages, new long[] { 9_536, 215_808, 1_219_584, 7_098_368, 14_964_736 }, 1, 2048),
            TorchVision("resnet101", ResNetStages, new long[] { 9_536, 215_808, 1_219_584, 26_090_496, 14_964_736 }, 1, 2048),
            TorchVision("resnet152", ResNetStages, new long[] { 9_536, 215_808, 2_339_840, 40_613_888, 14_964_736 }, 1, 2048),
            TorchVision("mobilenet_v2", MobileNetStages, new long[] { 1_824, 13_968, 39_696, 487_040, 1_681_344 }, 1, 1280),
            TorchVision("mobilenet_v3_small", MobileNetStages, new long[] { 464, 744, 9_280, 180_032, 736_488 }, 1, 576),
            TorchVision("mobilenet_v3_large", MobileNetStages, new long[] { 928, 7_880, 52_312, 731_368, 2_179_464 }, 1, 960),
            TorchVision("vgg11", VggStages, new long[] { 1_792, 73_856, 885_248, 3_539_968, 4_719_616 }, 32, 512),
            TorchVision("vgg13", VggStages, new long[] { 38_720, 221_440, 885_248, 3_539_968, 4_719_616 }, 32, 512),
            TorchVision("vgg16", VggStages, new long[] { 38_720, 221_440, 1_475_328, 5_899_776, 7_079_424 }, 32, 512),
            TorchVision("vgg19", VggStages, new long[] { 38_720, 221_440, 2_065_408, 8_259_584, 9_439_232 }, 32, 512),
            TorchVision("vgg11_bn", VggStages, new long[] { 1_920, 74_112, 886_272, 3_542_016, 4_721_664 }, 32, 512),
            TorchVision("vgg13_bn", VggStages, new long[] { 38_976, 221_952, 886_272, 3_542_016, 4_721_664 }, 32, 512),
            TorchVision("vgg16_bn", VggStages, new long[] { 38_976, 221_952, 1_476_864, 5_902_848, 7_082_496 }, 32, 512),
            TorchVision("vgg19_bn", VggStages, new long[] { 38_976, 221_952, 2_067_456, 8_263_680, 9_443_328 }, 32, 512),
            TorchVision("alexnet", AlexNetStages, new long[] { 23_296, 307_392, 2_139_008 }, 63, 256),
            TorchVision("googlenet", GoogLeNetStages, new long[] { 124_736, 496_096, 2_653_088, 2_325_984 }, 15, 1024),
            TorchVision("inception_v3", InceptionV3Stages, new long[] { 172_672, 818_528, 7_974_656, 12_819_712 }, 75, 2048),
        };

        private static BuiltInBackbone TorchVision(string name, string[] stages, long[] stageParameters, int minImageSize, int outputChannels, bool embeddedAlso = false)
        {
            var official = PretrainedWeightsTable.For(name).Select(w => w.Name);
            var weights = embeddedAlso ? official : new[] { PretrainedWeightsTable.ImageNet }.Concat(official).Concat(NoWeightsOnly);
            return new BuiltInBackbone(name, stages, stageParameters, minImageSize, outputChannels, weights.ToArray()) { AcceptsWeightFiles = true };
        }

        /// <summary>File extensions a <c>weights:</c> value may end with to name a weight file.</summary>
        public static IReadOnlyList<string> WeightFileExtensions { get; } = new[] { ".dat", ".pt", ".pth", ".safetensors" };

        /// <summary>True when <paramref name="weights"/> names a weight file rather than built-in weights.</summary>
        public static bool IsWeightFile(string weights) =>
            WeightFileExtensions.Any(e => weights.EndsWith(e, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The official torchvision weights a (name, weights) pair downloads, or null when it downloads
        /// nothing (none, a file, or resnet18's imagenet, which is the embedded network).
        /// </summary>
        public static PretrainedWeights? OfficialWeights(string name, string weights) =>
            !IsWeightFile(weights) && Find(name, weights) is { AcceptsWeightFiles: true } ? PretrainedWeightsTable.Find(name, weights) : null;

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
