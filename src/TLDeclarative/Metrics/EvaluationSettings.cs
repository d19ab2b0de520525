namespace TLDeclarative.Metrics;

/// <param name="TopK">Also report top-k accuracy for this k (1: only plain accuracy).</param>
/// <param name="TestTimeAugmentation">Average the predictions of the image and its horizontal mirror.</param>
public sealed record EvaluationSettings(int TopK = 1, bool TestTimeAugmentation = false)
{
    public static EvaluationSettings Default { get; } = new();
}
