using System.Diagnostics;
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

namespace TLDeclarative.Tests.Training;

/// <summary>
/// Every training and evaluation step runs in a dispose scope, so memory stays flat over epochs:
/// resident memory after epoch 10 is within 5% of what it was after epoch 2.
/// </summary>
[Collection(MemoryTestsDefinition.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Resident_memory_stays_flat_over_ten_epochs_of_fine_tuning()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 16, validationPerClass: 8);
        using var trainData = train;
        using var validationData = validation;
        random.manual_seed(1);
        var backbone = BackboneCatalog.Create("resnet18", "imagenet");
        var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(backbone.OutputChannels, 1)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        var resident = new Dictionary<int, long>();
        var trainer = new Trainer(model, new NullTrainingProgress());
        trainer.EpochCompleted += history =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            resident[history.Last!.Epoch] = process.WorkingSet64;
        };

        trainer.Run(
            [new PhaseDefinition("fine_tuning", FreezePolicy.Until("layer3"), 1, 10, p => optim.Adam(p, lr: 1e-4))],
            new BatchLoader(trainData, 8, CPU, shuffle: true, seed: 1),
            new BatchLoader(validationData, 8, CPU, shuffle: false, seed: 1),
            augmenter: new TLDeclarative.Augmentation.BatchAugmenter(new(10, 0.1, 0.1, 0, 0.1, true, TLDeclarative.Augmentation.FillMode.Nearest), seed: 1));

        var growth = (double)(resident[10] - resident[2]) / resident[2];
        output.WriteLine($"resident memory: epoch 2 {resident[2] / 1e6:F0} MB, epoch 10 {resident[10] / 1e6:F0} MB, growth {growth:P2}");
        Assert.True(growth <= 0.05, $"resident memory grew {growth:P1} from epoch 2 to 10");
    }
}

/// <summary>Resident memory is process-wide: the memory test runs alone, not beside tests that load models.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryTestsDefinition
{
    public const string Name = "Memory";
}
