using static TorchSharp.torch;

namespace TLDeclarative.Data;

/// <summary>
/// One mini-batch on the loader's device: float32 RGB images in [0,1] (B,3,H,W) and int64 labels (B).
/// </summary>
/// <remarks>
/// The receiver owns both tensors. They are created in the dispose scope that is current when the
/// enumerator advances (the scope around the foreach, if any); otherwise dispose the batch, e.g.
/// <c>foreach (var b in loader.Epoch(e)) { using (b) { ... } }</c>.
/// </remarks>
public sealed class Batch : IDisposable
{
    public Batch(Tensor images, Tensor labels, int index)
    {
        Images = images;
        Labels = labels;
        Index = index;
    }

    /// <summary>float32 (B,3,H,W), values in [0,1].</summary>
    public Tensor Images { get; }

    /// <summary>int64 (B), class indices.</summary>
    public Tensor Labels { get; }

    /// <summary>Position of the batch within its epoch (0-based).</summary>
    public int Index { get; }

    /// <summary>
    /// Seconds the consumer waited for this batch inside the loader's enumerator (making it on demand, or
    /// waiting for the prefetching task); 0 for batches not made by a <see cref="BatchLoader"/>.
    /// </summary>
    public double WaitSeconds { get; internal set; }

    /// <summary>Number of images in this batch (the last one may be smaller).</summary>
    public int Count => (int)Labels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
