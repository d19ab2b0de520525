using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>Settings of the learning-rate range test (fastai's lr_find defaults).</summary>
/// <param name="StartRate">Rate of the first step.</param>
/// <param name="EndRate">Rate of the last step.</param>
/// <param name="Steps">Optimizer steps, the rate growing exponentially from start to end; the data repeats if an epoch is shorter.</param>
/// <param name="DivergenceFactor">Stop once the smoothed loss exceeds this many times its minimum.</param>
/// <param name="Smoothing">Exponential moving average factor of the loss (bias-corrected).</param>
public sealed record LearningRateFinderSettings(
    double StartRate = 1e-7,
    double EndRate = 10,
    int Steps = 100,
    double DivergenceFactor = 4,
    double Smoothing = 0.98)
{
    public static LearningRateFinderSettings Default { get; } = new();
}

/// <summary>One step of the range test.</summary>
public sealed record LearningRatePoint(int Step, double LearningRate, double Loss, double SmoothedLoss);

/// <summary>The range test's curve and its suggestions.</summary>
/// <param name="SteepestRate">The rate where the smoothed loss falls fastest against log(rate): the suggestion.</param>
/// <param name="MinimumRate">The rate of the lowest smoothed loss; a tenth of it is the conservative alternative.</param>
/// <param name="StoppedEarly">The loss diverged (over the factor, or not finite) before the end rate.</param>
public sealed record LearningRateFinderResult(
    string Phase,
    IReadOnlyList<LearningRatePoint> Points,
    double SteepestRate,
    double MinimumRate,
    bool StoppedEarly)
{
    /// <summary>fastai's "minimum / 10" suggestion.</summary>
    public double MinimumRateOverTen => MinimumRate / 10;
}

/// <summary>
/// The learning-rate range test (Smith 2015; fastai's lr_find): train a phase briefly while the rate grows
/// exponentially, record the loss, and stop when it blows up. The model's weights, BatchNorm statistics
/// and freeze state are put back afterwards, so the test never changes a run.
/// </summary>
public static class LearningRateFinder
{
    public static LearningRateFinderResult Run(TransferModel model, PhaseDefinition phase, BatchLoader train, BatchAugmenter? augmenter, LearningRateFinderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(train);
        settings ??= LearningRateFinderSettings.Default;
        if (!(settings.StartRate > 0 && settings.EndRate > settings.StartRate && settings.Steps >= 5 && settings.DivergenceFactor > 1 && settings.Smoothing is >= 0 and < 1))
            throw new ArgumentException($"Learning-rate finder settings out of range: {settings} (need 0 < start < end, at least 5 steps, factor > 1, 0 <= smoothing < 1).", nameof(settings));

        var (freeze, batchNorm, training) = (model.Freeze, model.BatchNorm, model.training);
        byte[] weights;
        using (var saved = new MemoryStream())
        {
            model.save(saved);
            weights = saved.ToArray();
        }

        try
        {
            return Test(model, phase, train, augmenter, settings);
        }
        finally
        {
            using (var saved = new MemoryStream(weights))
                model.load(saved, strict: true);
            model.ApplyFreeze(freeze, batchNorm);
            model.train(training);
        }
    }

    private static LearningRateFinderResult Test(TransferModel model, PhaseDefinition phase, BatchLoader train, BatchAugmenter? augmenter, LearningRateFinderSettings settings)
    {
        model.ApplyFreeze(phase.Freeze, phase.BatchNorm);
        using var optimizer = ParameterGroups.Create(model, phase);
        var groups = optimizer.ParamGroups.ToList();
        // Parameter groups (lr_mult) keep their ratios to the first group's rate.
        var ratios = groups.Select(g => g.LearningRate / groups[0].LearningRate).ToList();
        model.train();
        var points = new List<LearningRatePoint>();
        double average = 0;
        var best = double.PositiveInfinity;
        var stoppedEarly = false;
        var step = 0;
        for (var epoch = 1; step < settings.Steps && !stoppedEarly; epoch++)
        {
            foreach (var batch in train.Epoch(epoch))
            {
                using var scope = NewDisposeScope();
                using var _ = batch;
                var rate = settings.StartRate * Math.Pow(settings.EndRate / settings.StartRate, (double)step / (settings.Steps - 1));
                for (var g = 0; g < groups.Count; g++)
                    groups[g].LearningRate = rate * ratios[g];
                var images = augmenter is null ? batch.Images : augmenter.Augment(batch.Images, epoch, batch.Index);
                optimizer.zero_grad();
                var loss = ClassificationLoss.Compute(model.Output, model.call(images), batch.Labels);
                var value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    stoppedEarly = true;
                    break;
                }

                average = (settings.Smoothing * average) + ((1 - settings.Smoothing) * value);
                var smoothed = average / (1 - Math.Pow(settings.Smoothing, step + 1));
                points.Add(new LearningRatePoint(step + 1, rate, value, smoothed));
                best = Math.Min(best, smoothed);
                if (step > 0 && smoothed > settings.DivergenceFactor * best)
                {
                    stoppedEarly = true;
                    break;
                }

                loss.backward();
                optimizer.step();
                if (++step == settings.Steps)
                    break;
            }
        }

        if (points.Count < 3)
            throw new InvalidOperationException($"The learning-rate range test of phase '{phase.Name}' diverged after {points.Count} steps; start from a lower rate.");
        // As fastai: the first tenth of the steps is left out of both suggestions, because the
        // bias-corrected average of only a few losses is still mostly noise.
        var considered = points.Skip(points.Count / 10).ToList();
        return new LearningRateFinderResult(phase.Name, points, Steepest(considered), considered.MinBy(p => p.SmoothedLoss)!.LearningRate, stoppedEarly);
    }

    /// <summary>
    /// The rate where the smoothed loss falls fastest per decade of rate (central differences against
    /// log10 rate, like numpy.gradient), looked for only up to the minimum of the smoothed loss: past it
    /// the curve is diverging.
    /// </summary>
    private static double Steepest(List<LearningRatePoint> points)
    {
        var end = Math.Max(points.IndexOf(points.MinBy(p => p.SmoothedLoss)!), 1);
        var bestIndex = 0;
        var bestSlope = double.PositiveInfinity;
        for (var i = 0; i <= end; i++)
        {
            var (lo, hi) = (Math.Max(i - 1, 0), Math.Min(i + 1, points.Count - 1));
            var slope = (points[hi].SmoothedLoss - points[lo].SmoothedLoss) / (Math.Log10(points[hi].LearningRate) - Math.Log10(points[lo].LearningRate));
            if (slope < bestSlope)
                (bestSlope, bestIndex) = (slope, i);
        }

        return points[bestIndex].LearningRate;
    }
}
