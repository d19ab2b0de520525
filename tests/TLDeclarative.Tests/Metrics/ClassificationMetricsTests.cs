using TLDeclarative.Metrics;

namespace TLDeclarative.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    private static readonly string[] Abc = ["a", "b", "c"];

    // Six images, three classes; expected values worked out by hand (and what scikit-learn's
    // classification_report / confusion_matrix / top_k_accuracy_score print for the same arrays).
    private static readonly int[] Labels = [0, 0, 1, 1, 1, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 0, 1];
    private static readonly float[] Probabilities =
    [
        0.6f, 0.3f, 0.1f,
        0.3f, 0.5f, 0.2f,
        0.1f, 0.8f, 0.1f,
        0.2f, 0.7f, 0.1f,
        0.5f, 0.2f, 0.3f,
        0.25f, 0.5f, 0.25f,
    ];

    [Fact]
    public void Per_class_scores_confusion_matrix_and_accuracy_match_hand_computed_values()
    {
        var m = ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities);

        Assert.Equal(6, m.Count);
        Assert.Equal(0.5, m.Accuracy, 12);
        Assert.Equal([[1L, 1, 0], [1L, 2, 0], [0L, 1, 0]], m.ConfusionMatrix.Select(r => r.ToArray()).ToArray());
        Assert.Equal(["a", "b", "c"], m.PerClass.Select(c => c.Class));
        Assert.Equal([2L, 3, 1], m.PerClass.Select(c => c.Support));
        Assert.Equal([2L, 4, 0], m.PerClass.Select(c => c.Predicted));
        AssertClose([0.5, 0.5, 0], m.PerClass.Select(c => c.Precision));
        AssertClose([0.5, 2.0 / 3, 0], m.PerClass.Select(c => c.Recall));
        AssertClose([0.5, 4.0 / 7, 0], m.PerClass.Select(c => c.F1));
    }

    [Fact]
    public void Macro_and_weighted_averages_match_hand_computed_values()
    {
        var m = ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities);

        AssertClose([1.0 / 3, 7.0 / 18, 5.0 / 14], [m.Macro.Precision, m.Macro.Recall, m.Macro.F1]);
        // Weighted recall is accuracy by construction.
        AssertClose([5.0 / 12, 0.5, 19.0 / 42], [m.Weighted.Precision, m.Weighted.Recall, m.Weighted.F1]);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_as_scikit_learn_zero_division_0()
    {
        var m = ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities);

        var c = m.PerClass[2];
        Assert.Equal((0L, 0.0, 0.0, 0.0), (c.Predicted, c.Precision, c.Recall, c.F1));
    }

    [Fact]
    public void A_class_neither_true_nor_predicted_is_left_out_of_the_macro_average()
    {
        var m = ClassificationMetrics.Compute(Abc, [0, 1, 0, 1], [0, 1, 1, 1], new float[12]);

        // a: P 1, R 1/2, F1 2/3; b: P 2/3, R 1, F1 4/5; c absent: averaged over two classes, not three.
        AssertClose([5.0 / 6, 3.0 / 4, 11.0 / 15], [m.Macro.Precision, m.Macro.Recall, m.Macro.F1]);
        Assert.Equal((0L, 0L), (m.PerClass[2].Support, m.PerClass[2].Predicted));
    }

    [Fact]
    public void Top_k_counts_the_true_class_among_the_k_most_probable_with_ties_to_the_lower_index()
    {
        var m = ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities, topK: 2);

        // Misses: image 4 (true class third) and image 5 (true c ties a at 0.25, and a ranks first).
        Assert.Equal(2, m.TopK);
        Assert.Equal(4.0 / 6, m.TopKAccuracy!.Value, 12);
        Assert.Equal(m.Accuracy, ClassificationMetrics.TopKAccuracyOf(Labels, Probabilities, 3, 1), 12);
        Assert.Equal(1.0, ClassificationMetrics.TopKAccuracyOf(Labels, Probabilities, 3, 3), 12);
        Assert.Null(m.RocAuc);
    }

    [Fact]
    public void Top_k_is_left_out_for_two_classes_and_for_k_1()
    {
        Assert.Null(ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities, topK: 1).TopKAccuracy);
        var binary = ClassificationMetrics.Compute(["neg", "pos"], [0, 1], [0, 1], [0.9f, 0.1f, 0.2f, 0.8f], topK: 2);
        Assert.Equal((null, null), (binary.TopK, binary.TopKAccuracy));
    }

    [Fact]
    public void Two_classes_get_the_roc_auc_of_the_second_class_probability()
    {
        float[] probabilities = [0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f];

        var m = ClassificationMetrics.Compute(["neg", "pos"], [0, 0, 1, 1], [0, 0, 0, 1], probabilities);

        // scikit-learn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75.
        Assert.Equal(0.75, m.RocAuc!.Value, 12);
        Assert.Equal(0.75, m.Accuracy, 12);
    }

    [Fact]
    public void All_images_of_one_class_give_perfect_scores_for_it_and_no_roc_auc()
    {
        var m = ClassificationMetrics.Compute(["neg", "pos"], [0, 0, 0], [0, 0, 0], [0.9f, 0.1f, 0.8f, 0.2f, 0.7f, 0.3f]);

        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal(new AveragedScores(1, 1, 1), m.Macro);
        Assert.Equal(new AveragedScores(1, 1, 1), m.Weighted);
        Assert.Null(m.RocAuc);
    }

    [Fact]
    public void Without_probabilities_everything_but_roc_auc_and_top_k_is_computed()
    {
        var m = ClassificationMetrics.Compute(Abc, Labels, Predicted, [], topK: 2);
        var binary = ClassificationMetrics.Compute(["neg", "pos"], [0, 1], [0, 0], []);

        Assert.Equal(ClassificationMetrics.Compute(Abc, Labels, Predicted, Probabilities).PerClass, m.PerClass);
        Assert.Equal((null, null), (m.TopK, m.TopKAccuracy));
        Assert.Equal(0.5, binary.Accuracy);
        Assert.Null(binary.RocAuc);
    }

    [Fact]
    public void Wrong_shapes_and_labels_are_rejected_with_what_was_expected()
    {
        var lengths = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Abc, [0, 1], [0], new float[6]));
        Assert.StartsWith("2 labels but 1 predictions; they must pair up.", lengths.Message, StringComparison.Ordinal);
        var probabilities = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Abc, [0, 1], [0, 1], new float[4]));
        Assert.StartsWith("Expected 2 × 3 = 6 probabilities, got 4.", probabilities.Message, StringComparison.Ordinal);
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute(Abc, [0, 3], [0, 1], new float[6]));
        Assert.StartsWith("Entry 1 is 3; labels run from 0 to 2.", label.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(Abc, [], [], []));
        Assert.StartsWith("There are no predictions to score.", empty.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) < 1e-12, $"entry {i}: expected {e[i]}, got {a[i]} (all: {string.Join(", ", a)})");
    }
}
