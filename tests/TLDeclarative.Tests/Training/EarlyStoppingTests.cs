using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Tracker_counts_epochs_that_do_not_beat_the_best_by_more_than_min_delta()
    {
        var loss = new ImprovementTracker(MonitoredMetric.ValidationLoss, minDelta: 0.1);

        Assert.True(loss.Observe(1, 1.0));
        Assert.False(loss.Observe(2, 0.95));   // better, but not by more than 0.1
        Assert.False(loss.Observe(3, double.NaN));
        Assert.True(loss.Observe(4, 0.85));
        Assert.Equal(new ImprovementState(0.85, 4, 0), loss.State);

        var accuracy = new ImprovementTracker(MonitoredMetric.ValidationAccuracy, 0, new ImprovementState(0.5, 2, 1));
        Assert.False(accuracy.Observe(3, 0.5));
        Assert.True(accuracy.Observe(4, 0.75));
        Assert.Equal(new ImprovementState(0.75, 4, 0), accuracy.State);
    }

    [Fact]
    public void A_stopped_phase_restores_its_best_weights_and_the_next_phase_starts_at_the_next_epoch()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 4);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        // A min_delta no epoch can beat: epoch 1 sets the best, epochs 2 and 3 do not improve, patience 2 stops at 3.
        PhaseDefinition[] phases =
        [
            new("head", FreezePolicy.All, 1, 10, p => optim.Adam(p, lr: 1e-2)) { EarlyStopping = new(MonitoredMetric.TrainingLoss, Patience: 2, MinDelta: 100) },
            new("tune", FreezePolicy.None, 11, 12, p => optim.Adam(p, lr: 1e-3)),
        ];
        var weightsByEpoch = new Dictionary<int, byte[]>();
        var states = new List<TrainingState>();
        var trainer = new Trainer(model, new NullTrainingProgress()) { Seed = 3 };
        trainer.CheckpointReady += c =>
        {
            weightsByEpoch[c.State.Epoch] = ModelBundle.WeightsOf(model);
            states.Add(c.State);
        };

        var history = trainer.Run(phases, new BatchLoader(trainData, 4, CPU, shuffle: true, seed: 1), new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 1), augmenter: null);

        Assert.Equal([1, 2, 3, 4, 5], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(["head", "head", "head", "tune", "tune"], history.Epochs.Select(e => e.Phase));
        Assert.StartsWith("loss did not improve by more than 100 for 2 epochs; best ", history.Epochs[2].EarlyStop, StringComparison.Ordinal);
        Assert.EndsWith("at epoch 1, whose weights were restored", history.Epochs[2].EarlyStop, StringComparison.Ordinal);
        Assert.All(history.Epochs.Where(e => e.Epoch != 3), e => Assert.Null(e.EarlyStop));
        // The checkpoint after the stop holds epoch 1's weights; the phase is marked finished with its shift.
        Assert.Equal(weightsByEpoch[1], weightsByEpoch[3]);
        Assert.Equal(new TrainingState(0, 3, 1, 7, true, false, new ImprovementState(history.Epochs[0].TrainLoss, 1, 2), null), states[2]);
        Assert.Equal((1, 4, 4, 7, false, false), (states[3].PhaseIndex, states[3].Epoch, states[3].PhaseFirstEpoch, states[3].EpochShift, states[3].PhaseFinished, states[3].Finished));
        Assert.True(states[4].Finished);
    }

    [Fact]
    public void Monitoring_a_validation_metric_without_validation_data_is_refused_up_front()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 2, validationPerClass: 1);
        using var trainData = train;
        using var _ = validation;
        using var model = TinyModels.TwoClass();

        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(model, new NullTrainingProgress()).Run(
            [new("head", FreezePolicy.All, 1, 2, p => optim.Adam(p)) { EarlyStopping = new(MonitoredMetric.ValidationF1, 1) }],
            new BatchLoader(trainData, 4, CPU, shuffle: false, seed: 1),
            validation: null,
            augmenter: null));

        Assert.Equal("Phase 'head' stops early on val_f1, but there is no validation data.", error.Message);
    }

    [Fact]
    public void Best_checkpoint_follows_val_f1()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 4);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        var best = new List<(int Epoch, bool IsBest, ImprovementState? State)>();
        var trainer = new Trainer(model, new NullTrainingProgress()) { Seed = 3, BestMonitor = MonitoredMetric.ValidationF1 };
        trainer.CheckpointReady += c => best.Add((c.State.Epoch, c.IsBest, c.State.Best));

        trainer.Run([new("head", FreezePolicy.None, 1, 4, p => optim.Adam(p, lr: 1e-2))], new BatchLoader(trainData, 4, CPU, shuffle: true, seed: 1), new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 1), augmenter: null);

        Assert.True(best[0].IsBest);
        Assert.All(best, b => Assert.InRange(b.State!.Best!.Value, 0, 1));
        // The best state moves exactly on the epochs flagged as best.
        Assert.Equal(best.Where(b => b.IsBest).Select(b => b.Epoch), best.Select(b => b.State!.BestEpoch).Distinct());
    }
}
