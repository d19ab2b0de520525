using Google.Protobuf;
using Onnx;
using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Export;

/// <summary>
/// Builds the exported ONNX graph: nodes, initializers (copied from tensors at export time) and
/// unique value names. Parts of the model (preprocessing, backbone, head) each append their nodes.
/// </summary>
public sealed class OnnxGraphWriter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private long? _opset;
    private string _opsetOwner = "";

    internal OnnxGraphWriter(GraphProto graph)
    {
        Graph = graph;
    }

    internal GraphProto Graph { get; }

    /// <summary>The default-domain opset the nodes were written for, once a part fixed it.</summary>
    public long? Opset => _opset;

    /// <summary>
    /// Fixes the opset: nodes copied from an imported file keep their meaning only under the file's
    /// opset, so two parts that need different ones cannot share a graph.
    /// </summary>
    /// <param name="owner">Who needs it, for the error message (e.g. the file's path).</param>
    public void UseOpset(long version, string owner)
    {
        if (_opset is { } fixedVersion && fixedVersion != version)
            throw new NotSupportedException($"{owner} needs ONNX opset {version}, but {_opsetOwner} already fixed opset {fixedVersion}.");
        _opset = version;
        _opsetOwner = owner;
    }

    /// <summary>A value name not used yet: <paramref name="wanted"/> itself when free, else wanted_2, wanted_3, ...</summary>
    public string Claim(string wanted)
    {
        ArgumentException.ThrowIfNullOrEmpty(wanted);
        var name = wanted;
        for (var i = 2; !_names.Add(name); i++) name = $"{wanted}_{i}";
        return name;
    }

    /// <summary>Adds a copy of <paramref name="value"/> (any device) as an initializer; returns its (unique) name.</summary>
    public string AddInitializer(string wanted, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = Claim(wanted);
        Graph.Initializer.Add(OnnxTensorData.ToProto(name, value));
        return name;
    }

    /// <summary>Adds a float initializer of the given shape.</summary>
    public string AddInitializer(string wanted, float[] values, params long[] shape)
    {
        using var value = tensor(values, shape);
        return AddInitializer(wanted, value);
    }

    /// <summary>Adds an int64 initializer of the given shape (indices, shapes).</summary>
    public string AddInitializer(string wanted, long[] values, params long[] shape)
    {
        using var value = tensor(values, shape);
        return AddInitializer(wanted, value);
    }

    /// <summary>Adds an existing proto (e.g. a constant kept by the importer) under a unique name.</summary>
    public string AddInitializer(string wanted, TensorProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var copy = value.Clone();
        copy.Name = Claim(wanted);
        Graph.Initializer.Add(copy);
        return copy.Name;
    }

    /// <summary>Appends a node; its name is made unique, inputs and outputs are used as given.</summary>
    public NodeProto AddNode(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = ClaimNodeName(name) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node;
    }

    /// <summary>Appends a node with one input and one new output value named after the node; returns the output.</summary>
    public string AddNode(string opType, string name, string input, params AttributeProto[] attributes) =>
        AddNode(opType, name, [input], attributes);

    /// <summary>Appends a node with one new output value named after the node; returns the output.</summary>
    public string AddNode(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Claim(name + "_output");
        AddNode(opType, name, inputs, [output], attributes);
        return output;
    }

    /// <summary>Appends a node already built (e.g. a copy of an imported node), claiming its name.</summary>
    internal void AddNode(NodeProto node)
    {
        if (node.Name.Length > 0) node.Name = ClaimNodeName(node.Name);
        Graph.Node.Add(node);
    }

    /// <summary>Node names are a namespace of their own (a node may share its output's name).</summary>
    private string ClaimNodeName(string wanted)
    {
        var name = wanted;
        for (var i = 2; !_nodeNames.Add(name); i++) name = $"{wanted}_{i}";
        return name;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto IntsAttribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto TextAttribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
