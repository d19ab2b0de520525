using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>One imported node, in execution order.</summary>
/// <param name="Name">The ONNX node name (may be empty in ONNX files).</param>
/// <param name="OpType">The ONNX operator, e.g. Conv.</param>
/// <param name="Inputs">Values read at run time (weights held by <paramref name="Module"/> are not listed).</param>
/// <param name="Outputs">Values produced.</param>
/// <param name="Module">The trainable leaf module (Conv2d, BatchNorm2d, Linear), or null.</param>
public sealed record OnnxNode(
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    nn.Module? Module);
