using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>Imports an ONNX graph as a trainable <see cref="OnnxGraphModule"/> (CPU; move it with .to()).</summary>
public static class OnnxImporter
{
    public static OnnxGraphModule Import(string modelPath, OnnxImportOptions? options = null) =>
        Import(OnnxModelFile.Load(modelPath), modelPath, options);

    /// <summary>
    /// Imports <paramref name="model"/>. Weights move into native tensors: each consumed initializer is
    /// removed from the model as it is copied (so its managed copy can be collected at once), so the
    /// model should not be imported or saved again afterwards.
    /// </summary>
    public static OnnxGraphModule Import(ModelProto model, string modelPath, OnnxImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxImportOptions();
        var graph = model.Graph;
        var inputs = Inputs(graph, modelPath);
        var output = Output(model, modelPath, options);

        using var context = new ImportContext(model, modelPath);
        var nodes = new List<CompiledNode>();
        foreach (var node in GraphPlanner.Plan(graph, output, modelPath))
        {
            if (OpTranslators.Translate(node, context) is not { } compiled) continue;
            if (IsFoldable(compiled, context)) Fold(compiled, context);
            else nodes.Add(compiled.Info.Module is null ? NodeWeights.Attach(compiled, context) : compiled);
        }

        var inputNames = inputs.Select(i => i.Name).ToArray();
        var constants = RuntimeConstants(nodes, inputNames, context, modelPath);
        var module = new OnnxGraphModule(modelPath, inputNames, output, nodes, constants)
        {
            Opset = context.Opset,
            TranslationConstants = TranslationConstants(nodes, context),
        };
        // Padding rules belong to image networks, whose one input has the declared image size.
        if (options.RecoverSamePadding && inputs.Count == 1) SamePaddingRecovery.Apply(module, nodes, graph, inputs[0]);
        return module;
    }

    private static string Output(ModelProto model, string modelPath, OnnxImportOptions options)
    {
        var ways = (options.OutputName is null ? 0 : 1) + (options.Cut is null ? 0 : 1) + (options.AutoCut ? 1 : 0);
        if (ways > 1)
            throw new ArgumentException($"{nameof(OnnxImportOptions)}: set at most one of {nameof(OnnxImportOptions.OutputName)}, {nameof(OnnxImportOptions.Cut)} and {nameof(OnnxImportOptions.AutoCut)}.", nameof(options));
        if (options.Cut is not null || options.AutoCut)
            return OnnxCutPoint.Resolve(model, modelPath, options.Cut, options.RecoverSamePadding);
        return options.OutputName ?? SingleOutput(model.Graph, modelPath);
    }

    /// <summary>A node without weights whose inputs are all constants computes a constant (shape arithmetic, mostly).</summary>
    private static bool IsFoldable(CompiledNode node, ImportContext context) =>
        node.Info.Module is null && node.Padding is null && node.Info.Inputs.Count > 0 && node.Info.Inputs.All(context.IsConstant);

    private static void Fold(CompiledNode node, ImportContext context)
    {
        var outputs = node.Run(node.Info.Inputs.Select(context.Constant).ToList());
        for (var k = 0; k < outputs.Length; k++)
        {
            var name = k < node.Info.Outputs.Count ? node.Info.Outputs[k] : "";
            if (name.Length == 0) outputs[k].Dispose();
            else context.AddConstant(name, outputs[k]);
        }
    }

    /// <summary>The graph's run-time inputs in declared order (a BERT export: input_ids, attention_mask, token_type_ids).</summary>
    private static List<ValueInfoProto> Inputs(GraphProto graph, string modelPath)
    {
        // Before IR 4, initializers were also listed as graph inputs.
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        return inputs.Count > 0
            ? inputs
            : throw new OnnxImportException($"'{modelPath}' declares no run-time input (every graph input is an initializer).");
    }

    private static string SingleOutput(GraphProto graph, string modelPath) =>
        graph.Output.Count == 1
            ? graph.Output[0].Name
            : throw new OnnxImportException($"'{modelPath}' has {graph.Output.Count} outputs; name one in {nameof(OnnxImportOptions)}.{nameof(OnnxImportOptions.OutputName)}.");

    /// <summary>Constant inputs translators consumed at import (not run-time inputs), as protos for the exporter.</summary>
    private static Dictionary<string, TensorProto> TranslationConstants(List<CompiledNode> nodes, ImportContext context)
    {
        var kept = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => n.Source is not null))
        {
            foreach (var name in node.Source!.Input.Where(n => n.Length > 0 && !node.Info.Inputs.Contains(n)))
            {
                if (!kept.ContainsKey(name) && context.TryGetMaterialized(name, out var value))
                    kept[name] = OnnxTensorData.ToProto(name, value);
            }
        }

        return kept;
    }

    /// <summary>Constants read at run time (not folded into modules), checking every input has a source.</summary>
    private static Dictionary<string, Tensor> RuntimeConstants(List<CompiledNode> nodes, string[] inputNames, ImportContext context, string modelPath)
    {
        var available = new HashSet<string>(inputNames, StringComparer.Ordinal);
        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var name in node.Info.Inputs.Where(n => !available.Contains(n)))
            {
                if (!context.IsConstant(name))
                    throw new OnnxImportException(node.Info.OpType, node.Info.Name, modelPath, $"its input '{name}' is produced by no node.");
                constants[name] = context.TakeConstant(name);
                available.Add(name);
            }

            available.UnionWith(node.Info.Outputs);
        }

        return constants;
    }
}
