using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using static TorchSharp.torch;

namespace TLDeclarative.Caching;

/// <summary>
/// The cached output of a phase's frozen leading backbone stages, on the model's device: per training
/// image one tensor per view, and per validation image one (never augmented). Batches come out in the
/// training loader's order for the epoch, so the cached run visits the same batches as the uncached one.
/// </summary>
public sealed class FeatureCache : IDisposable
{
    private readonly Tensor[] trainViews;
    private readonly Tensor trainLabels;
    private readonly Tensor? validationFeatures;
    private readonly Tensor? validationLabels;

    private FeatureCache(FeatureCacheDecision decision, Tensor[] trainViews, Tensor trainLabels, Tensor? validationFeatures, Tensor? validationLabels)
    {
        Decision = decision;
        this.trainViews = trainViews;
        this.trainLabels = trainLabels;
        this.validationFeatures = validationFeatures;
        this.validationLabels = validationLabels;
    }

    public FeatureCacheDecision Decision { get; }

    /// <summary>The stage the model continues from: <see cref="FeatureCacheDecision.FrozenStages"/>.</summary>
    public int Stage => Decision.FrozenStages;

    public bool HasValidation => validationFeatures is not null;

    /// <summary>
    /// Runs the frozen prefix over every training image (each of the decision's views: view v is the
    /// augmenter's draw for epoch v + 1, batch by batch in cache order) and over every validation image.
    /// Training features are computed in training mode (frozen BatchNorm stays in inference mode, as in
    /// the uncached step), validation ones in inference mode; the model's mode is restored after.
    /// </summary>
    public static FeatureCache Build(TransferModel model, FeatureCacheDecision decision, BatchLoader train, BatchLoader? validation, BatchAugmenter? augmenter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(train);
        if (!decision.IsCached)
            throw new ArgumentException($"The phase does not cache features ({decision.Reason}).", nameof(decision));
        if (decision.Kind == FeatureCacheKind.Views && augmenter is null)
            throw new ArgumentException("Caching augmented views needs the augmenter.", nameof(augmenter));

        var wasTraining = model.training;
        var views = new Tensor[decision.Views];
        Tensor? validationFeatures = null;
        try
        {
            using (no_grad())
            {
                model.train();
                for (var view = 0; view < views.Length; view++)
                {
                    views[view] = Run(model, decision.FrozenStages, train, decision.Kind == FeatureCacheKind.Views ? (images, batch) => augmenter!.Augment(images, view + 1, batch) : null);
                }

                if (validation is not null)
                {
                    model.eval();
                    validationFeatures = Run(model, decision.FrozenStages, validation, null);
                }
            }
        }
        catch
        {
            foreach (var view in views)
                view?.Dispose();
            throw;
        }
        finally
        {
            model.train(wasTraining);
        }

        return new FeatureCache(
            decision,
            views,
            train.Data.Labels.to(train.Device),
            validationFeatures,
            validation?.Data.Labels.to(validation.Device));
    }

    /// <summary>Which cached view epoch <paramref name="epoch"/> (1-based, global) trains on: (epoch - 1) mod views.</summary>
    public int ViewOf(int epoch) => (((epoch - 1) % trainViews.Length) + trainViews.Length) % trainViews.Length;

    /// <summary>Epoch <paramref name="epoch"/>'s batches of cached features, in the order <paramref name="train"/> visits the images.</summary>
    public IEnumerable<Batch> TrainEpoch(int epoch, BatchLoader train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Batches(trainViews[ViewOf(epoch)], trainLabels, train.Order(epoch), train.BatchSize, train.BatchCount);
    }

    /// <summary>The validation features in cache order.</summary>
    public IEnumerable<Batch> ValidationBatches(BatchLoader validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (validationFeatures is null)
            throw new InvalidOperationException("The cache holds no validation features.");
        return Batches(validationFeatures, validationLabels!, validation.Order(0), validation.BatchSize, validation.BatchCount);
    }

    public void Dispose()
    {
        foreach (var view in trainViews)
            view.Dispose();
        trainLabels.Dispose();
        validationFeatures?.Dispose();
        validationLabels?.Dispose();
    }

    private static IEnumerable<Batch> Batches(Tensor features, Tensor labels, int[] order, int batchSize, int batchCount)
    {
        for (var b = 0; b < batchCount; b++)
        {
            var start = b * batchSize;
            var indices = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            using var index = tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64, features.device);
            yield return new Batch(features.index_select(0, index), labels.index_select(0, index), b);
        }
    }

    /// <summary>The frozen prefix's output for every image of <paramref name="loader"/>'s split, in cache order.</summary>
    private static Tensor Run(TransferModel model, int stages, BatchLoader loader, Func<Tensor, int, Tensor>? augment)
    {
        var inOrder = new BatchLoader(loader.Data, loader.BatchSize, loader.Device, shuffle: false, seed: 0);
        var chunks = new List<Tensor>(inOrder.BatchCount);
        try
        {
            foreach (var batch in inOrder.Epoch(0))
            {
                using var scope = NewDisposeScope();
                using var _ = batch;
                var images = augment is null ? batch.Images : augment(batch.Images, batch.Index);
                chunks.Add(model.FeaturesUntilStage(stages, images).MoveToOuterDisposeScope());
            }

            return cat(chunks, 0);
        }
        finally
        {
            foreach (var chunk in chunks)
                chunk.Dispose();
        }
    }
}
