using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// A batch after mixup or cutmix: image i blends image i (weight <see cref="Lambda"/>) with image
/// Permutation[i] (weight 1 - Lambda), so its loss is Lambda * L(labels) + (1 - Lambda) * L(<see cref="OtherLabels"/>).
/// </summary>
/// <remarks>The caller owns both tensors (or the dispose scope current when they were made).</remarks>
public sealed class MixedBatch : IDisposable
{
    public MixedBatch(Tensor images, Tensor otherLabels, double lambda, IReadOnlyList<int> permutation, BatchMixKind kind)
    {
        Images = images;
        OtherLabels = otherLabels;
        Lambda = lambda;
        Permutation = permutation;
        Kind = kind;
    }

    /// <summary>The mixed images, same shape as the input.</summary>
    public Tensor Images { get; }

    /// <summary>labels[Permutation[i]] for every i: the second target.</summary>
    public Tensor OtherLabels { get; }

    /// <summary>Weight of the original label; for cutmix, the fraction of each image left uncovered.</summary>
    public double Lambda { get; }

    public IReadOnlyList<int> Permutation { get; }

    public BatchMixKind Kind { get; }

    /// <summary>The label that carries more weight in each image (the original one on a tie), for training accuracy.</summary>
    public Tensor MajorityLabels(Tensor labels) => Lambda >= 0.5 ? labels : OtherLabels;

    public void Dispose()
    {
        Images.Dispose();
        OtherLabels.Dispose();
    }
}

/// <summary>Which batch-mixing method made a <see cref="MixedBatch"/>.</summary>
public enum BatchMixKind
{
    Mixup,
    CutMix,
}
