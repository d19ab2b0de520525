using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Text;

/// <summary>
/// The Hugging Face BERT names (<c>encoder.layer.0.attention.self.query.weight</c>) of an imported BERT
/// export's parameters, whose module names follow the ONNX nodes (<c>MatMul_34.weight</c>).
/// </summary>
/// <remarks>
/// PyTorch's exporter keeps the names of biases, LayerNorm weights and embedding tables as initializer
/// names, but stores each linear layer's weight transposed under an anonymous name (<c>onnx::MatMul_…</c>)
/// read by a MatMul whose output the named bias Add reads: that weight takes the bias's name with
/// <c>.weight</c>. Its tensor is (in, out), the transpose of <c>nn.Linear.weight</c>.
/// </remarks>
public static class BertParameterNames
{
    /// <summary>Parameter name (as in <c>named_parameters()</c>) -> BERT name, for every parameter; throws when one has none.</summary>
    public static IReadOnlyDictionary<string, string> Of(OnnxGraphModule encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var moduleNames = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in encoder.named_children()) moduleNames[module] = name;
        var sourceByModule = new Dictionary<string, string>(StringComparer.Ordinal); // "MatMul_34.weight" -> ONNX value
        var readers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in encoder.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (!readers.TryGetValue(input, out var list)) readers[input] = list = [];
                list.Add(node);
            }

            if (node.Module is not NodeWeights weights) continue;
            foreach (var (parameter, value) in weights.Sources) sourceByModule[$"{moduleNames[weights]}.{parameter}"] = value;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (parameterName, _) in encoder.named_parameters())
        {
            names[parameterName] = sourceByModule.TryGetValue(parameterName, out var source) && IsModuleName(source)
                ? source
                : LinearWeightName(parameterName, encoder, readers, sourceByModule, moduleNames)
                  ?? throw new InvalidOperationException($"'{encoder.ModelPath}': parameter '{parameterName}' has no BERT name (its initializer is '{source ?? "unknown"}').");
        }

        return names;
    }

    private static bool IsModuleName(string value) => !value.Contains("::", StringComparison.Ordinal) && value.Contains('.', StringComparison.Ordinal);

    /// <summary>A MatMul's weight named after the bias Add that reads the MatMul's output.</summary>
    private static string? LinearWeightName(string parameterName, OnnxGraphModule encoder, Dictionary<string, List<OnnxNode>> readers,
        Dictionary<string, string> sourceByModule, Dictionary<nn.Module, string> moduleNames)
    {
        var matMul = encoder.Nodes.FirstOrDefault(n => n.OpType == "MatMul" && n.Module is not null && parameterName == $"{moduleNames[n.Module]}.weight");
        if (matMul is null || matMul.Outputs.Count == 0 || !readers.TryGetValue(matMul.Outputs[0], out var next) || next.Count != 1) return null;
        var add = next[0];
        if (add.OpType != "Add" || add.Module is null) return null;
        return sourceByModule.TryGetValue($"{moduleNames[add.Module]}.weight", out var bias) && bias.EndsWith(".bias", StringComparison.Ordinal)
            ? string.Concat(bias.AsSpan(0, bias.Length - ".bias".Length), ".weight")
            : null;
    }
}
