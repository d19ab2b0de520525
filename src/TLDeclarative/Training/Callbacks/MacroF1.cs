namespace TLDeclarative.Training.Callbacks;

/// <summary>
/// Macro-averaged F1 over the classes, for monitoring val_f1. Kept minimal and private to the training
/// callbacks; a class never predicted and never present is left out of the average, one never
/// predicted but present scores 0 (scikit-learn's zero_division=0).
/// </summary>
internal static class MacroF1
{
    public static double Of(ReadOnlySpan<long> predicted, ReadOnlySpan<long> actual, int classes)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} labels.", nameof(predicted));
        var truePositives = new long[classes];
        var predictedCounts = new long[classes];
        var actualCounts = new long[classes];
        for (var i = 0; i < predicted.Length; i++)
        {
            predictedCounts[predicted[i]]++;
            actualCounts[actual[i]]++;
            if (predicted[i] == actual[i])
                truePositives[actual[i]]++;
        }

        double sum = 0;
        var counted = 0;
        for (var c = 0; c < classes; c++)
        {
            if (predictedCounts[c] + actualCounts[c] == 0)
                continue;
            // F1 = 2TP / (2TP + FP + FN) = 2TP / (predicted + actual).
            sum += 2.0 * truePositives[c] / (predictedCounts[c] + actualCounts[c]);
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }
}
