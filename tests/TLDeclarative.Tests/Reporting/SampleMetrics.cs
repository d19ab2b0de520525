using TLDeclarative.Metrics;

namespace TLDeclarative.Tests.Reporting;

/// <summary>Metrics with known values (the hand-computed set of ClassificationMetricsTests).</summary>
internal static class SampleMetrics
{
    /// <summary>Three classes a, b, c; accuracy 1/2, top-2 accuracy 2/3.</summary>
    public static ClassificationMetrics ThreeClasses(string[]? names = null) => ClassificationMetrics.Compute(
        names ?? ["a", "b", "c"],
        [0, 0, 1, 1, 1, 2],
        [0, 1, 1, 1, 0, 1],
        [0.6f, 0.3f, 0.1f, 0.3f, 0.5f, 0.2f, 0.1f, 0.8f, 0.1f, 0.2f, 0.7f, 0.1f, 0.5f, 0.2f, 0.3f, 0.25f, 0.5f, 0.25f],
        topK: 2);

    /// <summary>Two classes neg, pos; ROC AUC 0.75, accuracy 0.75.</summary>
    public static ClassificationMetrics TwoClasses() => ClassificationMetrics.Compute(
        ["neg", "pos"], [0, 0, 1, 1], [0, 0, 0, 1], [0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f]);
}
