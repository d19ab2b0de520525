namespace TLDeclarative.Backbones;

/// <summary>A named stage of an ONNX backbone: every node from the previous stage's last node up to and including <paramref name="LastNode"/>.</summary>
public sealed record OnnxStage(string Name, string LastNode);

/// <summary>How a user's ONNX file becomes a backbone.</summary>
public sealed record OnnxBackboneOptions
{
    /// <summary>The node whose output is the feature map; null: found automatically (the last spatial map before global pooling or the classifier).</summary>
    public string? Cut { get; init; }

    public ImagePreprocessing Preprocessing { get; init; } = ImagePreprocessing.ImageNet;

    /// <summary>Named stages in forward order; empty: the whole network is one stage named "backbone".</summary>
    public IReadOnlyList<OnnxStage> Stages { get; init; } = [];

    /// <summary>False re-initialises every weight randomly (the baseline without pretraining).</summary>
    public bool Pretrained { get; init; } = true;
}
