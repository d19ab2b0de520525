using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

/// <summary>
/// Resuming from any epoch's checkpoint gives the same epochs as the uninterrupted run: optimizer
/// moments, the schedule, early stopping, the best metric, dropout and augmentation all continue.
/// </summary>
[Collection(TorchRandomGroup.Name)]
public sealed class ResumeTests
{
    private static readonly AugmentationSettings Augmentation = new(15, 0.1, 0.1, 0, 0.1, HorizontalFlip: true, FillMode.Nearest);

    [Fact]
    public void A_run_resumed_from_a_checkpoint_matches_the_uninterrupted_run()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 4);
        using var trainData = train;
        using var validationData = validation;
        var checkpoints = new Dictionary<int, (TrainingCheckpoint Checkpoint, byte[] Weights)>();
        TrainingHistory full;
        using (var model = TinyModels.TwoClass(seed: 1))
        {
            var trainer = Trainer(model);
            trainer.CheckpointReady += c => checkpoints[c.State.Epoch] = (c, ModelBundle.WeightsOf(model));
            full = trainer.Run(Phases(), Loader(trainData, true), Loader(validationData, false), new BatchAugmenter(Augmentation, 9));
        }

        Assert.Equal(5, full.Epochs.Count);
        // After epoch 1: inside phase 1. After 2: phase 1 finished, phase 2 starts fresh. After 3: inside phase 2, after a schedule step.
        foreach (var resumeAfter in new[] { 1, 2, 3 })
        {
            using var resumed = TinyModels.TwoClass(seed: 2);
            var (checkpoint, weights) = checkpoints[resumeAfter];
            ModelBundle.LoadWeights(resumed, weights);
            var again = Trainer(resumed).Run(Phases(), Loader(trainData, true), Loader(validationData, false), new BatchAugmenter(Augmentation, 9), checkpoint);

            Assert.Equal(Comparable(full), Comparable(again));
            Assert.Equal(checkpoints[5].Weights, ModelBundle.WeightsOf(resumed));
        }
    }

    [Fact]
    public void Resuming_a_finished_run_trains_nothing_and_returns_its_history()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 4, validationPerClass: 2);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        TrainingCheckpoint? last = null;
        var trainer = Trainer(model);
        trainer.CheckpointReady += c => last = c;
        trainer.Run(Phases(), Loader(trainData, true), Loader(validationData, false), null);
        var epochs = 0;
        var again = Trainer(model);
        again.CheckpointReady += _ => epochs++;

        var history = again.Run(Phases(), Loader(trainData, true), Loader(validationData, false), null, last);

        Assert.True(last!.State.Finished);
        Assert.Null(last.OptimizerState);
        Assert.Equal(0, epochs);
        Assert.Equal(last.History.Epochs, history.Epochs);
    }

    private static Trainer Trainer(TLDeclarative.Heads.TransferModel model) =>
        new(model, new NullTrainingProgress()) { Seed = 11, BestMonitor = MonitoredMetric.ValidationLoss };

    private static BatchLoader Loader(DecodedImages data, bool shuffle) => new(data, 4, CPU, shuffle, seed: 5);

    // Adam moments in phase 1; SGD momentum and a step schedule in phase 2; dropout in the head throughout.
    private static PhaseDefinition[] Phases() =>
    [
        new("head", FreezePolicy.All, 1, 2, p => optim.Adam(p, lr: 1e-2)) { EarlyStopping = new(MonitoredMetric.ValidationLoss, Patience: 5) },
        new("tune", FreezePolicy.Until("block2"), 3, 5, p => optim.SGD(p, learningRate: 0.05, momentum: 0.9))
        {
            Schedule = new LearningRateSchedule(ScheduleStep.Epoch, (o, _) => optim.lr_scheduler.StepLR(o, step_size: 1, gamma: 0.5)),
            EarlyStopping = new(MonitoredMetric.ValidationAccuracy, Patience: 5),
        },
    ];

    // Timings differ between runs; everything else must be identical.
    private static List<EpochMetrics> Comparable(TrainingHistory history) =>
        history.Epochs.Select(e => e with { Seconds = 0, TrainImagesPerSecond = 0 }).ToList();
}
