using System.Diagnostics;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using TLDeclarative.Training.Callbacks;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>
/// Runs the phases of a transfer-learning schedule on one model: per phase it applies the freeze
/// policy, builds the phase's own optimizer over what now trains, and continues the epoch count.
/// </summary>
public sealed partial class Trainer
{
    private readonly TransferModel model;
    private readonly ITrainingProgress progress;

    public Trainer(TransferModel model, ITrainingProgress progress)
    {
        this.model = model;
        this.progress = progress;
    }

    /// <summary>Called after every epoch with the history so far, that epoch last (e.g. to save a checkpoint).</summary>
    public event Action<TrainingHistory>? EpochCompleted;

    /// <summary>
    /// Called after every epoch, after <see cref="EpochCompleted"/>, with everything a resumed run needs
    /// (the model's weights are the model's): save it as the run's checkpoint.
    /// </summary>
    public event Action<TrainingCheckpoint>? CheckpointReady;

    /// <summary>
    /// When set, torch's random generator is reseeded from (seed, epoch) before every epoch, so dropout
    /// (like the data order and augmentation, already functions of seed, epoch and batch) repeats
    /// exactly in a resumed run, on any device.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>The metric that picks the best checkpoint (<see cref="TrainingCheckpoint.IsBest"/>); null tracks none.</summary>
    public MonitoredMetric? BestMonitor { get; init; }

    public TrainingHistory Run(IReadOnlyList<PhaseDefinition> phases, BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter) =>
        Run(phases, train, validation, augmenter, resume: null);

    /// <summary>
    /// Runs the phases; with <paramref name="resume"/> (whose weights the model already holds) it
    /// continues after the checkpoint's epoch with its optimizer, schedule, early-stopping and best-metric
    /// state. A phase that stops early hands its remaining epochs to nobody: the next phase starts at the
    /// next global epoch number and runs all its own epochs.
    /// </summary>
    public TrainingHistory Run(IReadOnlyList<PhaseDefinition> phases, BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter, TrainingCheckpoint? resume)
    {
        ArgumentNullException.ThrowIfNull(phases);
        CheckMonitors(phases, validation);
        var history = resume is null ? new TrainingHistory() : new TrainingHistory(resume.History.Epochs);
        var best = BestMonitor is { } monitor ? new ImprovementTracker(monitor, 0, resume?.State.Best) : null;
        var shift = resume?.State.EpochShift ?? 0;
        var startPhase = resume is null ? 0 : resume.State.PhaseFinished ? resume.State.PhaseIndex + 1 : resume.State.PhaseIndex;
        for (var phaseIndex = startPhase; phaseIndex < phases.Count; phaseIndex++)
        {
            var phase = phases[phaseIndex];
            var continuing = resume is not null && phaseIndex == resume.State.PhaseIndex;
            var first = continuing ? resume!.State.PhaseFirstEpoch : phase.FirstEpoch - shift;
            var last = first + phase.EpochCount - 1;
            model.ApplyFreeze(phase.Freeze, phase.BatchNorm);
            using var optimizer = ParameterGroups.Create(model, phase);
            var schedule = StartSchedule(phase, optimizer, train, validation);
            var early = phase.EarlyStopping is { } stopping
                ? new PhaseEarlyStopping(stopping, continuing ? resume!.State.EarlyStopping : null, continuing ? resume!.EarlyStoppingWeights : null)
                : null;
            if (continuing)
                Restore(phase, optimizer, schedule, history, phaseIndex, train.BatchCount, resume!.OptimizerState);
            progress.PhaseStarted(phase.Name, first, last, train.BatchCount);
            for (var epoch = continuing ? resume!.State.Epoch + 1 : first; epoch <= last; epoch++)
            {
                if (Seed is { } seed)
                    random.manual_seed(Seeds.Derive(seed, epoch));
                var metrics = RunEpoch(phase, phaseIndex, epoch, optimizer, schedule, train, validation, augmenter);
                StepAfterEpoch(phase, schedule, metrics);
                var f1 = NeedsF1(phase) && validation is not null ? ValidationF1(validation) : (double?)null;
                var stopReason = early?.Observe(model, metrics, f1);
                if (stopReason is not null)
                    metrics = metrics with { EarlyStop = stopReason };
                history.Add(metrics);
                var improved = best?.Observe(epoch, best.Monitor.ValueOf(metrics, f1)) ?? false;
                progress.EpochCompleted(metrics);
                if (stopReason is not null)
                    progress.Message($"Phase '{phase.Name}' stopped early: {stopReason}");
                EpochCompleted?.Invoke(history);
                var phaseFinished = stopReason is not null || epoch == last;
                if (phaseFinished)
                    shift += last - epoch;
                var finished = phaseFinished && phaseIndex == phases.Count - 1;
                CheckpointReady?.Invoke(new TrainingCheckpoint(
                    new TrainingState(phaseIndex, epoch, first, shift, phaseFinished, finished, early?.State, best?.State),
                    new TrainingHistory(history.Epochs),
                    // A finished run never steps again: its last checkpoint (the final bundle) stays lean.
                    finished ? null : OptimizerStateOf(optimizer),
                    phaseFinished ? null : early?.BestWeights)
                {
                    IsBest = improved,
                });
                if (stopReason is not null)
                    break;
            }

            resume = null;
        }

        return history;
    }

