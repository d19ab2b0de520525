using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

/// <summary>Class weights and mixed targets in the loss, against values computed by hand in doubles.</summary>
public sealed class ClassWeightedLossTests
{
    [Fact]
    public void AutoWeightsAreInverseClassFrequency()
    {
        var weights = ClassWeights.Auto.Resolve([30, 10]);

        Assert.NotNull(weights);
        Assert.Equal(40.0 / (2 * 30), weights[0], 6);
        Assert.Equal(40.0 / (2 * 10), weights[1], 6);
        Assert.Equal([1f, 1f, 1f], ClassWeights.Auto.Resolve([5, 5, 5])!);
        Assert.Null(ClassWeights.None.Resolve([30, 10]));
        Assert.Equal([0.5f, 4f], ClassWeights.Of(0.5, 4).Resolve([30, 10])!);
    }

    [Fact]
    public void BadWeightsAreExplained()
    {
        Assert.Equal(
            "Automatic class weights need at least one training image per class; class index(es) 1 have none. (Parameter 'counts')",
            Assert.Throws<ArgumentException>(() => ClassWeights.Auto.Resolve([3, 0])).Message);
        Assert.Equal(
            "1 class weight(s) given for 2 classes; give one per class, in class order. (Parameter 'counts')",
            Assert.Throws<ArgumentException>(() => ClassWeights.Of(2).Resolve([3, 4])).Message);
        Assert.Equal(
            "Class weight 0 (class index 1) is not a positive finite number. (Parameter 'counts')",
            Assert.Throws<ArgumentException>(() => ClassWeights.Of(1, 0).Resolve([3, 4])).Message);
    }

    [Fact]
    public void SoftmaxLossIsTheWeightedMeanOfPerImageLosses()
    {
        double[][] logits = [[2, 0, -1], [0.5, 1, 0], [0, 0, 3], [1, 1, 1]];
        long[] labels = [0, 2, 2, 1];
        float[] weights = [1, 2.5f, 4];

        using var loss = ClassificationLoss.Compute(ClassifierOutput.Softmax, Matrix(logits), tensor(labels), tensor(weights));

        double weighted = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var logSumExp = Math.Log(logits[i].Sum(Math.Exp));
            var w = weights[labels[i]];
            weighted += w * (logSumExp - logits[i][labels[i]]);
            total += w;
        }

        Assert.Equal(weighted / total, loss.item<float>(), 5);
    }

    [Fact]
    public void SigmoidLossWeighsEachImageByItsClass()
    {
        using var logits = tensor(new float[] { 0, 2, -1 }).view(-1, 1);
        using var labels = tensor(new long[] { 0, 1, 1 });
        using var weights = tensor(new float[] { 1, 3 });

        using var loss = ClassificationLoss.Compute(ClassifierOutput.Sigmoid, logits, labels, weights);

        var expected = (Math.Log(2) + (3 * Math.Log(1 + Math.Exp(-2))) + (3 * Math.Log(1 + Math.Exp(1)))) / 7;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void UnweightedLossIsThePlainMean()
    {
        using var logits = tensor(new float[] { 0, 2 }).view(-1, 1);
        using var labels = tensor(new long[] { 0, 1 });

        using var loss = ClassificationLoss.Compute(ClassifierOutput.Sigmoid, logits, labels);

        Assert.Equal((Math.Log(2) + Math.Log(1 + Math.Exp(-2))) / 2, loss.item<float>(), 5);
    }

    [Theory]
    [InlineData(ClassifierOutput.Softmax)]
    [InlineData(ClassifierOutput.Sigmoid)]
    public void MixedLossIsTheLambdaCombinationOfBothTargets(ClassifierOutput output)
    {
        using var logits = output == ClassifierOutput.Softmax ? Matrix([[2, 0], [0, 1], [1, 3]]) : tensor(new float[] { 1.5f, -0.5f, 0.2f }).view(-1, 1);
        using var a = tensor(new long[] { 0, 1, 1 });
        using var b = tensor(new long[] { 1, 1, 0 });
        using var weights = tensor(new float[] { 2, 0.5f });

        using var mixed = ClassificationLoss.ComputeMixed(output, logits, a, b, 0.3, weights);
        using var lossA = ClassificationLoss.Compute(output, logits, a, weights);
        using var lossB = ClassificationLoss.Compute(output, logits, b, weights);

        Assert.Equal((0.3 * lossA.item<float>()) + (0.7 * lossB.item<float>()), mixed.item<float>(), 5);
        Assert.NotEqual(lossA.item<float>(), lossB.item<float>());
    }

    private static Tensor Matrix(double[][] rows) =>
        tensor(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [rows.Length, rows[0].Length]);
}
