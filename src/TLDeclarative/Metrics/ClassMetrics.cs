namespace TLDeclarative.Metrics;

/// <summary>One class's scores, scikit-learn's <c>classification_report</c> row.</summary>
/// <param name="Class">Class name.</param>
/// <param name="Precision">Of the images predicted as this class, the share that are; 0 when it was never predicted.</param>
/// <param name="Recall">Of the images of this class, the share predicted as it; 0 when it has no images.</param>
/// <param name="F1">Harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN); 0 when that is 0/0.</param>
/// <param name="Support">Images whose true label is this class.</param>
/// <param name="Predicted">Images predicted as this class.</param>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, long Support, long Predicted);

/// <summary>Precision, recall and F1 averaged over classes.</summary>
public sealed record AveragedScores(double Precision, double Recall, double F1);
