using TorchSharp;
using static TorchSharp.torch;
using static TLDeclarative.Backbones.TorchVision.TorchVisionArchitecture;

namespace TLDeclarative.Backbones.TorchVision;

/// <summary>
/// The TorchVision 0.107 architectures the catalogue offers. Stages follow the network's resolution
/// steps so that "freeze until X" cuts where the features change scale (docs/backbones.md lists them).
/// </summary>
public static class TorchVisionArchitectures
{
    private static readonly string[] ResNetStages = ["stem", "layer1", "layer2", "layer3", "layer4"];
    private static readonly string[] MobileNetStages = ["stem", "block1", "block2", "block3", "block4"];
    private static readonly string[] VggStages = ["block1", "block2", "block3", "block4", "block5"];

    public static IReadOnlyList<TorchVisionArchitecture> All { get; } =
    [
        ResNet("resnet18", () => torchvision.models.resnet18(), 512),
        ResNet("resnet34", () => torchvision.models.resnet34(), 512),
        ResNet("resnet50", () => torchvision.models.resnet50(), 2048),
        ResNet("resnet101", () => torchvision.models.resnet101(), 2048),
        ResNet("resnet152", () => torchvision.models.resnet152(), 2048),

        // Output stride after each stage: 2, 4, 8, 16, 32; the last stage ends with the 1x1 conv to 1280.
        new("mobilenet_v2", () => torchvision.models.mobilenet_v2(), MobileNetStages,
            _ => [Range("features", 0, 1), Range("features", 2, 3), Range("features", 4, 6), Range("features", 7, 13), Range("features", 14, 18)],
            ["classifier"], 1280),
        new("mobilenet_v3_small", () => torchvision.models.mobilenet_v3_small(), MobileNetStages,
            _ => [Range("features", 0, 0), Range("features", 1, 1), Range("features", 2, 3), Range("features", 4, 8), Range("features", 9, 12)],
            ["avgpool", "classifier"], 576),
        new("mobilenet_v3_large", () => torchvision.models.mobilenet_v3_large(), MobileNetStages,
            _ => [Range("features", 0, 1), Range("features", 2, 3), Range("features", 4, 6), Range("features", 7, 12), Range("features", 13, 16)],
            ["avgpool", "classifier"], 960),

        Vgg("vgg11", () => torchvision.models.vgg11()),
        Vgg("vgg13", () => torchvision.models.vgg13()),
        Vgg("vgg16", () => torchvision.models.vgg16()),
        Vgg("vgg19", () => torchvision.models.vgg19()),
        Vgg("vgg11_bn", () => torchvision.models.vgg11_bn()),
        Vgg("vgg13_bn", () => torchvision.models.vgg13_bn()),
        Vgg("vgg16_bn", () => torchvision.models.vgg16_bn()),
        Vgg("vgg19_bn", () => torchvision.models.vgg19_bn()),

        new("alexnet", () => torchvision.models.alexnet(), ["block1", "block2", "block3"],
            network => BlocksEndingWithPooling(network, "features"), ["avgpool", "classifier"], 256),

        // Pooling opens a stage (as in ResNet), so each stage's output is its last inception block's.
        new("googlenet", () => torchvision.models.googlenet(), ["stem", "inception3", "inception4", "inception5"],
            _ =>
            [
                ["conv1", "maxpool1", "conv2", "conv3", "maxpool2"],
                ["inception3a", "inception3b"],
                ["maxpool3", "inception4a", "inception4b", "inception4c", "inception4d", "inception4e"],
                ["maxpool4", "inception5a", "inception5b"],
            ],
            ["avgpool", "dropout", "fc", "aux1", "aux2"], 1024, TransformsInput: true),
        new("inception_v3", () => torchvision.models.inception_v3(), ["stem", "mixed5", "mixed6", "mixed7"],
            _ =>
            [
                ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1", "Conv2d_3b_1x1", "Conv2d_4a_3x3", "maxpool2"],
                ["Mixed_5b", "Mixed_5c", "Mixed_5d"],
                ["Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"],
                ["Mixed_7a", "Mixed_7b", "Mixed_7c"],
            ],
            ["AuxLogits", "avgpool", "dropout", "fc"], 2048, TransformsInput: true),
    ];

    /// <summary>Catalogue names in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    /// <summary>The architecture with this name (case-insensitive), or null.</summary>
    public static TorchVisionArchitecture? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    private static TorchVisionArchitecture ResNet(string name, Func<nn.Module> create, int channels) =>
        new(name, create, ResNetStages,
            _ => [["conv1", "bn1", "relu", "maxpool"], ["layer1"], ["layer2"], ["layer3"], ["layer4"]],
            ["avgpool", "flatten", "fc"], channels);

    private static TorchVisionArchitecture Vgg(string name, Func<nn.Module> create) =>
        new(name, create, VggStages, network => BlocksEndingWithPooling(network, "features"), ["avgpool", "classifier"], 512);
}