    private static optim.lr_scheduler.LRScheduler? StartSchedule(PhaseDefinition phase, optim.Optimizer optimizer, BatchLoader train, BatchLoader? validation)
    {
        if (phase.Schedule is not { } schedule)
            return null;
        if (schedule.Step == ScheduleStep.ValidationLoss && validation is null)
            throw new InvalidOperationException("Phase '" + phase.Name + "' reduces its learning rate on a validation-loss plateau, but there is no validation data.");
        return schedule.Create(optimizer, train.BatchCount);
    }

    // Per-epoch schedulers step once the epoch (and its validation) is done; one-cycle steps per batch.
    private static void StepAfterEpoch(PhaseDefinition phase, optim.lr_scheduler.LRScheduler? scheduler, EpochMetrics metrics)
    {
        if (scheduler is null)
            return;
        if (phase.Schedule!.Step == ScheduleStep.Epoch)
            scheduler.step();
        else if (phase.Schedule.Step == ScheduleStep.ValidationLoss)
            scheduler.step(metrics.ValidationLoss!.Value, null);
    }

    /// <summary>Mean loss and accuracy over a data set, in inference mode.</summary>
    public Evaluation Evaluate(BatchLoader data)
    {
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        using (no_grad())
        {
            foreach (var batch in data.Epoch(0))
            {
                using var scope = NewDisposeScope();
                using var _ = batch;
                var logits = model.call(batch.Images);
                var count = batch.Labels.shape[0];
                lossSum += ClassificationLoss.Compute(model.Output, logits, batch.Labels).item<float>() * count;
                correct += ClassificationLoss.CountCorrect(model.Output, logits, batch.Labels);
                seen += count;
            }
        }

        return new Evaluation(lossSum / seen, (double)correct / seen, seen);
    }

    private EpochMetrics RunEpoch(
        PhaseDefinition phase,
        int phaseIndex,
        int epoch,
        optim.Optimizer optimizer,
        optim.lr_scheduler.LRScheduler? scheduler,
        BatchLoader train,
        BatchLoader? validation,
        BatchAugmenter? augmenter)
    {
        progress.EpochStarted(epoch);
        var clock = Stopwatch.StartNew();
        model.train();
        var clipped = phase.MaxGradientNorm is null ? null : model.TrainableParameters().ToList();
        var stepsPerBatch = phase.Schedule?.Step == ScheduleStep.Batch;
        var epochRate = optimizer.ParamGroups.First().LearningRate;
        double rateSum = 0;
        var steps = 0;
        double lossSum = 0;
        long correct = 0;
        var seen = 0;
        foreach (var batch in train.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            using var _ = batch;
            var images = augmenter is null ? batch.Images : augmenter.Augment(batch.Images, epoch, batch.Index);
            optimizer.zero_grad();
            var logits = model.call(images);
            var loss = ClassificationLoss.Compute(model.Output, logits, batch.Labels);
            // Checked before the step, so a diverged loss never reaches the weights.
            var batchLoss = loss.item<float>();
            if (!float.IsFinite(batchLoss))
                throw new TrainingDivergedException(phase.Name, epoch, batch.Index + 1, batchLoss, optimizer.ParamGroups.First().LearningRate);
            loss.backward();
            if (clipped is not null)
                nn.utils.clip_grad_norm_(clipped, phase.MaxGradientNorm!.Value);
            rateSum += optimizer.ParamGroups.First().LearningRate;
            steps++;
            optimizer.step();
            if (stepsPerBatch)
                scheduler!.step();

            var count = (int)batch.Labels.shape[0];
            lossSum += batchLoss * count;
            correct += ClassificationLoss.CountCorrect(model.Output, logits.detach(), batch.Labels);
            seen += count;
            progress.BatchCompleted(batch.Index + 1, lossSum / seen, (double)correct / seen, seen);
        }

        var trainSeconds = clock.Elapsed.TotalSeconds;
        var validationResult = validation is null ? null : Evaluate(validation);
        return new EpochMetrics(
            phase.Name,
            phaseIndex,
            epoch,
            lossSum / seen,
            (double)correct / seen,
            validationResult?.Loss,
            validationResult?.Accuracy,
            // The rate the epoch's steps used: one rate for per-epoch schedules, their mean for one-cycle.
            stepsPerBatch && steps > 0 ? rateSum / steps : epochRate,
            clock.Elapsed.TotalSeconds,
            seen / trainSeconds);
    }
}

/// <summary>Loss and accuracy over a data set.</summary>
public sealed record Evaluation(double Loss, double Accuracy, long Count);
