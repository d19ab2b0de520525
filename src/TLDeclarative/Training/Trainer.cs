using System.Diagnostics;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>
/// Runs the phases of a transfer-learning schedule on one model: per phase it applies the freeze
/// policy, builds the phase's own optimizer over what now trains, and continues the epoch count.
/// </summary>
public sealed class Trainer
{
    private readonly TransferModel model;
    private readonly ITrainingProgress progress;

    public Trainer(TransferModel model, ITrainingProgress progress)
    {
        this.model = model;
        this.progress = progress;
    }

    /// <summary>Called after every epoch (e.g. to save a checkpoint).</summary>
    public event Action<EpochMetrics>? EpochCompleted;

    public TrainingHistory Run(IReadOnlyList<PhaseDefinition> phases, BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter)
    {
        var history = new TrainingHistory();
        for (var phaseIndex = 0; phaseIndex < phases.Count; phaseIndex++)
        {
            var phase = phases[phaseIndex];
            model.ApplyFreeze(phase.Freeze);
            using var optimizer = phase.CreateOptimizer(model.TrainableParameters());
            progress.PhaseStarted(phase.Name, phase.FirstEpoch, phase.LastEpoch, train.BatchCount);
            for (var epoch = phase.FirstEpoch; epoch <= phase.LastEpoch; epoch++)
            {
                var metrics = RunEpoch(phase, phaseIndex, epoch, optimizer, train, validation, augmenter);
                history.Add(metrics);
                progress.EpochCompleted(metrics);
                EpochCompleted?.Invoke(metrics);
            }
        }

        return history;
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
        BatchLoader train,
        BatchLoader? validation,
        BatchAugmenter? augmenter)
    {
        progress.EpochStarted(epoch);
        var clock = Stopwatch.StartNew();
        model.train();
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
            loss.backward();
            optimizer.step();

            var count = (int)batch.Labels.shape[0];
            lossSum += loss.item<float>() * count;
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
            optimizer.ParamGroups.First().LearningRate,
            clock.Elapsed.TotalSeconds,
            seen / trainSeconds);
    }
}

/// <summary>Loss and accuracy over a data set.</summary>
public sealed record Evaluation(double Loss, double Accuracy, long Count);
