using Onnx;

namespace TLDeclarative.Onnx;

/// <summary>Questions about a graph's structure that importers of pretrained networks need answered.</summary>
public static class OnnxGraphQueries
{
    private static readonly HashSet<string> HeadOps = new(StringComparer.Ordinal)
    {
        "Flatten", "Reshape", "Squeeze", "Gemm", "MatMul", "Add", "Softmax", "LogSoftmax", "Identity", "Dropout", "Relu",
    };

    /// <summary>
    /// The last spatial feature map: the value that the global pooling reduces, found by walking back
    /// from the graph output through a classifier head (Flatten, Gemm, Softmax, ...). A plain pooling
    /// counts as global when the graph declares its output 1x1.
    /// </summary>
    public static string FeatureMapBeforeGlobalPooling(GraphProto graph, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output) producer[output] = node;
        }

        var declared = graph.ValueInfo.Concat(graph.Output).ToDictionary(v => v.Name, StringComparer.Ordinal);
        var value = graph.Output.Count == 1
            ? graph.Output[0].Name
            : throw new OnnxImportException($"'{modelPath}' has {graph.Output.Count} outputs; expected one.");

        while (producer.TryGetValue(value, out var node))
        {
            if (node.OpType is "GlobalAveragePool" or "GlobalMaxPool"
                || (node.OpType is "AveragePool" or "MaxPool" && IsDeclaredOneByOne(declared, node.Output[0])))
                return node.Input[0];
            if (!HeadOps.Contains(node.OpType))
                break;
            value = node.Input[0];
        }

        throw new OnnxImportException($"'{modelPath}': no global pooling found walking back from the output (stopped at '{value}').");
    }

    private static bool IsDeclaredOneByOne(Dictionary<string, ValueInfoProto> declared, string value)
    {
        var dims = declared.TryGetValue(value, out var info) ? info.Type?.TensorType?.Shape?.Dim : null;
        return dims is { Count: 4 } && dims[2].DimValue == 1 && dims[3].DimValue == 1;
    }
}
