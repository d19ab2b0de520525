using TLDeclarative.Backbones;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Transfer;

/// <summary>
/// The point of the whole toolkit: on real images (Fashion-MNIST, pullover vs coat — a pair that
/// random features do not separate easily), the same short head-only training gets much further
/// with the ImageNet weights than with a randomly initialised backbone.
/// </summary>
public sealed class TransferIsRealTests(ITestOutputHelper output)
{
    private const int ImageSize = 64;
    private static readonly string[] Classes = ["pullover", "coat"];

    [Fact]
    public void Imagenet_weights_beat_random_weights_by_ten_points()
    {
        using var folder = new TempFolder();
        FashionMnist.Export(folder.Path, Classes, trainPerClass: 150, validationPerClass: 100, testPerClass: 0, seed: 11);
        using var train = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("train"), Classes), ImageSize, ImageSize);
        using var validation = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("validation"), Classes), ImageSize, ImageSize);

        var pretrained = HeadOnlyAccuracy("imagenet", train, validation);
        var random = HeadOnlyAccuracy("none", train, validation);
        output.WriteLine($"validation accuracy: imagenet {pretrained:P1}, random {random:P1}");

        Assert.True(pretrained - random >= 0.10, $"imagenet {pretrained:P1} should beat random {random:P1} by 10 points");
    }

    private static double HeadOnlyAccuracy(string weights, DecodedImages train, DecodedImages validation)
    {
        torch.random.manual_seed(3);
        var backbone = BackboneCatalog.Create("resnet18", weights);
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        PhaseDefinition[] phases = [new("feature_extraction", FreezePolicy.All, 1, 4, p => optim.Adam(p, lr: 1e-3))];

        var history = new Trainer(model, new NullTrainingProgress()).Run(
            phases,
            new BatchLoader(train, 32, CPU, shuffle: true, seed: 3),
            new BatchLoader(validation, 64, CPU, shuffle: false, seed: 3),
            augmenter: null);
        return history.Last!.ValidationAccuracy!.Value;
    }
}
