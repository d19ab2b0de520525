using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>Mixup (Zhang et al. 2018) and CutMix (Yun et al. 2019) of a batch with a permutation of itself.</summary>
public static class BatchMixing
{
    /// <summary>lambda * images + (1 - lambda) * images[permutation]; other labels = labels[permutation].</summary>
    public static MixedBatch Mixup(Tensor images, Tensor labels, double lambda, IReadOnlyList<int> permutation)
    {
        using var scope = NewDisposeScope();
        var index = Index(permutation, images);
        var partner = images.index_select(0, index);
        var mixed = images.mul(lambda).add_(partner.mul(1 - lambda));
        var other = labels.index_select(0, index.to(labels.device));
        return new MixedBatch(mixed.MoveToOuterDisposeScope(), other.MoveToOuterDisposeScope(), lambda, permutation, BatchMixKind.Mixup);
    }

    /// <summary>
    /// Pastes <paramref name="box"/> of images[permutation[i]] into image i (the same box for the whole
    /// batch, as the paper's reference code); lambda becomes the uncovered fraction 1 - box area / (H W).
    /// </summary>
    public static MixedBatch CutMix(Tensor images, Tensor labels, CropBox box, IReadOnlyList<int> permutation)
    {
        using var scope = NewDisposeScope();
        var index = Index(permutation, images);
        var partner = images.index_select(0, index);
        var boxes = Enumerable.Repeat<CropBox?>(box, permutation.Count).ToList();
        var mixed = RandomErasing.Fill(images, boxes, partner);
        var other = labels.index_select(0, index.to(labels.device));
        var lambda = 1 - ((double)box.Area / (images.shape[2] * images.shape[3]));
        return new MixedBatch(mixed.MoveToOuterDisposeScope(), other.MoveToOuterDisposeScope(), lambda, permutation, BatchMixKind.CutMix);
    }

    /// <summary>
    /// CutMix's box for a drawn lambda: side ratio sqrt(1 - lambda), centre uniform over the image, clipped
    /// at the borders (so the pasted area can be smaller than 1 - lambda; the returned box is what counts).
    /// </summary>
    public static CropBox CutMixBox(Random random, int height, int width, double lambda)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ratio = Math.Sqrt(1 - lambda);
        var (cutH, cutW) = ((int)(height * ratio), (int)(width * ratio));
        var (centreY, centreX) = (random.Next(height), random.Next(width));
        var top = Math.Clamp(centreY - (cutH / 2), 0, height);
        var bottom = Math.Clamp(centreY + (cutH / 2), 0, height);
        var left = Math.Clamp(centreX - (cutW / 2), 0, width);
        var right = Math.Clamp(centreX + (cutW / 2), 0, width);
        return new CropBox(top, left, bottom - top, right - left);
    }

    /// <summary>A seeded Fisher-Yates permutation of 0..count-1.</summary>
    public static int[] Permutation(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static Tensor Index(IReadOnlyList<int> permutation, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(permutation);
        if (permutation.Count != images.shape[0])
        {
            throw new ArgumentException($"A permutation of {permutation.Count} for {images.shape[0]} images.", nameof(permutation));
        }

        return tensor(permutation.Select(i => (long)i).ToArray(), ScalarType.Int64, images.device);
    }
}
