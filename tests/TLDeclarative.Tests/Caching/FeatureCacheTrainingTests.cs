using TLDeclarative.Augmentation;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Caching;

/// <summary>Training on cached frozen-prefix features gives the uncached run's numbers; views cycle per epoch.</summary>
[Collection(GlobalRandomTests.Name)]
public sealed class FeatureCacheTrainingTests
{
    [Fact]
    public void Cached_whole_frozen_backbone_trains_exactly_like_the_uncached_run()
    {
        var (cached, uncached, decisions) = TrainTwice(FreezePolicy.All);

        Assert.Equal((FeatureCacheKind.Exact, 3), (decisions["head"].Kind, decisions["head"].FrozenStages));
        AssertSameEpochs(cached, uncached);
    }

    [Fact]
    public void Cached_frozen_prefix_trains_the_later_stages_exactly_like_the_uncached_run()
    {
        var (cached, uncached, decisions) = TrainTwice(FreezePolicy.Until("block2"));

        Assert.Equal((FeatureCacheKind.Exact, 2), (decisions["head"].Kind, decisions["head"].FrozenStages));
        AssertSameEpochs(cached, uncached);
    }

    [Fact]
    public void Views_cycle_over_the_epochs_and_each_is_the_augmenters_draw_for_its_epoch()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 3, validationPerClass: 2);
        using var trainData = train;
        using var validationData = validation;
        using var model = StagedBackbone.TwoClassModel();
        model.ApplyFreeze(FreezePolicy.All);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { Rotation = 30, HorizontalFlip = true }, seed: 3);
        var loader = new BatchLoader(trainData, 4, CPU, shuffle: false, seed: 1);
        var decision = new FeatureCacheDecision(FeatureCacheKind.Views, 3, 2, "test");

        using var cache = FeatureCache.Build(model, decision, loader, new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 1), augmenter);

        Assert.Equal([0, 1, 0, 1, 0], new[] { 1, 2, 3, 4, 5 }.Select(cache.ViewOf));
        var epoch1 = Features(cache.TrainEpoch(1, loader));
        var epoch2 = Features(cache.TrainEpoch(2, loader));
        var epoch3 = Features(cache.TrainEpoch(3, loader));
        using var expected0 = ViewByHand(model, loader, augmenter, view: 0);
        using var expected1 = ViewByHand(model, loader, augmenter, view: 1);
        Assert.True(epoch1.allclose(expected0, rtol: 0, atol: 1e-6));
        Assert.True(epoch2.allclose(expected1, rtol: 0, atol: 1e-6));
        Assert.True(epoch3.eq(epoch1).all().item<bool>());
        Assert.False(epoch2.allclose(epoch1));
        var validationFeatures = Features(cache.ValidationBatches(new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 1)));
        Assert.Equal([4L, 16, 4, 4], validationFeatures.shape);
    }

    [Fact]
    public void Cached_batches_follow_the_loaders_shuffled_order()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 5, validationPerClass: 1);
        using var trainData = train;
        using var _ = validation;
        using var model = StagedBackbone.TwoClassModel();
        model.ApplyFreeze(FreezePolicy.All);
        var loader = new BatchLoader(trainData, 4, CPU, shuffle: true, seed: 9, dropLast: true);

        using var cache = FeatureCache.Build(model, new FeatureCacheDecision(FeatureCacheKind.Exact, 3, 1, "test"), loader, null, null);

        var cachedBatches = cache.TrainEpoch(2, loader).ToList();
        var imageBatches = loader.Epoch(2).ToList();
        Assert.Equal(imageBatches.Count, cachedBatches.Count);
        Assert.False(cache.HasValidation);
        model.train();
        using (no_grad())
        {
            for (var b = 0; b < cachedBatches.Count; b++)
            {
                using var direct = model.FeaturesUntilStage(3, imageBatches[b].Images);
                Assert.True(cachedBatches[b].Labels.eq(imageBatches[b].Labels).all().item<bool>());
                Assert.True(cachedBatches[b].Images.allclose(direct, rtol: 0, atol: 1e-6));
            }
        }
    }

    [Fact]
    public void The_run_prints_each_phases_decision_with_its_reason()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 2, validationPerClass: 1);
        using var trainData = train;
        using var validationData = validation;
        using var model = StagedBackbone.TwoClassModel();
        var messages = new MessageLog();
        PhaseDefinition[] phases =
        [
            new("feature_extraction", FreezePolicy.All, 1, 1, p => optim.SGD(p, 0.01)),
            new("fine_tuning", FreezePolicy.None, 2, 2, p => optim.SGD(p, 0.001)),
        ];

        var trainer = new Trainer(model, messages) { FeatureCaching = FeatureCacheSettings.Auto };
        trainer.Run(phases, new BatchLoader(trainData, 2, CPU, shuffle: true, seed: 1), new BatchLoader(validationData, 2, CPU, shuffle: false, seed: 1), augmenter: null);

        Assert.Equal(
            [
                "Phase 'feature_extraction': feature cache: exact (1,536 floats x 4 B = 6 KiB): stages stem..block2 are frozen and no augmentation: their output is computed once per image (exact)",
                "Phase 'fine_tuning': feature cache: none: no leading backbone stage is frozen",
            ],
            messages.Lines);
        Assert.Equal(FeatureCacheKind.None, trainer.FeatureCacheDecisions["fine_tuning"].Kind);
    }

    private static (TrainingHistory Cached, TrainingHistory Uncached, IReadOnlyDictionary<string, FeatureCacheDecision> Decisions) TrainTwice(FreezePolicy freeze)
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 10, validationPerClass: 5);
        using var trainData = train;
        using var validationData = validation;

        TrainingHistory Run(FeatureCacheSettings caching, out IReadOnlyDictionary<string, FeatureCacheDecision> decisions)
        {
            using var model = StagedBackbone.TwoClassModel(seed: 7);
            random.manual_seed(11); // the head's dropout draws the same masks in both runs
            var trainer = new Trainer(model, new NullTrainingProgress()) { FeatureCaching = caching };
            var history = trainer.Run(
                [new PhaseDefinition("head", freeze, 1, 2, p => optim.Adam(p, lr: 1e-2))],
                new BatchLoader(trainData, 6, CPU, shuffle: true, seed: 4),
                new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 4),
                augmenter: null);
            decisions = trainer.FeatureCacheDecisions;
            return history;
        }

        var cached = Run(FeatureCacheSettings.Auto, out var cachedDecisions);
        var uncached = Run(FeatureCacheSettings.Off, out var offDecisions);
        Assert.Equal(FeatureCacheKind.None, offDecisions["head"].Kind);
        return (cached, uncached, cachedDecisions);
    }

    private static void AssertSameEpochs(TrainingHistory cached, TrainingHistory uncached)
    {
        Assert.Equal(2, cached.Epochs.Count);
        Assert.Equal(uncached.Epochs.Count, cached.Epochs.Count);
        for (var i = 0; i < cached.Epochs.Count; i++)
        {
            var (a, b) = (cached.Epochs[i], uncached.Epochs[i]);
            Assert.Equal(b.TrainLoss, a.TrainLoss, 1e-5);
            Assert.Equal(b.TrainAccuracy, a.TrainAccuracy, 1e-5);
            Assert.Equal(b.ValidationLoss!.Value, a.ValidationLoss!.Value, 1e-5);
            Assert.Equal(b.ValidationAccuracy!.Value, a.ValidationAccuracy!.Value, 1e-5);
        }

        // The second epoch's loss differs from the first: the head did train on the cached features.
        Assert.NotEqual(cached.Epochs[0].TrainLoss, cached.Epochs[1].TrainLoss);
    }

    private static Tensor Features(IEnumerable<Batch> batches)
    {
        var list = batches.ToList();
        return cat(list.Select(b => b.Images).ToList(), 0);
    }

    private static Tensor ViewByHand(Heads.TransferModel model, BatchLoader loader, BatchAugmenter augmenter, int view)
    {
        model.train();
        using var _ = no_grad();
        var chunks = loader.Epoch(0).Select(b => model.FeaturesUntilStage(3, augmenter.Augment(b.Images, view + 1, b.Index))).ToList();
        return cat(chunks, 0);
    }

    private sealed class MessageLog : ITrainingProgress
    {
        public List<string> Lines { get; } = [];

        public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch) { }

        public void EpochStarted(int epoch) { }

        public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar) { }

        public void EpochCompleted(EpochMetrics metrics) { }

        public void Message(string message) => Lines.Add(message);
    }
}
