using System.Diagnostics;
using TLDeclarative.Augmentation;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Metrics;
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

    /// <summary>Per-class weights of the training loss (class order), or null for the plain mean; validation loss stays unweighted.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Called after every epoch with the history so far, that epoch last (e.g. to save a checkpoint).</summary>
    public event Action<TrainingHistory>? EpochCompleted;

    /// <summary>When the output of frozen leading backbone stages is computed once and reused (see <see cref="FeatureCachePlanner"/>); off unless set.</summary>
    public FeatureCacheSettings FeatureCaching { get; init; } = FeatureCacheSettings.Off;

    /// <summary>Each phase's feature-cache decision and its reason, by phase name, as the run printed them.</summary>
    public IReadOnlyDictionary<string, FeatureCacheDecision> FeatureCacheDecisions => cacheDecisions;

    private readonly Dictionary<string, FeatureCacheDecision> cacheDecisions = new(StringComparer.Ordinal);
    private FeatureCacheDecision? phaseCacheDecision;
    private FeatureCache? phaseCache;

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
            using var cacheScope = StartFeatureCache(phase, train, validation, augmenter);
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
                var (metrics, validated) = RunEpoch(phase, phaseIndex, epoch, optimizer, schedule, train, validation, augmenter);
                StepAfterEpoch(phase, schedule, metrics);
                var f1 = validated?.Metrics?.Macro.F1;
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

    /// <summary>Decides the phase's cache and says so; the cache itself is built in the phase's first epoch (its time counts there).</summary>
    private FeatureCacheLifetime StartFeatureCache(PhaseDefinition phase, BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter)
    {
        var decision = FeatureCachePlanner.Plan(
            FeatureCaching, model.Backbone, phase.Freeze, phase.BatchNorm, augmenter?.Settings,
            train.Data.Height, train.Data.Width, train.Data.Count, validation?.Data.Count ?? 0);
        cacheDecisions[phase.Name] = decision;
        phaseCacheDecision = decision;
        progress.Message($"Phase '{phase.Name}': {decision}");
        return new FeatureCacheLifetime(this);
    }

    private void EnsureFeatureCache(BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter)
    {
        if (phaseCache is null && phaseCacheDecision is { IsCached: true } decision)
            phaseCache = FeatureCache.Build(model, decision, train, validation, augmenter);
    }

    /// <summary>Drops the phase's cache when the phase ends (the next phase freezes differently).</summary>
    private sealed class FeatureCacheLifetime(Trainer trainer) : IDisposable
    {
        public void Dispose()
        {
            trainer.phaseCache?.Dispose();
            trainer.phaseCache = null;
            trainer.phaseCacheDecision = null;
        }
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

    /// <summary>Loss, accuracy and the full classification metrics over a data set, in inference mode.</summary>
    public Evaluation Evaluate(BatchLoader data) => Evaluate(data, EvaluationSettings.Default);

    /// <summary>
    /// Loss, accuracy and the full classification metrics over a data set, in inference mode. With
    /// <see cref="EvaluationSettings.TestTimeAugmentation"/> each image's class probabilities are the mean of
    /// the image's and its horizontal mirror's; the prediction is their argmax and the loss their negative log.
    /// </summary>
    /// <param name="data">The set, in any order.</param>
    /// <param name="settings">Top-k and test-time augmentation.</param>
    /// <param name="classNames">Names for the metrics, in label order; "0", "1", ... when null.</param>
    /// <param name="progress">Receives a work step per batch under <paramref name="task"/>; none when null.</param>
    /// <param name="task">What the progress line calls this pass (e.g. "Evaluating test").</param>
    public Evaluation Evaluate(BatchLoader data, EvaluationSettings settings, IReadOnlyList<string>? classNames = null, ITrainingProgress? progress = null, string task = "Evaluating")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        return Evaluate(data.Epoch(0), data.SampleCount, model.call, settings, classNames, progress, task);
    }

    /// <summary>
    /// The evaluation loop over <paramref name="batches"/> whose images <paramref name="forward"/> maps to
    /// logits: whole images through the model, or cached frozen-prefix features through the rest of it.
    /// </summary>
    private Evaluation Evaluate(
        IEnumerable<Batch> batches,
        int sampleCount,
        Func<Tensor, Tensor> forward,
        EvaluationSettings settings,
        IReadOnlyList<string>? classNames,
        ITrainingProgress? progress,
        string task)
    {
        model.eval();
        double lossSum = 0;
        var labels = new List<int>(sampleCount);
        var predicted = new List<int>(sampleCount);
        var probabilities = new List<float>();
        var classCount = 0;
        progress?.WorkProgress(task, 0, sampleCount);
        using (no_grad())
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                using var _ = batch;
                var logits = forward(batch.Images);
                Tensor probs, predictions, loss;
                if (settings.TestTimeAugmentation)
                {
                    // Flip along the width axis of NCHW; mean of probabilities, not logits, as in most TTA.
                    var mirrored = forward(batch.Images.flip(3));
                    probs = ClassificationLoss.Probabilities(model.Output, logits).add(ClassificationLoss.Probabilities(model.Output, mirrored)).div_(2);
                    predictions = probs.argmax(1);
                    loss = nn.functional.nll_loss(probs.clamp_min(1e-12).log(), batch.Labels);
                }
                else
                {
                    probs = ClassificationLoss.Probabilities(model.Output, logits);
                    predictions = ClassificationLoss.PredictedLabels(model.Output, logits);
                    loss = ClassificationLoss.Compute(model.Output, logits, batch.Labels);
                }

                var count = batch.Labels.shape[0];
                lossSum += loss.item<float>() * count;
                labels.AddRange(batch.Labels.cpu().to_type(ScalarType.Int32).data<int>().ToArray());
                predicted.AddRange(predictions.cpu().to_type(ScalarType.Int32).data<int>().ToArray());
                classCount = (int)probs.shape[1];

                // Probabilities only feed ROC AUC (two classes) and top-k: with many classes and k = 1 (the
                // per-epoch validation) they are not kept, so a 1000-class set costs no images × classes array.
                if (classCount == 2 || settings.TopK > 1)
                    probabilities.AddRange(probs.cpu().data<float>().ToArray());
                progress?.WorkProgress(task, labels.Count, sampleCount);
            }
        }

        if (labels.Count == 0)
            throw new ArgumentException("The evaluation set has no images.", nameof(batches));
        var names = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (names.Count != classCount)
            throw new ArgumentException($"The model predicts {classCount} classes but {names.Count} class names were given.", nameof(classNames));
        var metrics = ClassificationMetrics.Compute(names, labels.ToArray(), predicted.ToArray(), probabilities.ToArray(), settings.TopK);
        return new Evaluation(lossSum / labels.Count, metrics.Accuracy, labels.Count) { Metrics = metrics };
    }

    /// <summary><see cref="Evaluate"/> on the cached validation features of the phase's frozen prefix.</summary>
    private Evaluation EvaluateCached(FeatureCache cache, BatchLoader data) =>
        Evaluate(cache.ValidationBatches(data), data.SampleCount, features => model.ForwardFromStage(cache.Stage, features), EvaluationSettings.Default, null, null, "Evaluating");

    private (EpochMetrics Metrics, Evaluation? Validation) RunEpoch(
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
        EnsureFeatureCache(train, validation, augmenter);
        var cache = phaseCache; // with a cache, batches hold the frozen prefix's output (already augmented for views)
        if (cache is not null)
            augmenter = null;
        model.train();
        var clipped = phase.MaxGradientNorm is null ? null : model.TrainableParameters().ToList();
        var stepsPerBatch = phase.Schedule?.Step == ScheduleStep.Batch;
        var epochRate = optimizer.ParamGroups.First().LearningRate;
        double rateSum = 0;
        var steps = 0;
        double lossSum = 0;
        long correct = 0;
        var seen = 0;
        using var classWeights = ClassWeights is null ? null : tensor(ClassWeights.ToArray(), ScalarType.Float32, train.Device);
        foreach (var batch in cache?.TrainEpoch(epoch, train) ?? train.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            using var _ = batch;
            var images = augmenter is null ? batch.Images : augmenter.Augment(batch.Images, epoch, batch.Index);
            // Mixup/cutmix: the loss mixes both targets; accuracy counts the label with the larger share.
            var mixed = augmenter?.Mix(images, batch.Labels, epoch, batch.Index);
            optimizer.zero_grad();
            var inputs = mixed?.Images ?? images;
            var logits = cache is null ? model.call(inputs) : model.ForwardFromStage(cache.Stage, inputs);
            var loss = mixed is null
                ? ClassificationLoss.Compute(model.Output, logits, batch.Labels, classWeights)
                : ClassificationLoss.ComputeMixed(model.Output, logits, batch.Labels, mixed.OtherLabels, mixed.Lambda, classWeights);
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
            correct += ClassificationLoss.CountCorrect(model.Output, logits.detach(), mixed?.MajorityLabels(batch.Labels) ?? batch.Labels);
            seen += count;
            progress.BatchCompleted(batch.Index + 1, lossSum / seen, (double)correct / seen, seen);
        }

        var trainSeconds = clock.Elapsed.TotalSeconds;
        var validationResult = validation is null ? null : cache is { HasValidation: true } ? EvaluateCached(cache, validation) : Evaluate(validation);
        return (new EpochMetrics(
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
            seen / trainSeconds), validationResult);
    }
}

/// <summary>Loss and accuracy over a data set, and every classification metric.</summary>
public sealed record Evaluation(double Loss, double Accuracy, long Count)
{
    /// <summary>Per-class scores, confusion matrix, ROC AUC, top-k; null only where built by hand.</summary>
    public ClassificationMetrics? Metrics { get; init; }
}
