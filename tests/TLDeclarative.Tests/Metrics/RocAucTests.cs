using TLDeclarative.Metrics;

namespace TLDeclarative.Tests.Metrics;

public sealed class RocAucTests
{
    [Fact]
    public void Matches_the_scikit_learn_documentation_example()
    {
        Assert.Equal(0.75, RocAuc.Compute([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f])!.Value, 12);
    }

    [Fact]
    public void A_positive_tied_with_a_negative_counts_one_half()
    {
        // Pairs (positive, negative): (0.5, 0.5) tie = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1: 3.5 / 4.
        Assert.Equal(0.875, RocAuc.Compute([0, 1, 0, 1], [0.5f, 0.5f, 0.2f, 0.9f])!.Value, 12);
    }

    [Fact]
    public void All_scores_equal_give_one_half_and_perfect_or_reversed_ranking_give_one_or_zero()
    {
        Assert.Equal(0.5, RocAuc.Compute([1, 0, 1, 0, 0], [0.3f, 0.3f, 0.3f, 0.3f, 0.3f])!.Value, 12);
        Assert.Equal(1.0, RocAuc.Compute([0, 1, 0, 1], [0.1f, 0.7f, 0.2f, 0.9f])!.Value, 12);
        Assert.Equal(0.0, RocAuc.Compute([1, 0, 1, 0], [0.1f, 0.7f, 0.2f, 0.9f])!.Value, 12);
    }

    [Fact]
    public void Is_undefined_when_one_label_is_missing()
    {
        Assert.Null(RocAuc.Compute([1, 1, 1], [0.2f, 0.5f, 0.9f]));
        Assert.Null(RocAuc.Compute([0], [0.2f]));
    }

    [Fact]
    public void Rejects_labels_other_than_0_and_1_and_nan_scores()
    {
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => RocAuc.Compute([0, 2], [0.1f, 0.2f]));
        Assert.StartsWith("Label 1 is 2; ROC AUC takes labels 0 and 1 only.", label.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0, 1], [0.1f, float.NaN]));
        Assert.StartsWith("Score 1 is NaN.", nan.Message, StringComparison.Ordinal);
    }
}
