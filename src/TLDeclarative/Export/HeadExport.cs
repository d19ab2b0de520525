using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Export;

/// <summary>
/// Writes a head built of the layers specs produce (global pooling, Flatten, Dropout, Linear, ReLU) as
/// ONNX nodes. Dropout is left out: the export is for inference, where it does nothing.
/// </summary>
internal static class HeadExport
{
    /// <summary>Appends the head reading <paramref name="features"/>; returns the logits and the last Linear's width.</summary>
    public static (string Logits, long Outputs) Append(OnnxGraphWriter writer, nn.Module<Tensor, Tensor> head, string features)
    {
        var layers = head is Sequential sequential
            ? sequential.named_children().Select(c => (c.name, c.module)).ToList()
            : [("head", head)];
        var value = features;
        long outputs = -1;
        foreach (var (name, layer) in layers)
        {
            switch (layer)
            {
                case AdaptiveAvgPool2d when IsGlobal(layer):
                    value = writer.AddNode("GlobalAveragePool", name, value);
                    break;
                case AdaptiveMaxPool2d when IsGlobal(layer):
                    value = writer.AddNode("GlobalMaxPool", name, value);
                    break;
                case Flatten when FlattensAfterBatch(layer):
                    value = writer.AddNode("Flatten", name, value, OnnxGraphWriter.IntAttribute("axis", 1));
                    break;
                case Dropout or Identity:
                    break;
                case ReLU:
                    value = writer.AddNode("Relu", name, value);
                    break;
                case Linear linear:
                    var weight = writer.AddInitializer(name + "_weight", linear.weight);
                    var bias = linear.bias is { } b
                        ? writer.AddInitializer(name + "_bias", b)
                        : writer.AddInitializer(name + "_bias", new float[linear.out_features], linear.out_features);
                    value = writer.AddNode("Gemm", name, [value, weight, bias], OnnxGraphWriter.IntAttribute("transB", 1));
                    outputs = linear.out_features;
                    break;
                default:
                    throw new NotSupportedException(
                        $"Head layer '{name}' ({layer.GetType().Name}) cannot be exported to ONNX: supported are global average/max pooling (output 1x1), Flatten, Dropout, Linear and ReLU.");
            }
        }

        return outputs > 0
            ? (value, outputs)
            : throw new NotSupportedException("The head has no Linear layer, so its output width is unknown; it cannot be exported to ONNX.");
    }

    /// <summary>Adaptive pooling is global only with a 1x1 output: checked by running it, as TorchSharp does not expose the size.</summary>
    private static bool IsGlobal(nn.Module layer)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = ((nn.Module<Tensor, Tensor>)layer).call(zeros(1, 2, 5, 7));
        return output.shape.SequenceEqual(new long[] { 1, 2, 1, 1 });
    }

    /// <summary>ONNX Flatten(axis=1) keeps the batch and joins the rest: nn.Flatten's default (start 1, end -1).</summary>
    private static bool FlattensAfterBatch(nn.Module layer)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = ((nn.Module<Tensor, Tensor>)layer).call(zeros(2, 3, 4, 5));
        return output.shape.SequenceEqual(new long[] { 2, 60 });
    }
}
