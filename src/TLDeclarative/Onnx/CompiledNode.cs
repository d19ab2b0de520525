using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>Runs one node: receives its run-time inputs in order and returns fresh tensors.</summary>
/// <remarks>Kernels must never return one of their inputs: the executor disposes values once dead.</remarks>
internal delegate Tensor[] NodeKernel(IReadOnlyList<Tensor> inputs);

/// <summary>A translated node: what it is, how to run it, and (for Conv/Pool) its padding rule.</summary>
internal sealed record CompiledNode(OnnxNode Info, NodeKernel Run, SpatialPadding? Padding = null)
{
    /// <summary>The node as the file declares it (attributes, every input name): what the ONNX exporter writes back.</summary>
    public NodeProto? Source { get; init; }

    /// <summary>Builds a node whose run-time inputs are <paramref name="inputs"/> (default: all non-empty inputs).</summary>
    public static CompiledNode Create(NodeProto node, NodeKernel run, nn.Module? module = null,
        SpatialPadding? padding = null, IReadOnlyList<string>? inputs = null)
    {
        var info = new OnnxNode(node.Name, node.OpType,
            inputs ?? node.Input.Where(n => n.Length > 0).ToArray(),
            node.Output.ToArray(),
            module);
        return new CompiledNode(info, run, padding) { Source = node };
    }
}
