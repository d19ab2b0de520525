using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

/// <summary>The trainer with class weights, mixup/cutmix, the weighted sampler and prefetching together.</summary>
/// <remarks>Compares two runs number for number, so it must not share torch's global generator with parallel tests.</remarks>
[Collection(TorchRandomGroup.Name)]
public sealed class MixedTrainingTests
{
    private static readonly AugmentationSettings Mixing = AugmentationSettings.None with
    {
        Mixup = 0.4,
        CutMix = 1,
        Brightness = 0.2,
        RandomErasing = 0.5,
    };

    [Fact]
    public void TrainingIsTheSameWithAndWithoutPrefetchAndRepeatsPerSeed()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 12, validationPerClass: 4);
        using var trainData = train;
        using var validationData = validation;

        var plain = Run(trainData, validationData, prefetch: 0, weights: [1.5f, 0.75f]);
        var prefetched = Run(trainData, validationData, prefetch: 2, weights: [1.5f, 0.75f]);

        Assert.Equal(2, plain.Count);
        Assert.All(plain, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 0));
        Assert.All(plain, e => Assert.InRange(e.TrainAccuracy, 0, 1));
        Assert.Equal(plain.Select(e => e.TrainLoss), prefetched.Select(e => e.TrainLoss));
        Assert.Equal(plain.Select(e => e.ValidationLoss), prefetched.Select(e => e.ValidationLoss));
    }

    [Fact]
    public void ClassWeightsChangeTheTrainingLoss()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 2);
        using var trainData = train;
        using var _ = validation;

        var unweighted = Run(trainData, null, prefetch: 0, weights: null);
        var weighted = Run(trainData, null, prefetch: 0, weights: [0.2f, 5f]);

        Assert.NotEqual(unweighted[0].TrainLoss, weighted[0].TrainLoss);
    }

    private static List<EpochMetrics> Run(DecodedImages train, DecodedImages? validation, int prefetch, float[]? weights)
    {
        using var model = TinyModels.TwoClass(seed: 5);
        var trainer = new Trainer(model, new NullTrainingProgress()) { ClassWeights = weights };
        var history = trainer.Run(
            [new PhaseDefinition("all", FreezePolicy.None, 1, 2, p => optim.SGD(p, learningRate: 0.05))],
            new BatchLoader(train, 8, CPU, shuffle: true, seed: 3, sampler: SamplerKind.Weighted, prefetch: prefetch),
            validation is null ? null : new BatchLoader(validation, 8, CPU, shuffle: false, seed: 3),
            new BatchAugmenter(Mixing, seed: 3));
        return history.Epochs.ToList();
    }
}
