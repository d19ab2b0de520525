namespace TLDeclarative.Metrics;

/// <summary>
/// Exact area under the ROC curve for two classes, as scikit-learn's <c>roc_auc_score</c>: the probability
/// that a random positive scores above a random negative, a tie counting one half (the Mann-Whitney U
/// statistic over average ranks, which equals the trapezoidal area of the curve with tied scores merged).
/// </summary>
public static class RocAuc
{
    /// <summary>AUC of <paramref name="positiveScores"/> for labels 0 (negative) and 1 (positive).</summary>
    /// <returns>Null when only one of the two labels occurs: the curve is undefined (scikit-learn raises).</returns>
    public static double? Compute(ReadOnlySpan<int> labels, ReadOnlySpan<float> positiveScores)
    {
        if (labels.Length != positiveScores.Length)
            throw new ArgumentException($"{labels.Length} labels but {positiveScores.Length} scores; they must pair up.", nameof(positiveScores));

        var order = new int[labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (labels[i] is not (0 or 1))
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {i} is {labels[i]}; ROC AUC takes labels 0 and 1 only.");
            if (float.IsNaN(positiveScores[i]))
                throw new ArgumentException($"Score {i} is NaN.", nameof(positiveScores));
            order[i] = i;
        }

        var scores = positiveScores.ToArray();
        Array.Sort(scores.ToArray(), order);
        long positives = 0;
        double positiveRankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            // A run of equal scores shares the mean of the ranks it spans (1-based).
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            var meanRank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]] == 1)
                {
                    positives++;
                    positiveRankSum += meanRank;
                }
            }

            start = end + 1;
        }

        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
            return null;
        var u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / ((double)positives * negatives);
    }
}
