using Onnx;
using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// What ResNetPreprocess.onnx does, read from the file rather than assumed: its input is RGB, CHW,
/// on the 0..255 scale (ML.NET's pixel extractor); it Splits the channels, Concats them in another
/// order (BGR) and Subtracts a mean image of the declared size.
/// </summary>
internal sealed record MeanImagePreprocessing(long[] ChannelOrder, Tensor MeanImage)
{
    /// <summary>Our pipeline gives [0,1]; the graph expects 0..255.</summary>
    public const float InputScale = 255f;

    public static MeanImagePreprocessing Read(string path)
    {
        var graph = OnnxModelFile.Load(path).Graph;
        var input = graph.Input.Single(i => graph.Initializer.All(t => t.Name != i.Name)).Name;
        var split = SingleNode(graph, "Split", path);
        var concat = SingleNode(graph, "Concat", path);
        var subtract = SingleNode(graph, "Sub", path);
        if (graph.Node.Count != 3 || split.Input[0] != input || !IsChannelAxis(split) || !IsChannelAxis(concat)
            || subtract.Input[0] != concat.Output[0] || subtract.Output[0] != graph.Output[0].Name)
            throw Unexpected(path, "expected exactly Split(channels) -> Concat(channels) -> Sub(mean image).");

        // Output channel k of the Concat is input channel order[k] of the Split.
        var order = concat.Input.Select(name => (long)split.Output.IndexOf(name)).ToArray();
        if (order.Length != 3 || order.Order().Select((c, i) => c != i).Any(wrong => wrong))
            throw Unexpected(path, "the Concat does not reorder the three split channels.");

        var mean = graph.Initializer.SingleOrDefault(t => t.Name == subtract.Input[1])
            ?? throw Unexpected(path, "the subtracted value is not an initializer.");
        var meanImage = OnnxTensorData.ToTensor(mean);
        if (meanImage.ndim != 4 || meanImage.shape[0] != 1 || meanImage.shape[1] != 3)
            throw Unexpected(path, $"the mean image has shape [{string.Join(",", meanImage.shape)}], expected [1,3,H,W].");
        return new MeanImagePreprocessing(order, meanImage);
    }

    private static NodeProto SingleNode(GraphProto graph, string opType, string path) =>
        graph.Node.SingleOrDefault(n => n.OpType == opType) ?? throw Unexpected(path, $"no single {opType} node.");

    private static bool IsChannelAxis(NodeProto node) => new NodeAttributes(node).Int("axis", 0) == 1;

    private static InvalidDataException Unexpected(string path, string problem) =>
        new($"'{path}' is not the ResNet preprocessing graph this code understands: {problem}");
}
