using TLDeclarative.Heads;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>Loss and correct-count for the head's output kind (sigmoid/BCE for 2 classes, softmax/CE above).</summary>
/// <remarks>
/// Class weights (one per class) make the loss a weighted mean: sum(w[y_i] * l_i) / sum(w[y_i]), which
/// is what PyTorch's cross_entropy(weight) computes; the sigmoid head uses the same per-sample weights,
/// so both heads mean the same thing by a weight. Mixed batches (mixup, cutmix) take
/// lambda * L(y_a) + (1 - lambda) * L(y_b), each term weighted as above.
/// </remarks>
public static class ClassificationLoss
{
    /// <summary>Mean loss over the batch, weighted per class when <paramref name="classWeights"/> is given.</summary>
    /// <param name="classWeights">float (classes) on the logits' device, or null for the plain mean.</param>
    public static Tensor Compute(ClassifierOutput output, Tensor logits, Tensor labels, Tensor? classWeights = null)
    {
        if (output != ClassifierOutput.Sigmoid)
            return nn.functional.cross_entropy(logits, labels, classWeights);
        var targets = labels.to_type(logits.dtype);
        if (classWeights is null)
            return nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), targets);
        using var perSample = nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), targets, reduction: nn.Reduction.None);
        using var weights = classWeights.index_select(0, labels);
        using var weighted = perSample.mul(weights).sum();
        using var total = weights.sum();
        return weighted.div(total);
    }

    /// <summary>Loss of a mixed batch: lambda * L(labels) + (1 - lambda) * L(otherLabels).</summary>
    public static Tensor ComputeMixed(ClassifierOutput output, Tensor logits, Tensor labels, Tensor otherLabels, double lambda, Tensor? classWeights = null)
    {
        using var first = Compute(output, logits, labels, classWeights);
        using var second = Compute(output, logits, otherLabels, classWeights);
        using var scaledFirst = first.mul(lambda);
        using var scaledSecond = second.mul(1 - lambda);
        return scaledFirst.add(scaledSecond);
    }

    /// <summary>Predicted class index per image.</summary>
    public static Tensor PredictedLabels(ClassifierOutput output, Tensor logits) => output switch
    {
        ClassifierOutput.Sigmoid => logits.squeeze(1).gt(0).to_type(ScalarType.Int64),
        _ => logits.argmax(1),
    };

    /// <summary>Class probabilities (N, classes): for sigmoid, [1 - p, p].</summary>
    public static Tensor Probabilities(ClassifierOutput output, Tensor logits)
    {
        if (output != ClassifierOutput.Sigmoid)
            return nn.functional.softmax(logits, 1);
        var positive = logits.sigmoid();
        return cat([positive.neg().add(1), positive], 1);
    }

    public static long CountCorrect(ClassifierOutput output, Tensor logits, Tensor labels)
    {
        using var predicted = PredictedLabels(output, logits);
        using var correct = predicted.eq(labels).sum();
        return correct.item<long>();
    }
}
