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

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>Runs only when the environment variable <see cref="Variable"/> is 1: a measurement, not a CI check.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public const string Variable = "TLD_MEASURE_BACKBONES";

    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"A measurement of several minutes: set {Variable}=1 to run it.";
    }
}

/// <summary>
/// The numbers in docs/backbones.md (Fashion-MNIST, pullover vs coat, the task of TransferIsRealTests):
/// the embedded ImageNet resnet18 as a frozen feature extractor, the same then fine-tuned from layer4,
/// and mobilenet_v2 from random weights (head only, and trained whole).
/// Run: TLD_MEASURE_BACKBONES=1 dotnet test tests/TLDeclarative.Tests --filter "FullyQualifiedName~TorchVisionFashionMnistMeasurement" --logger "console;verbosity=detailed"
/// </summary>
public sealed class TorchVisionFashionMnistMeasurement(ITestOutputHelper output)
{
    private const int ImageSize = 64;
    private const int HeadEpochs = 4;
    private const int FineTuneEpochs = 2;
    private static readonly string[] Classes = ["pullover", "coat"];

    [MeasurementFact]
    public void Pretrained_features_fine_tuning_and_a_random_mobilenet_v2()
    {
        using var folder = new TempFolder();
        FashionMnist.Export(folder.Path, Classes, trainPerClass: 150, validationPerClass: 100, testPerClass: 0, seed: 11);
        using var train = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("train"), Classes), ImageSize, ImageSize);
        using var validation = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("validation"), Classes), ImageSize, ImageSize);

        Report("resnet18 imagenet, frozen (feature extraction)", Run("resnet18", "imagenet", train, validation, fineTune: FreezePolicy.Until("layer4")));
        Report("mobilenet_v2 none, frozen (random features)", Run("mobilenet_v2", "none", train, validation, fineTune: null));
        Report("mobilenet_v2 none, trained whole", Run("mobilenet_v2", "none", train, validation, fineTune: FreezePolicy.None));
    }

    private void Report(string what, TrainingHistory history)
    {
        foreach (var epoch in history.Epochs)
            output.WriteLine($"{what}: epoch {epoch.Epoch} ({epoch.Phase}) validation accuracy {epoch.ValidationAccuracy:P1}");
    }

    /// <summary>Head-only phase (lr 1e-3), then optionally a fine-tuning phase with <paramref name="fineTune"/> (lr 1e-4).</summary>
    private static TrainingHistory Run(string name, string weights, DecodedImages train, DecodedImages validation, FreezePolicy? fineTune)
    {
        torch.random.manual_seed(3);
        var backbone = BackboneCatalog.Create(name, weights);
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        var phases = new List<PhaseDefinition> { new("feature_extraction", FreezePolicy.All, 1, HeadEpochs, p => optim.Adam(p, lr: 1e-3)) };
        if (fineTune is not null)
            phases.Add(new("fine_tuning", fineTune, HeadEpochs + 1, HeadEpochs + FineTuneEpochs, p => optim.Adam(p, lr: 1e-4)));

        return new Trainer(model, new NullTrainingProgress()).Run(
            phases,
            new BatchLoader(train, 32, CPU, shuffle: true, seed: 3),
            new BatchLoader(validation, 64, CPU, shuffle: false, seed: 3),
            augmenter: null);
    }
}
