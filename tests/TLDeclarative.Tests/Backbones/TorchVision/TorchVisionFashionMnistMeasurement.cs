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
/// the embedded ImageNet resnet18 as a frozen feature extractor (4 epochs), then fine-tuned from layer4
/// (2 epochs), and mobilenet_v2 from random weights: head only (4 epochs), and trained whole (6 epochs).
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

        Report("resnet18 imagenet", Run("resnet18", "imagenet", train, validation, FreezePolicy.All, 1e-3, fineTune: FreezePolicy.Until("layer4")));
        Report("mobilenet_v2 none, head only", Run("mobilenet_v2", "none", train, validation, FreezePolicy.All, 1e-3, fineTune: null));
        Report("mobilenet_v2 none, trained whole", Run("mobilenet_v2", "none", train, validation, FreezePolicy.None, 1e-3, fineTune: null, epochs: HeadEpochs + FineTuneEpochs));
    }

    /// <summary>
    /// Why the random mobilenet_v2 trained whole validates at chance: its BatchNorm running statistics
    /// are not there yet. The training set itself scores chance in inference mode right after training
    /// (at lr 1e-3 and at 1e-4), and 30 more batches in training mode without gradients (the same
    /// momentum 0.1, weights unchanged) bring it back to its training accuracy.
    /// </summary>
    [MeasurementFact]
    public void Random_mobilenet_v2_trained_whole_until_its_batch_norm_statistics_catch_up()
    {
        using var folder = new TempFolder();
        FashionMnist.Export(folder.Path, Classes, trainPerClass: 150, validationPerClass: 100, testPerClass: 0, seed: 11);
        using var train = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("train"), Classes), ImageSize, ImageSize);
        using var validation = DecodedImages.Decode(ImageFolder.Scan(folder.Combine("validation"), Classes), ImageSize, ImageSize);
        foreach (var rate in new[] { 1e-3, 1e-4 })
        {
            torch.random.manual_seed(3);
            var backbone = BackboneCatalog.Create("mobilenet_v2", "none");
            var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(backbone.OutputChannels, 1)));
            using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
            var trainer = new Trainer(model, new NullTrainingProgress());
            var history = trainer.Run(
                [new PhaseDefinition("whole", FreezePolicy.None, 1, HeadEpochs + FineTuneEpochs, p => optim.Adam(p, lr: rate))],
                new BatchLoader(train, 32, CPU, shuffle: true, seed: 3),
                new BatchLoader(validation, 64, CPU, shuffle: false, seed: 3),
                augmenter: null);
            Report($"mobilenet_v2 none, whole, lr {rate:G}", history);
            var trainSet = new BatchLoader(train, 64, CPU, shuffle: false, seed: 3);
            var validationSet = new BatchLoader(validation, 64, CPU, shuffle: false, seed: 3);
            output.WriteLine($"  right after training, inference mode: training set {trainer.Evaluate(trainSet).Accuracy:P1}, validation {trainer.Evaluate(validationSet).Accuracy:P1}");

            model.train();
            using (no_grad())
            {
                for (var pass = 0; pass < 3; pass++)
                {
                    foreach (var batch in new BatchLoader(train, 32, CPU, shuffle: true, seed: 5 + pass).Epoch(0))
                    {
                        using var _ = batch;
                        using var logits = model.call(batch.Images);
                    }
                }
            }

            var settled = trainer.Evaluate(validationSet);
            output.WriteLine($"  after 30 batches of statistics with the weights held still: training set {trainer.Evaluate(trainSet).Accuracy:P1}, validation {settled.Accuracy:P1} (loss {settled.Loss:F3})");
        }
    }

    private void Report(string what, TrainingHistory history)
    {
        foreach (var epoch in history.Epochs)
            output.WriteLine($"{what}: epoch {epoch.Epoch} ({epoch.Phase}) train loss {epoch.TrainLoss:F3} accuracy {epoch.TrainAccuracy:P1}, validation loss {epoch.ValidationLoss:F3} accuracy {epoch.ValidationAccuracy:P1}");
    }

    /// <summary>A first phase with <paramref name="first"/> (Adam at <paramref name="rate"/>), then optionally a fine-tuning phase with <paramref name="fineTune"/> (Adam 1e-4).</summary>
    private static TrainingHistory Run(string name, string weights, DecodedImages train, DecodedImages validation, FreezePolicy first, double rate, FreezePolicy? fineTune, int epochs = HeadEpochs)
    {
        torch.random.manual_seed(3);
        var backbone = BackboneCatalog.Create(name, weights);
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        var phases = new List<PhaseDefinition> { new("first", first, 1, epochs, p => optim.Adam(p, lr: rate)) };
        if (fineTune is not null)
            phases.Add(new("fine_tuning", fineTune, epochs + 1, epochs + FineTuneEpochs, p => optim.Adam(p, lr: 1e-4)));

        return new Trainer(model, new NullTrainingProgress()).Run(
            phases,
            new BatchLoader(train, 32, CPU, shuffle: true, seed: 3),
            new BatchLoader(validation, 64, CPU, shuffle: false, seed: 3),
            augmenter: null);
    }
}
