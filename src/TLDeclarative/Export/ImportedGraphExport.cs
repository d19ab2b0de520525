using Onnx;
using TLDeclarative.Backbones;
using TLDeclarative.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Export;

/// <summary>
/// Writes an imported graph (<see cref="OnnxGraphModule"/>) back as ONNX: the file's own nodes up to
/// the cut, under the file's opset, with the module's CURRENT weights and BatchNorm running statistics
/// as initializers (not the file's), and Conv/Pool pads resolved for the exported image size.
/// </summary>
public static class ImportedGraphExport
{
    /// <summary>
    /// Appends <paramref name="graph"/>'s nodes reading <paramref name="input"/>; returns the name of the
    /// value the graph's forward returns.
    /// </summary>
    public static string Append(OnnxGraphWriter writer, OnnxGraphModule graph, string input, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrEmpty(input);
        writer.UseOpset(graph.Opset, $"The graph imported from '{graph.ModelPath}'");
        var shapes = InputShapes(graph, height, width);
        var emitter = new NodeEmitter(writer, graph, input, shapes);
        foreach (var node in graph.CompiledNodes) emitter.Emit(node);
        return emitter.Value(graph.OutputName);
    }

    /// <summary>
    /// The shape of every value a node produces first, for one image of the exported size: pads of
    /// SAME rules (and of CNTK's pads recovered as SAME) depend on each Conv/Pool's input size.
    /// </summary>
    private static Dictionary<string, long[]> InputShapes(OnnxGraphModule graph, int height, int width)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal) { [graph.InputName] = [1, 3, height, width] };
        InferenceProbe.Run(graph, () =>
        {
            using var scope = NewDisposeScope();
            var like = graph.parameters().FirstOrDefault();
            var zero = zeros([1, 3, height, width], dtype: like?.dtype ?? ScalarType.Float32, device: like?.device ?? CPU);
            graph.ForwardObserving(zero, (index, value) =>
            {
                var outputs = graph.Nodes[index].Outputs;
                if (outputs.Count > 0 && outputs[0].Length > 0) shapes[outputs[0]] = value.shape;
            });
            return 0;
        });
        return shapes;
    }

    /// <summary>Writes nodes one at a time, renaming values that clash with names already in the graph.</summary>
    private sealed class NodeEmitter(OnnxGraphWriter writer, OnnxGraphModule graph, string input, Dictionary<string, long[]> shapes)
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal) { [graph.InputName] = input };

        /// <summary>The exported name of an imported value; constants are written as initializers on first use.</summary>
        public string Value(string name)
        {
            if (name.Length == 0) return name;
            if (_names.TryGetValue(name, out var known)) return known;
            if (graph.RuntimeConstant(name) is { } buffer)
                return _names[name] = writer.AddInitializer(name, buffer);
            if (graph.TranslationConstants.TryGetValue(name, out var proto))
                return _names[name] = writer.AddInitializer(name, proto);
            throw new InvalidOperationException($"'{graph.ModelPath}': value '{name}' is read before any node produces it.");
        }

        public void Emit(CompiledNode node)
        {
            var source = node.Source ?? throw new NotSupportedException($"Node '{node.Info.Name}' ({node.Info.OpType}) of '{graph.ModelPath}' was compiled without its source node (CompiledNode.Source), so it cannot be exported.");
            var copy = source.Clone();
            copy.Output.Clear();
            copy.Output.AddRange(source.Output.Select(o => o.Length == 0 ? o : _names[o] = writer.Claim(o)));
            copy.Input.Clear();

            switch (node.Info.Module)
            {
                case null:
                    copy.Input.AddRange(source.Input.Select(Value));
                    break;
                case NodeWeights weights:
                    copy.Input.AddRange(source.Input.Select(name => weights.For(name) is { } weight ? writer.AddInitializer(name, weight) : Value(name)));
                    break;
                case Conv2d conv when source.OpType == "Conv":
                    copy.Input.Add(Value(source.Input[0]));
                    copy.Input.Add(writer.AddInitializer(source.Input[1], conv.weight));
                    if (conv.bias is { } bias) copy.Input.Add(writer.AddInitializer(source.Input[2], bias));
                    break;
                case BatchNorm2d norm when source.OpType == "BatchNormalization":
                    copy.Input.Add(Value(source.Input[0]));
                    copy.Input.Add(writer.AddInitializer(source.Input[1], norm.weight!));
                    copy.Input.Add(writer.AddInitializer(source.Input[2], norm.bias!));
                    copy.Input.Add(writer.AddInitializer(source.Input[3], norm.running_mean!));
                    copy.Input.Add(writer.AddInitializer(source.Input[4], norm.running_var!));
                    break;
                case Linear linear when source.OpType == "Gemm":
                    // The importer folded alpha, beta and transB into the Linear: write it back as (out,in) with transB=1.
                    copy.Input.Add(Value(source.Input[0]));
                    copy.Input.Add(writer.AddInitializer(source.Input[1], linear.weight));
                    copy.Input.Add(linear.bias is { } b
                        ? writer.AddInitializer(source.Input.Count > 2 && source.Input[2].Length > 0 ? source.Input[2] : source.Name + "_bias", b)
                        : writer.AddInitializer(source.Name + "_bias", new float[linear.out_features], linear.out_features));
                    Replace(copy, OnnxGraphWriter.FloatAttribute("alpha", 1f), OnnxGraphWriter.FloatAttribute("beta", 1f), OnnxGraphWriter.IntAttribute("transB", 1));
                    break;
                default:
                    throw new NotSupportedException(
                        $"Node '{source.Name}' ({source.OpType}) of '{graph.ModelPath}' holds its weights in a {node.Info.Module.GetType().Name}, which the ONNX exporter cannot write back yet.");
            }

            if (node.Padding is { } padding)
            {
                var inputShape = shapes.GetValueOrDefault(source.Input[0])
                    ?? throw new NotSupportedException($"Node '{source.Name}' ({source.OpType}) of '{graph.ModelPath}': the size of its input '{source.Input[0]}' is unknown, so its padding cannot be exported.");
                // Explicit pads valid at the exported size replace auto_pad and pads computed for another size.
                Replace(copy, OnnxGraphWriter.TextAttribute("auto_pad", "NOTSET"), OnnxGraphWriter.IntsAttribute("pads", padding.OnnxPads(inputShape.AsSpan(2))));
            }

            writer.AddNode(copy);
        }

        private static void Replace(NodeProto node, params AttributeProto[] attributes)
        {
            foreach (var attribute in attributes)
            {
                var existing = node.Attribute.Where(a => a.Name == attribute.Name).ToList();
                foreach (var old in existing) node.Attribute.Remove(old);
                node.Attribute.Add(attribute);
            }
        }
    }
}
