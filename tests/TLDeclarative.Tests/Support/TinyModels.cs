using TLDeclarative.Data;
using TLDeclarative.Heads;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Support;

internal static class TinyModels
{
    public const int ImageSize = 32;

    /// <summary>Tiny backbone + the head the generator writes for two classes.</summary>
    public static TransferModel TwoClass(int seed = 1)
    {
        random.manual_seed(seed);
        var backbone = new TinyBackbone();
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("dropout1", nn.Dropout(0.2)),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
    }

    /// <summary>A small demo data set on disk, decoded: (train, validation).</summary>
    public static (DecodedImages Train, DecodedImages Validation) DemoData(string root, int trainPerClass = 16, int validationPerClass = 8)
    {
        string[] classes = ["cats", "dogs"];
        DemoDataSet.Write(root, classes, trainPerClass, validationPerClass, ImageSize, ImageSize, seed: 5);
        var train = DecodedImages.Decode(ImageFolder.Scan(Path.Combine(root, "train"), classes), ImageSize, ImageSize);
        var validation = DecodedImages.Decode(ImageFolder.Scan(Path.Combine(root, "validation"), classes), ImageSize, ImageSize);
        return (train, validation);
    }
}
