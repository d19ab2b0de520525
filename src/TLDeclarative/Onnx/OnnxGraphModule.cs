using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// An imported ONNX graph as a trainable TorchSharp module: weights are registered parameters of
/// Conv2d/BatchNorm2d/Linear submodules (named after their ONNX nodes), other constants are buffers,
/// and <see cref="forward(Tensor)"/> runs the nodes in topological order. A graph with several inputs
/// (a BERT export: input_ids, attention_mask, token_type_ids) runs with
/// <see cref="forward(IReadOnlyDictionary{string, Tensor})"/>, one tensor per input name.
/// </summary>
public sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    private readonly CompiledNode[] _nodes;
    private readonly Dictionary<string, string> _bufferNameByValue = new(StringComparer.Ordinal);
    private readonly string[][] _releaseAfter;

    internal OnnxGraphModule(string modelPath, IReadOnlyList<string> inputNames, string outputName,
        IReadOnlyList<CompiledNode> nodes, IReadOnlyDictionary<string, Tensor> constants)
        : base(nameof(OnnxGraphModule))
    {
        ModelPath = modelPath;
        InputNames = [.. inputNames];
        OutputName = outputName;
        _nodes = [.. nodes];
        Nodes = _nodes.Select(n => n.Info).ToArray();

        var names = new ComponentNames();
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i].Info.Module is { } module)
                register_module(names.Claim(_nodes[i].Info.Name, $"{_nodes[i].Info.OpType}_{i}"), module);
        }

        foreach (var (value, tensor) in constants)
        {
            var bufferName = names.Claim(value, "constant");
            register_buffer(bufferName, tensor);
            _bufferNameByValue[value] = bufferName;
        }

        _releaseAfter = PlanReleases();
    }

    /// <summary>The file the graph came from.</summary>
    public string ModelPath { get; }

    /// <summary>The graph's run-time inputs, in the order the file declares them.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The ONNX value fed by <see cref="forward(Tensor)"/>'s argument; only single-input graphs have one.</summary>
    public string InputName => InputNames.Count == 1
        ? InputNames[0]
        : throw new InvalidOperationException(
            $"'{ModelPath}' has {InputNames.Count} inputs ({string.Join(", ", InputNames)}); feed them by name with forward(IReadOnlyDictionary<string, Tensor>).");

    /// <summary>The ONNX value <see cref="forward"/> returns (a cut point when it is not a graph output).</summary>
    public string OutputName { get; }

    /// <summary>The imported nodes in execution order, with their trainable modules.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The default-domain opset of the file: the exporter writes the nodes back under it.</summary>
    internal long Opset { get; init; }

    /// <summary>Constants translators read at import (Reshape shapes, Slice bounds), kept so the nodes can be exported.</summary>
    internal IReadOnlyDictionary<string, TensorProto> TranslationConstants { get; init; } = new Dictionary<string, TensorProto>();

    /// <summary>The compiled nodes in execution order (source node, padding rule): what the exporter walks.</summary>
    internal IReadOnlyList<CompiledNode> CompiledNodes => _nodes;

    /// <summary>The buffer holding constant <paramref name="value"/> (an initializer read at run time), if any.</summary>
    internal Tensor? RuntimeConstant(string value) =>
        _bufferNameByValue.TryGetValue(value, out var bufferName) ? get_buffer(bufferName) : null;

    public override Tensor forward(Tensor input) => Execute(Single(input), calibrate: false);

    /// <summary>
    /// Runs a graph with one tensor per input name (every one of <see cref="InputNames"/>, nothing else):
    /// e.g. int64 input_ids, attention_mask and token_type_ids, each (batch, tokens). The tensors are the
    /// caller's: the run leaves them alive.
    /// </summary>
    public Tensor forward(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var missing = InputNames.Where(n => !inputs.ContainsKey(n)).ToList();
        var unknown = inputs.Keys.Where(n => !InputNames.Contains(n)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"'{ModelPath}' takes inputs [{string.Join(", ", InputNames)}]; "
                + (missing.Count > 0 ? $"missing [{string.Join(", ", missing)}]" : "")
                + (missing.Count > 0 && unknown.Count > 0 ? ", " : "")
                + (unknown.Count > 0 ? $"unknown [{string.Join(", ", unknown)}]" : "") + ".",
                nameof(inputs));
        }

        return Execute(inputs, calibrate: false);
    }

    private Dictionary<string, Tensor> Single(Tensor input) => new(StringComparer.Ordinal) { [InputName] = input };

    /// <summary>One pass at the graph's declared input size that lets padding rules learn that size.</summary>
    internal void Calibrate(Tensor sampleAtDeclaredSize)
    {
        using var output = Execute(Single(sampleAtDeclaredSize), calibrate: true);
    }

    /// <summary>
    /// <see cref="forward"/> that also hands every node's first output to <paramref name="nodeOutput"/>
    /// (node index in <see cref="Nodes"/>, tensor) as soon as it is computed, before it may be released.
    /// </summary>
    internal Tensor ForwardObserving(Tensor input, Action<int, Tensor> nodeOutput) => Execute(Single(input), calibrate: false, nodeOutput);

    /// <summary>
    /// The values produced by nodes 0..<paramref name="lastNode"/> (or the graph input) that a later node reads:
    /// what a run starting after <paramref name="lastNode"/> needs besides constants. A residual skip that
    /// jumps over the boundary shows up here next to the boundary node's own output.
    /// </summary>
    internal IReadOnlyList<string> ValuesCrossing(int lastNode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastNode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lastNode, _nodes.Length);
        var produced = new HashSet<string>(InputNames, StringComparer.Ordinal);
        for (var i = 0; i <= lastNode; i++) produced.UnionWith(_nodes[i].Info.Outputs.Where(o => o.Length > 0));
        var crossing = new List<string>();
        for (var i = lastNode + 1; i < _nodes.Length; i++)
        {
            foreach (var name in _nodes[i].Info.Inputs)
            {
                if (produced.Contains(name) && !crossing.Contains(name)) crossing.Add(name);
            }
        }

        return crossing;
    }

    /// <summary>Runs nodes 0..<paramref name="lastNode"/> and returns that node's first output (what <see cref="ForwardObserving"/> reports for it).</summary>
    internal Tensor ForwardUntil(Tensor input, int lastNode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastNode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lastNode, _nodes.Length);
        return Execute(Single(input), calibrate: false, stopAfter: lastNode);
    }

    /// <summary>
    /// Runs nodes after <paramref name="lastNode"/> with <paramref name="value"/> as that node's first output, and
    /// returns what <see cref="forward"/> returns. Valid only when that output is the sole value crossing the
    /// boundary (<see cref="ValuesCrossing"/>); <paramref name="value"/> itself is left alive for the caller.
    /// </summary>
    internal Tensor ForwardAfter(int lastNode, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var crossing = ValuesCrossing(lastNode);
        var outputs = _nodes[lastNode].Info.Outputs;
        var boundary = outputs.Count > 0 ? outputs[0] : "";
        if (crossing.Count != 1 || crossing[0] != boundary)
        {
            throw new NotSupportedException(
                $"'{ModelPath}': a run cannot start after node '{_nodes[lastNode].Info.Name}': the later nodes read [{string.Join(", ", crossing)}], not just its output '{boundary}'.");
        }

        // A run from the middle gets an alias: the release plan disposes the boundary value after its last reader.
        return Execute(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [boundary] = value.alias() }, calibrate: false, firstNode: lastNode + 1);
    }

    private Tensor Execute(IReadOnlyDictionary<string, Tensor> inputs, bool calibrate, Action<int, Tensor>? nodeOutput = null, int stopAfter = -1, int firstNode = 0)
    {
        var values = new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal);
        foreach (var (value, bufferName) in _bufferNameByValue)
            values[value] = get_buffer(bufferName)!; // looked up per call: .to(device) replaces buffers

        var arguments = new List<Tensor>(4);
        var last = stopAfter >= 0 ? stopAfter : _nodes.Length - 1;
        for (var i = firstNode; i <= last; i++)
        {
            var node = _nodes[i];
            arguments.Clear();
            foreach (var name in node.Info.Inputs) arguments.Add(values[name]);
            if (calibrate) node.Padding?.Calibrate(arguments[0].shape.AsSpan(2));

            var outputs = node.Run(arguments);
            if (nodeOutput is not null && outputs.Length > 0) nodeOutput(i, outputs[0]);
            for (var k = 0; k < outputs.Length; k++)
            {
                var name = k < node.Info.Outputs.Count ? node.Info.Outputs[k] : "";
                if (name.Length == 0) outputs[k].Dispose();
                else values[name] = outputs[k];
            }

            // Dead intermediates go now, not at the end of the caller's scope: peak memory stays low.
            foreach (var dead in _releaseAfter[i])
            {
                if (values.Remove(dead, out var tensor)) tensor.Dispose();
            }
        }

        if (stopAfter < 0)
            return values[OutputName];

        // Stopped early: keep the boundary node's output, drop the intermediates a full run would release later.
        var result = values[_nodes[stopAfter].Info.Outputs[0]];
        foreach (var (name, tensor) in values)
        {
            if (!inputs.ContainsKey(name) && !_bufferNameByValue.ContainsKey(name) && !ReferenceEquals(tensor, result)) tensor.Dispose();
        }

        return result;
    }

    /// <summary>For each node, the intermediates whose last reader it is.</summary>
    private string[][] PlanReleases()
    {
        var lastReader = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Length; i++)
        {
            foreach (var name in _nodes[i].Info.Inputs) lastReader[name] = i;
        }

        var releases = Enumerable.Range(0, _nodes.Length).Select(_ => new List<string>()).ToArray();
        for (var i = 0; i < _nodes.Length; i++)
        {
            foreach (var name in _nodes[i].Info.Outputs.Where(o => o.Length > 0 && o != OutputName))
                releases[lastReader.GetValueOrDefault(name, i)].Add(name);
        }

        return releases.Select(r => r.ToArray()).ToArray();
    }
}
