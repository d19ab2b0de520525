using Onnx;
using TLDeclarative.Onnx.Ops;

namespace TLDeclarative.Onnx;

/// <summary>The operators the importer knows, one translator per family.</summary>
internal static class OpTranslators
{
    private static readonly Dictionary<string, IOpTranslator> ByOpType = BuildTable(
        new ConvTranslator(),
        new BatchNormTranslator(),
        new PoolTranslator(),
        new ElementwiseTranslator(),
        new GemmTranslator(),
        new ShapeTranslator(),
        new JoinSplitTranslator(),
        new ConstantTranslator(),
        new ActivationTranslator(),
        new DropoutTranslator(),
        new LrnTranslator(),
        new PadTranslator(),
        new ReduceTranslator(),
        new ShapeArithmeticTranslator(),
        new LayerNormTranslator(),
        new RuntimeShapeTranslator());

    public static IEnumerable<string> Supported => ByOpType.Keys.Order(StringComparer.Ordinal);

    public static CompiledNode? Translate(NodeProto node, ImportContext context)
    {
        if (!string.IsNullOrEmpty(node.Domain) && node.Domain != "ai.onnx")
            throw context.Fail(node, $"operator domain '{node.Domain}' is not supported (only the default ONNX domain).");
        if (!ByOpType.TryGetValue(node.OpType, out var translator))
            throw context.Fail(node, $"operator {node.OpType} is not supported. Supported: {string.Join(", ", Supported)}.");
        return translator.Translate(node, context);
    }

    private static Dictionary<string, IOpTranslator> BuildTable(params IOpTranslator[] translators) =>
        translators.SelectMany(t => t.OpTypes.Select(op => (op, t))).ToDictionary(p => p.op, p => p.t, StringComparer.Ordinal);
}
