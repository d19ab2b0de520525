namespace TLDeclarative.Metrics;

/// <summary>
/// Everything a classifier's predictions on a labelled set say about it: accuracy, per-class and averaged
/// precision/recall/F1, the confusion matrix, ROC AUC (two classes) and top-k accuracy (more than two).
/// Conventions follow scikit-learn with <c>zero_division=0</c>; docs/reports.md spells them out.
/// </summary>
/// <param name="Classes">Class names, in label order.</param>
/// <param name="Count">Images evaluated.</param>
/// <param name="Accuracy">Share of images whose predicted class is the true one.</param>
/// <param name="PerClass">One row per class, in label order.</param>
/// <param name="Macro">Unweighted mean over the classes that occur (as a true or a predicted label).</param>
/// <param name="Weighted">Mean over classes weighted by support.</param>
/// <param name="ConfusionMatrix">[true class][predicted class] image counts.</param>
/// <param name="RocAuc">Two classes only: AUC of the second class's probability; null otherwise or when one class is absent.</param>
/// <param name="TopK">The k of <paramref name="TopKAccuracy"/>; null when not computed.</param>
/// <param name="TopKAccuracy">Share of images whose true class is among the k most probable; more than two classes and k &gt; 1 only.</param>
public sealed record ClassificationMetrics(
    IReadOnlyList<string> Classes,
    long Count,
    double Accuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    AveragedScores Macro,
    AveragedScores Weighted,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    double? RocAuc,
    int? TopK,
    double? TopKAccuracy)
{
    /// <summary>Computes every metric from the true labels, the predicted labels and the class probabilities.</summary>
    /// <param name="classes">Class names; label i names <c>classes[i]</c>.</param>
    /// <param name="labels">True label per image.</param>
    /// <param name="predicted">Predicted label per image (the argmax, or the sigmoid head's threshold).</param>
    /// <param name="probabilities">
    /// Row-major (images × classes) class probabilities; empty when not at hand, and then ROC AUC and
    /// top-k are left out (null).
    /// </param>
    /// <param name="topK">k for top-k accuracy; used when there are more than two classes and k &gt; 1.</param>
    public static ClassificationMetrics Compute(
        IReadOnlyList<string> classes,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<int> predicted,
        ReadOnlySpan<float> probabilities,
        int topK = 1)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var n = classes.Count;
        if (n < 2)
            throw new ArgumentException($"Classification metrics need at least two classes, got {n}.", nameof(classes));
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (labels.Length == 0)
            throw new ArgumentException("There are no predictions to score.", nameof(labels));
        if (predicted.Length != labels.Length)
            throw new ArgumentException($"{labels.Length} labels but {predicted.Length} predictions; they must pair up.", nameof(predicted));
        if (probabilities.Length != 0 && probabilities.Length != labels.Length * n)
            throw new ArgumentException($"Expected {labels.Length} × {n} = {labels.Length * n} probabilities, got {probabilities.Length}.", nameof(probabilities));

        var matrix = new long[n][];
        for (var i = 0; i < n; i++)
            matrix[i] = new long[n];
        for (var i = 0; i < labels.Length; i++)
        {
            CheckLabel(labels[i], n, i, nameof(labels));
            CheckLabel(predicted[i], n, i, nameof(predicted));
            matrix[labels[i]][predicted[i]]++;
        }

        var perClass = new ClassMetrics[n];
        long correct = 0;
        for (var c = 0; c < n; c++)
        {
            var truePositives = matrix[c][c];
            var support = matrix[c].Sum();
            long predictedAs = 0;
            for (var r = 0; r < n; r++)
                predictedAs += matrix[r][c];
            correct += truePositives;
            perClass[c] = new ClassMetrics(
                classes[c],
                Ratio(truePositives, predictedAs),
                Ratio(truePositives, support),
                Ratio(2 * truePositives, support + predictedAs),
                support,
                predictedAs);
        }

        // Classes that are neither true nor predicted anywhere carry no information: scikit-learn leaves
        // them out of the macro average unless told otherwise, and so do we.
        var occurring = perClass.Where(c => c.Support > 0 || c.Predicted > 0).ToList();
        var macro = new AveragedScores(occurring.Average(c => c.Precision), occurring.Average(c => c.Recall), occurring.Average(c => c.F1));
        double total = labels.Length;
        var weighted = new AveragedScores(
            perClass.Sum(c => c.Precision * c.Support) / total,
            perClass.Sum(c => c.Recall * c.Support) / total,
            perClass.Sum(c => c.F1 * c.Support) / total);

        double? auc = null;
        var scored = probabilities.Length != 0;
        if (n == 2 && scored)
        {
            var positive = new float[labels.Length];
            for (var i = 0; i < positive.Length; i++)
                positive[i] = probabilities[(i * 2) + 1];
            auc = Metrics.RocAuc.Compute(labels, positive);
        }

        var computeTopK = n > 2 && topK > 1 && scored;
        return new ClassificationMetrics(
            classes.ToArray(),
            labels.Length,
            correct / total,
            perClass,
            macro,
            weighted,
            matrix,
            auc,
            computeTopK ? topK : null,
            computeTopK ? TopKAccuracyOf(labels, probabilities, n, topK) : null);
    }

    /// <summary>
    /// Share of images whose true class ranks among the k most probable. Ranks are by probability, equal
    /// probabilities ranked by class index (lower first), the order argmax uses: top-1 equals accuracy.
    /// </summary>
    public static double TopKAccuracyOf(ReadOnlySpan<int> labels, ReadOnlySpan<float> probabilities, int classCount, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (labels.Length == 0 || probabilities.Length != labels.Length * classCount)
            throw new ArgumentException($"Expected {labels.Length} × {classCount} probabilities for at least one image, got {probabilities.Length}.", nameof(probabilities));
        long hits = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            var truth = row[labels[i]];
            var ahead = 0;
            for (var c = 0; c < classCount; c++)
            {
                if (row[c] > truth || (row[c] == truth && c < labels[i]))
                    ahead++;
            }

            if (ahead < k)
                hits++;
        }

        return (double)hits / labels.Length;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static void CheckLabel(int label, int classCount, int index, string name)
    {
        if (label < 0 || label >= classCount)
            throw new ArgumentOutOfRangeException(name, label, $"Entry {index} is {label}; labels run from 0 to {classCount - 1}.");
    }
}
