using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// Where a classification network is cut to become a feature extractor: a node the user names, or by
/// default the last spatial feature map before the global pooling / flatten / classifier. Both are
/// checked on real shapes: the graph is imported up to a probe point and run once on zeros of its
/// declared input size.
/// </summary>
internal static class OnnxCutPoint
{
    /// <summary>Ops that end the spatial part of a network: the cut lies before the nearest one to the output.</summary>
    private static readonly HashSet<string> SpatialCollapse = new(StringComparer.Ordinal)
    {
        "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Reshape", "Squeeze", "ReduceMean", "ReduceMax", "ReduceSum",
    };

    /// <summary>The value the cut module returns: the output of the named node, or the automatic cut.</summary>
    public static string Resolve(ModelProto model, string modelPath, string? cutNode, bool recoverSamePadding)
    {
        var graph = model.Graph;
        return cutNode is null
            ? Automatic(model, modelPath, recoverSamePadding)
            : Named(model, modelPath, cutNode, recoverSamePadding, graph);
    }

    private static string Named(ModelProto model, string modelPath, string cutNode, bool recoverSamePadding, GraphProto graph)
    {
        // A node name first; a value name (what Netron shows on edges) is accepted too.
        var node = graph.Node.FirstOrDefault(n => n.Name == cutNode) ?? graph.Node.FirstOrDefault(n => n.Output.Contains(cutNode));
        if (node is null)
        {
            var close = NameSuggestions.Closest(cutNode, graph.Node.Select(n => n.Name).Where(n => n.Length > 0));
            throw new OnnxImportException(
                $"'{modelPath}' has no node named '{cutNode}' to cut at." +
                (close.Count > 0 ? $" Close names: {string.Join(", ", close.Select(n => $"'{n}'"))}." : " The graph's nodes have no names."));
        }

        var value = node.Name == cutNode ? node.Output[0] : cutNode;
        var shapes = ProbeShapes(model, modelPath, value, recoverSamePadding);
        var shape = shapes.GetValueOrDefault(value);
        if (shape is not { Length: 4 })
        {
            throw new OnnxImportException(node.OpType, node.Name, modelPath,
                $"cannot cut here: its output '{value}' is {Describe(shape)} at the declared input size {Describe(DeclaredInputShape(graph, modelPath))}, not a 4-D feature map (N,C,H,W).");
        }

        return value;
    }

    private static string Automatic(ModelProto model, string modelPath, bool recoverSamePadding)
    {
        var graph = model.Graph;
        if (graph.Output.Count != 1)
            throw new OnnxImportException($"'{modelPath}' has {graph.Output.Count} outputs; name the cut node to choose the feature map.");

        var walk = DataPath(graph, graph.Output[0].Name);
        // A global pooling ends the spatial part for sure (ConvNeXt normalises channels-last after it, which
        // looks like a 4-D map); otherwise probe up to the collapse nearest the output: far enough to
        // contain the cut, short of the classifier.
        var collapse = walk.FindIndex(step => step.Node.OpType is "GlobalAveragePool" or "GlobalMaxPool");
        if (collapse < 0) collapse = walk.FindIndex(step => SpatialCollapse.Contains(step.Node.OpType));
        var probe = collapse >= 0 ? walk[collapse].Input : graph.Output[0].Name;
        var shapes = ProbeShapes(model, modelPath, probe, recoverSamePadding);

        var candidates = new List<string> { probe };
        candidates.AddRange(walk.Skip(collapse + 1).Select(step => step.Input));
        foreach (var value in candidates)
        {
            if (shapes.GetValueOrDefault(value) is { Length: 4 } shape && shape[2] * shape[3] > 1) return value;
        }

        if (ClassToken(walk, model, modelPath, recoverSamePadding) is { } token) return token;
        throw new OnnxImportException(
            $"'{modelPath}': found no 4-D feature map larger than 1x1 walking back from the output at the declared input size {Describe(DeclaredInputShape(graph, modelPath))}; name the cut node.");
    }

