using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// What translators may ask while a graph is imported: constant values (initializers and Constant
/// nodes), weights to copy into modules, and a uniform way to report a node's problem.
/// </summary>
internal sealed class ImportContext : IDisposable
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, Tensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _readerCount = new(StringComparer.Ordinal);

    public ImportContext(ModelProto model, string modelPath)
    {
        ModelPath = modelPath;
        Opset = model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain)).Select(o => o.Version).DefaultIfEmpty(1).Max();
        _graph = model.Graph;
        _initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var name in model.Graph.Node.SelectMany(n => n.Input).Where(_initializers.ContainsKey))
            _readerCount[name] = _readerCount.GetValueOrDefault(name) + 1;
    }

    public string ModelPath { get; }

    /// <summary>The default-domain opset, which decides e.g. whether Slice reads attributes or inputs.</summary>
    public long Opset { get; }

    public OnnxImportException Fail(NodeProto node, string problem) => new(node.OpType, node.Name, ModelPath, problem);

    public bool IsConstant(string name) => _initializers.ContainsKey(name) || _constants.ContainsKey(name);

    public void AddConstant(string name, Tensor value) => _constants[name] = value;

    /// <summary>
    /// Copies a constant weight (an initializer, or a constant such as an Identity of one) into a module's
    /// tensor. PyTorch's exporter stores equal tensors once and lets several nodes read it: each reader
    /// gets its own copy, so each becomes its own trainable parameter, as in the network that was exported.
    /// </summary>
    public void CopyWeight(NodeProto node, int inputIndex, Tensor destination, string role)
    {
        var name = inputIndex < node.Input.Count ? node.Input[inputIndex] : "";
        // A tensor read by one node is copied straight from the file's bytes (which are then let go); one
        // read by several is materialised once, and each reader copies that.
        if (_initializers.TryGetValue(name, out var proto) && _readerCount.GetValueOrDefault(name) <= 1)
        {
            OnnxTensorData.CopyInto(proto, destination);
            Forget(proto);
            return;
        }

        if (!IsConstant(name))
            throw Fail(node, $"its {role} (input {inputIndex}) must be constant (an initializer, or computed from initializers) to become a trainable parameter.");
        using var sameType = Constant(name).to(destination.dtype);
        destination.copy_(sameType.reshape(destination.shape));
    }

    /// <summary>Shape of a constant weight, needed to size a module before its data is copied.</summary>
    public long[] WeightShape(NodeProto node, int inputIndex, string role)
    {
        var name = inputIndex < node.Input.Count ? node.Input[inputIndex] : "";
        if (_initializers.TryGetValue(name, out var proto)) return OnnxTensorData.Shape(proto);
        return _constants.TryGetValue(name, out var value)
            ? value.shape
            : throw Fail(node, $"its {role} (input {inputIndex}) must be constant (an initializer, or computed from initializers) to become a trainable parameter.");
    }

    /// <summary>Whether <paramref name="name"/> is a floating-point constant: what a trainable weight can be made from.</summary>
    public bool IsFloatConstant(string name) =>
        _initializers.TryGetValue(name, out var proto)
            ? proto.DataType is (int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double
            : _constants.TryGetValue(name, out var value) && value.is_floating_point();

    /// <summary>A constant value as a CPU tensor, materialised once (the context keeps ownership).</summary>
    public Tensor Constant(string name)
    {
        if (_constants.TryGetValue(name, out var known)) return known;
        if (!_initializers.TryGetValue(name, out var proto))
            throw new KeyNotFoundException($"'{name}' is neither an initializer nor a Constant output.");
        var tensor = OnnxTensorData.ToTensor(proto);
        _constants[name] = tensor;
        Forget(proto);
        return tensor;
    }

    /// <summary>A constant a translator has read (e.g. a Reshape's shape), still held by the context.</summary>
    public bool TryGetMaterialized(string name, out Tensor tensor) => _constants.TryGetValue(name, out tensor!);

    /// <summary>Hands a constant over to the module that will hold it as a buffer.</summary>
    public Tensor TakeConstant(string name)
    {
        var tensor = Constant(name);
        _constants.Remove(name);
        return tensor;
    }

    /// <summary>Integer constant input (shape, axes, split sizes), or null when the input is absent.</summary>
    public long[]? OptionalInt64s(NodeProto node, int inputIndex)
    {
        if (inputIndex >= node.Input.Count || node.Input[inputIndex].Length == 0) return null;
        var name = node.Input[inputIndex];
        if (!IsConstant(name))
            throw Fail(node, $"input {inputIndex} ('{name}') must be constant; shapes computed at run time are not supported.");
        return OnnxTensorData.ToInt64s(Constant(name));
    }

    /// <summary>
    /// Drops a consumed initializer from the model too: protobuf keeps a cleared field's array, so the
    /// managed copy of the weights only becomes garbage once nothing references its TensorProto.
    /// </summary>
    private void Forget(TensorProto proto)
    {
        _initializers.Remove(proto.Name);
        _graph.Initializer.Remove(proto);
    }

    public void Dispose()
    {
        foreach (var tensor in _constants.Values) tensor.Dispose();
        _constants.Clear();
    }
}
