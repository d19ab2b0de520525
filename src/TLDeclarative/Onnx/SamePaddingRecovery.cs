using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// Shows every padding rule the input size it sees at the graph's declared input size, so that
/// explicit pads computed for that size can be recognised as SAME (see <see cref="SpatialPadding.Calibrate"/>).
/// </summary>
internal static class SamePaddingRecovery
{
    public static void Apply(OnnxGraphModule module, IReadOnlyList<CompiledNode> nodes, GraphProto graph, ValueInfoProto input)
    {
        var candidates = nodes.Where(n => n.Padding?.IsAsymmetricExplicit == true).ToList();
        if (candidates.Count == 0) return;

        // Files that declare intermediate shapes (value_info) answer without running anything.
        var declared = new Dictionary<string, long[]?>(StringComparer.Ordinal);
        foreach (var value in graph.ValueInfo.Append(input)) declared[value.Name] = DeclaredShape(value);
        if (candidates.All(n => declared.GetValueOrDefault(n.Info.Inputs[0]) is { Length: 4 }))
        {
            foreach (var node in candidates) node.Padding!.Calibrate(declared[node.Info.Inputs[0]].AsSpan(2));
            return;
        }

        if (declared[input.Name] is { } shape) DryRun(module, shape);
    }

    /// <summary>Runs zeros of the declared input shape through the graph, recording every pad rule's input size.</summary>
    private static void DryRun(OnnxGraphModule module, long[] shape)
    {
        var wasTraining = module.training;
        module.eval();
        using (no_grad())
        using (NewDisposeScope())
        {
            module.Calibrate(zeros(shape));
        }

        module.train(wasTraining);
    }

    /// <summary>The declared shape with a free batch size read as 1; null when another size is unknown.</summary>
    private static long[]? DeclaredShape(ValueInfoProto value)
    {
        var dims = value.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count == 0 || dims.Skip(1).Any(d => d.DimValue <= 0)) return null;
        return dims.Select((d, i) => i == 0 && d.DimValue <= 0 ? 1 : d.DimValue).ToArray();
    }
}
