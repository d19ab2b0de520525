using TLDeclarative.Backbones;
using TLDeclarative.Heads;
using TLDeclarative.Runtime;
using static TorchSharp.torch;

namespace TLDeclarative.ConvolutionBench;

/// <summary>The two networks measured: one without affected layers, one full of them.</summary>
internal static class Networks
{
    public static readonly string[] Names = ["recipe", "efficientnet-like"];

    /// <summary>The network, its input batch size and image size.</summary>
    public static (nn.Module<Tensor, Tensor> Model, int Batch, int Size) Create(string name) => name switch
    {
        "recipe" => (Recipe(), 8, 150), // the tutorial's 150x150
        "efficientnet-like" => (EfficientNetLike(), 16, 96),
        _ => throw new ArgumentException($"Unknown network '{name}'; known: {string.Join(", ", Names)}."),
    };

    // The tutorial's recipe: the embedded ImageNet ResNet-18 (no affected layer) and the generated head.
    private static TransferModel Recipe()
    {
        var backbone = ImageNetResNet18.Load();
        var head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(backbone.OutputChannels, 1));
        return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
    }

    // EfficientNetV2-S's early widths (24, 48, 64) and EfficientNet-B0's later ones (40, 112): Fused-MBConv
    // 3x3 convolutions on 24 and 48 channels, strided ones, a depthwise block, and 112-channel 3x3s.
    private static nn.Module<Tensor, Tensor> EfficientNetLike()
    {
        var network = nn.Sequential(
            Block(3, 24, 3, 2), Block(24, 24, 3, 1), Block(24, 24, 3, 1),
            Block(24, 96, 3, 2), Block(96, 48, 1, 1), Block(48, 48, 3, 1),
            Block(48, 192, 3, 2), Block(192, 64, 1, 1),
            Block(64, 256, 1, 1), Block(256, 256, 3, 2, groups: 256), Block(256, 40, 1, 1), Block(40, 40, 3, 1),
            Block(40, 112, 3, 1), Block(112, 112, 3, 1), Block(112, 192, 3, 1),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(192, 1));
        GuardedConvolution.Protect(network); // what TorchVisionBackbone and TransferModel do for their modules
        return network;
    }

    private static nn.Module<Tensor, Tensor> Block(long inChannels, long outChannels, long kernel, long stride, long groups = 1) =>
        nn.Sequential(
            nn.Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, groups: groups, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.SiLU());
}
