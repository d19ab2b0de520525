using System;
using System.Collections.Generic;
using System.Linq;

namespace TLDeclarative.Spec.Catalog
{
    /// <summary>How torch.save wrote a file: the zip archive (PyTorch 1.6 and later) or the legacy pickle stream.</summary>
    public enum WeightsFileFormat
    {
        /// <summary>Re-uploaded after mid-2020 under a new hash: not established without downloading (the reader detects it).</summary>
        Unknown,
        Zip,
        Legacy,
    }

    /// <summary>
    /// One of torchvision's official ImageNet-1K weight files for an architecture.
    /// </summary>
    /// <param name="Name">torchvision's enum member name (IMAGENET1K_V1, IMAGENET1K_V2).</param>
    /// <param name="FileName">File name under torchvision's base URL; its last part is the SHA-256's first hex digits.</param>
    /// <param name="IsDefault">torchvision's DEFAULT for the architecture: what <c>weights: imagenet</c> selects.</param>
    /// <param name="Top1">torchvision's published ImageNet-1K top-1 accuracy (percent).</param>
    /// <param name="Parameters">Parameter count of the complete network, classifier included.</param>
    /// <param name="ResizeSize">torchvision's evaluation transform: resize the shorter side to this, then ...</param>
    /// <param name="CropSize">... crop the centre to this square.</param>
    public sealed record PretrainedWeights(
        string Architecture,
        string Name,
        string FileName,
        bool IsDefault,
        double Top1,
        long Parameters,
        WeightsFileFormat Format,
        int ResizeSize,
        int CropSize)
    {
        /// <summary>The hex digits after the last '-' of the file name: the start of the file's SHA-256 (torch.hub's convention).</summary>
        public string HashPrefix
        {
            get
            {
                var stem = FileName.Substring(0, FileName.LastIndexOf('.'));
                return stem.Substring(stem.LastIndexOf('-') + 1);
            }
        }
    }

    /// <summary>
    /// torchvision's official ImageNet weights for the catalogue's architectures, as torchvision's own
    /// Weights enums list them (rows printed by eng/torchvision-weights-table.py from torchvision 0.14.1;
    /// vgg16's IMAGENET1K_FEATURES is left out: it expects another input standardisation and has no
    /// classifier accuracy). Pure data: the build checks names against it, the run time downloads.
    /// </summary>
    public static class PretrainedWeightsTable
    {
        /// <summary>Where torchvision's files live; TL_WEIGHTS_MIRROR replaces it.</summary>
        public const string BaseUrl = "https://download.pytorch.org/models/";

        /// <summary>The spec's name for torchvision's DEFAULT weights.</summary>
        public const string ImageNet = "imagenet";

