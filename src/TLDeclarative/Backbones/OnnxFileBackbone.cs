namespace TLDeclarative.Backbones;

/// <summary>A backbone imported from any ONNX CNN file, cut at its last spatial feature map.</summary>
public static class OnnxFileBackbone
{
    /// <summary>Name of the single stage when the spec names none.</summary>
    public const string WholeNetworkStage = "backbone";

    public static Backbone Load(string path, OnnxBackboneOptions options) =>
        throw new NotImplementedException("OnnxFileBackbone.Load: being implemented (issue 4).");
}
