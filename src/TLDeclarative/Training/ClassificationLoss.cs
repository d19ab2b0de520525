using TLDeclarative.Heads;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>Loss and correct-count for the head's output kind (sigmoid/BCE for 2 classes, softmax/CE above).</summary>
public static class ClassificationLoss
{
    /// <summary>Mean loss over the batch.</summary>
    public static Tensor Compute(ClassifierOutput output, Tensor logits, Tensor labels) => output switch
    {
        ClassifierOutput.Sigmoid => nn.functional.binary_cross_entropy_with_logits(
            logits.squeeze(1), labels.to_type(logits.dtype)),
        _ => nn.functional.cross_entropy(logits, labels),
    };

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