        public static IReadOnlyList<PretrainedWeights> All { get; } = new[]
        {
            new PretrainedWeights("resnet18", "IMAGENET1K_V1", "resnet18-f37072fd.pth", IsDefault: true, Top1: 69.758, Parameters: 11689512, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("resnet34", "IMAGENET1K_V1", "resnet34-b627a593.pth", IsDefault: true, Top1: 73.314, Parameters: 21797672, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("resnet50", "IMAGENET1K_V1", "resnet50-0676ba61.pth", IsDefault: false, Top1: 76.13, Parameters: 25557032, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("resnet50", "IMAGENET1K_V2", "resnet50-11ad3fa6.pth", IsDefault: true, Top1: 80.858, Parameters: 25557032, Format: WeightsFileFormat.Zip, ResizeSize: 232, CropSize: 224),
            new PretrainedWeights("resnet101", "IMAGENET1K_V1", "resnet101-63fe2227.pth", IsDefault: false, Top1: 77.374, Parameters: 44549160, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("resnet101", "IMAGENET1K_V2", "resnet101-cd907fc2.pth", IsDefault: true, Top1: 81.886, Parameters: 44549160, Format: WeightsFileFormat.Zip, ResizeSize: 232, CropSize: 224),
            new PretrainedWeights("resnet152", "IMAGENET1K_V1", "resnet152-394f9c45.pth", IsDefault: false, Top1: 78.312, Parameters: 60192808, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("resnet152", "IMAGENET1K_V2", "resnet152-f82ba261.pth", IsDefault: true, Top1: 82.284, Parameters: 60192808, Format: WeightsFileFormat.Zip, ResizeSize: 232, CropSize: 224),
            new PretrainedWeights("mobilenet_v2", "IMAGENET1K_V1", "mobilenet_v2-b0353104.pth", IsDefault: false, Top1: 71.878, Parameters: 3504872, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("mobilenet_v2", "IMAGENET1K_V2", "mobilenet_v2-7ebf99e0.pth", IsDefault: true, Top1: 72.154, Parameters: 3504872, Format: WeightsFileFormat.Zip, ResizeSize: 232, CropSize: 224),
            new PretrainedWeights("mobilenet_v3_small", "IMAGENET1K_V1", "mobilenet_v3_small-047dcff4.pth", IsDefault: true, Top1: 67.668, Parameters: 2542856, Format: WeightsFileFormat.Zip, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("mobilenet_v3_large", "IMAGENET1K_V1", "mobilenet_v3_large-8738ca79.pth", IsDefault: false, Top1: 74.042, Parameters: 5483032, Format: WeightsFileFormat.Zip, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("mobilenet_v3_large", "IMAGENET1K_V2", "mobilenet_v3_large-5c1a4163.pth", IsDefault: true, Top1: 75.274, Parameters: 5483032, Format: WeightsFileFormat.Zip, ResizeSize: 232, CropSize: 224),
            new PretrainedWeights("vgg11", "IMAGENET1K_V1", "vgg11-8a719046.pth", IsDefault: true, Top1: 69.02, Parameters: 132863336, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg13", "IMAGENET1K_V1", "vgg13-19584684.pth", IsDefault: true, Top1: 69.928, Parameters: 133047848, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg16", "IMAGENET1K_V1", "vgg16-397923af.pth", IsDefault: true, Top1: 71.592, Parameters: 138357544, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg19", "IMAGENET1K_V1", "vgg19-dcbb9e9d.pth", IsDefault: true, Top1: 72.376, Parameters: 143667240, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg11_bn", "IMAGENET1K_V1", "vgg11_bn-6002323d.pth", IsDefault: true, Top1: 70.37, Parameters: 132868840, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg13_bn", "IMAGENET1K_V1", "vgg13_bn-abd245e5.pth", IsDefault: true, Top1: 71.586, Parameters: 133053736, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg16_bn", "IMAGENET1K_V1", "vgg16_bn-6c64b313.pth", IsDefault: true, Top1: 73.36, Parameters: 138365992, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("vgg19_bn", "IMAGENET1K_V1", "vgg19_bn-c79401a0.pth", IsDefault: true, Top1: 74.218, Parameters: 143678248, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("alexnet", "IMAGENET1K_V1", "alexnet-owt-7be5be79.pth", IsDefault: true, Top1: 56.522, Parameters: 61100840, Format: WeightsFileFormat.Unknown, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("googlenet", "IMAGENET1K_V1", "googlenet-1378be20.pth", IsDefault: true, Top1: 69.778, Parameters: 6624904, Format: WeightsFileFormat.Legacy, ResizeSize: 256, CropSize: 224),
            new PretrainedWeights("inception_v3", "IMAGENET1K_V1", "inception_v3_google-0cc3c7bd.pth", IsDefault: true, Top1: 77.294, Parameters: 27161264, Format: WeightsFileFormat.Unknown, ResizeSize: 342, CropSize: 299),
        };

        /// <summary>Every official weights entry of <paramref name="architecture"/>, in torchvision's order.</summary>
        public static IReadOnlyList<PretrainedWeights> For(string architecture) =>
            All.Where(w => string.Equals(w.Architecture, architecture, StringComparison.Ordinal)).ToList();

        /// <summary>
        /// The entry <paramref name="weights"/> selects for <paramref name="architecture"/>: <c>imagenet</c>
        /// is torchvision's DEFAULT, other names are torchvision's own (IMAGENET1K_V1). Null when none fits.
        /// </summary>
        public static PretrainedWeights? Find(string architecture, string weights) =>
            For(architecture).FirstOrDefault(w => weights == ImageNet ? w.IsDefault : string.Equals(w.Name, weights, StringComparison.Ordinal));
    }
}