    /// <summary>
    /// A token-sequence network (ViT) has no spatial map after its patch embedding: its head reads the
    /// class token, a Gather of position 0 along the tokens of the encoder's (N, T, C) output. That
    /// (N, C) vector is the cut, as torchvision's own heads use it.
    /// </summary>
    private static string? ClassToken(List<(NodeProto Node, string Input)> walk, ModelProto model, string modelPath, bool recoverSamePadding)
    {
        var gather = walk.FirstOrDefault(step => step.Node.OpType == "Gather" && new NodeAttributes(step.Node).Int("axis", 0) == 1);
        if (gather.Node is null) return null;
        var value = gather.Node.Output[0];
        var shapes = ProbeShapes(model, modelPath, value, recoverSamePadding);
        return shapes.GetValueOrDefault(gather.Input) is { Length: 3 } && shapes.GetValueOrDefault(value) is { Length: 2 } ? value : null;
    }

    /// <summary>From <paramref name="output"/> back to the graph input, each node with the data input it was reached through.</summary>
    private static List<(NodeProto Node, string Input)> DataPath(GraphProto graph, string output)
    {
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var name in node.Output.Where(n => n.Length > 0)) producer[name] = node;
        }

        var constants = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        constants.UnionWith(graph.Node.Where(n => n.OpType == "Constant").SelectMany(n => n.Output));
        var path = new List<(NodeProto, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var value = output;
        while (visited.Add(value) && producer.TryGetValue(value, out var node))
        {
            var input = node.Input.FirstOrDefault(i => i.Length > 0 && !constants.Contains(i));
            if (input is null) break;
            path.Add((node, input));
            value = input;
        }

        return path;
    }

    /// <summary>Shape of every node's first output up to <paramref name="output"/> on zeros of the declared input size.</summary>
    public static Dictionary<string, long[]> ProbeShapes(ModelProto model, string modelPath, string output, bool recoverSamePadding)
    {
        // The import consumes initializers; the clone shares the immutable raw bytes, so it is cheap.
        using var module = OnnxImporter.Import(model.Clone(), modelPath,
            new OnnxImportOptions { OutputName = output, RecoverSamePadding = recoverSamePadding });
        return ProbeShapes(module, DeclaredInputShape(model.Graph, modelPath));
    }

    public static Dictionary<string, long[]> ProbeShapes(OnnxGraphModule module, long[] inputShape)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal) { [module.InputName] = inputShape };
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var dtype = module.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
            var device = module.parameters().FirstOrDefault()?.device ?? CPU;
            module.ForwardObserving(zeros(inputShape, dtype, device), (node, value) => shapes[module.Nodes[node].Outputs[0]] = value.shape);
        }
        finally
        {
            module.train(wasTraining);
        }

        return shapes;
    }

    /// <summary>
    /// The graph input's declared shape, with a free batch size read as 1 and free channel and spatial
    /// sizes as 3 and 224 (ImageNet), the sizes these networks are exported at.
    /// </summary>
    public static long[] DeclaredInputShape(GraphProto graph, string modelPath)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var input = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (input.Count != 1)
            throw new OnnxImportException($"'{modelPath}' has {input.Count} inputs; cut points are probed on single-input (image) graphs only. Name the output with {nameof(OnnxImportOptions)}.{nameof(OnnxImportOptions.OutputName)} instead.");
        var dims = input[0].Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count == 0) return [1, 3, 224, 224];
        if (dims.Count != 4)
            throw new OnnxImportException($"'{modelPath}': input '{input[0].Name}' has rank {dims.Count}; an image network takes (N,C,H,W).");
        return dims.Select((d, i) => d.DimValue > 0 ? d.DimValue : i switch { 0 => 1L, 1 => 3L, _ => 224L }).ToArray();
    }

    private static string Describe(long[]? shape) => shape is null ? "not computed" : $"[{string.Join(",", shape)}]";
}
