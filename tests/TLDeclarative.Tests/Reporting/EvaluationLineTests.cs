using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class EvaluationLineTests
{
    [Fact]
    public void Two_classes_show_roc_auc_and_more_show_top_k()
    {
        Assert.Equal(
            "Validation: loss 0.4567 - accuracy 0.7500 - macro F1 0.7333 - ROC AUC 0.7500 on 4 images",
            ProgressFormat.EvaluationLine("Validation", 0.45671, SampleMetrics.TwoClasses()));
        Assert.Equal(
            "Test: loss 1.0000 - accuracy 0.5000 - macro F1 0.3571 - top-2 accuracy 0.6667 on 6 images",
            ProgressFormat.EvaluationLine("Test", 1, SampleMetrics.ThreeClasses()));
    }
}
