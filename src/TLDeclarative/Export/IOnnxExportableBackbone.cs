namespace TLDeclarative.Export;

/// <summary>
/// A backbone that can write its network (not its preprocessing, which the exporter folds in by
/// itself) as ONNX nodes. Backbones imported from ONNX implement it with <see cref="ImportedGraphExport"/>;
/// other kinds (e.g. TorchVision architectures) can implement it by writing their layers.
/// </summary>
public interface IOnnxExportableBackbone
{
    /// <summary>
    /// Appends nodes mapping <paramref name="input"/> (the preprocessed image, float32 (N,3,H,W)) to
    /// the feature map the backbone's forward returns, with the current weights; returns that value's name.
    /// </summary>
    /// <param name="height">The image height the model is exported for (padding may depend on it).</param>
    /// <param name="width">The image width the model is exported for.</param>
    string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width);
}
