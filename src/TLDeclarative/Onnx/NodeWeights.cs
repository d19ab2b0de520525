using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// The trainable weights of a node that has no module of its own: the floating-point constants with
/// more than one value that it reads at run time — a MatMul's weight matrix, the bias Add after it,
/// an embedding table a Gather looks up, LayerNormalization's scale and bias, a class token or
/// position embedding. Scalars (an epsilon, an exponent, a 1/sqrt(d) factor) stay fixed buffers.
/// </summary>
public sealed class NodeWeights : nn.Module
{
    private readonly Dictionary<string, string> _parameterByValue = new(StringComparer.Ordinal);

    private NodeWeights(string name, Dictionary<string, Parameter> byValue) : base(name)
    {
        var names = new ComponentNames();
        foreach (var (value, parameter) in byValue)
        {
            var parameterName = byValue.Count == 1 ? "weight" : names.Claim(value, "weight");
            register_parameter(parameterName, parameter);
            _parameterByValue[value] = parameterName;
        }
    }

    /// <summary>
    /// Parameter name -> the ONNX value (initializer) it was made from: the file's own names, such as
    /// BERT's <c>encoder.layer.0.attention.self.query.bias</c>, for tools that map parameters back to them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Sources => _parameterByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The parameter that replaces ONNX value <paramref name="value"/>, if this node reads it.</summary>
    /// <remarks>Looked up by name on each call: .to(device) replaces a module's parameters.</remarks>
    public Parameter? For(string value) => _parameterByValue.TryGetValue(value, out var name) ? get_parameter(name) : null;

    /// <summary>Whether a constant becomes a trainable weight of the node reading it.</summary>
    internal static bool Qualifies(string name, ImportContext context) =>
        context.IsFloatConstant(name) && context.Constant(name).numel() > 1;

    /// <summary>
    /// <paramref name="node"/> with its weight-like constant inputs turned into its own parameters (each
    /// reader gets its own copy), or the node unchanged when it reads none.
    /// </summary>
    internal static CompiledNode Attach(CompiledNode node, ImportContext context)
    {
        var inputs = node.Info.Inputs;
        var weightAt = new Dictionary<int, Parameter>();
        var byValue = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        for (var k = 0; k < inputs.Count; k++)
        {
            if (!Qualifies(inputs[k], context)) continue;
            if (!byValue.TryGetValue(inputs[k], out var parameter))
            {
                byValue[inputs[k]] = parameter = new Parameter(context.Constant(inputs[k]).clone());
            }

            weightAt[k] = parameter;
        }

        if (weightAt.Count == 0) return node;
        var weights = new NodeWeights($"{node.Info.OpType}Weights", byValue);
        var runtimeInputs = inputs.Where((_, k) => !weightAt.ContainsKey(k)).ToArray();
        var run = node.Run;
        Tensor[] Run(IReadOnlyList<Tensor> given)
        {
            var arguments = new Tensor[inputs.Count];
            for (int k = 0, next = 0; k < arguments.Length; k++)
                arguments[k] = weightAt.ContainsKey(k) ? weights.For(inputs[k])! : given[next++];
            return run(arguments);
        }

        return node with { Info = node.Info with { Inputs = runtimeInputs, Module = weights }, Run = Run };
    }
}
