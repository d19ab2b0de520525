using TLDeclarative.Backbones.TorchVision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Export;

/// <summary>
/// Writes a <see cref="TorchVisionBackbone"/> of the resnet, vgg or alexnet family as ONNX nodes, in
/// inference mode (BatchNorm on its running statistics), with the current weights. These networks are
/// plain chains of Conv2d, BatchNorm2d, ReLU and MaxPool2d, plus ResNet's residual blocks, so every
/// module maps to one ONNX node. Other families are refused: their forward does work the module tree
/// does not show (mobilenet's conditional skip connections, googlenet's and inception's branch
/// concatenation and input transform), so walking their modules would write a different network.
/// </summary>
internal static class TorchVisionOnnxExport
{
    /// <summary>Architecture name prefixes this writer covers.</summary>
    private static readonly string[] Families = ["resnet", "vgg", "alexnet"];

    private static readonly string[] KnownBlockChildren = ["conv1", "bn1", "relu1", "conv2", "bn2", "relu2", "conv3", "bn3", "downsample"];
    private static readonly string[] RequiredBlockChildren = ["conv1", "bn1", "conv2", "bn2"];

    /// <summary>Whether <paramref name="architecture"/> can be written (see <see cref="Append"/>).</summary>
    public static bool Supports(string architecture) =>
        Families.Any(f => architecture.StartsWith(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>Appends the backbone's forward from <paramref name="input"/> (ImageNet-normalised); returns the feature map's name.</summary>
    /// <exception cref="NotSupportedException">The architecture is not of a supported family, or holds a layer this writer does not know.</exception>
    public static string Append(OnnxGraphWriter writer, string architecture, IEnumerable<(string Path, nn.Module Module)> steps, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(steps);
        if (!Supports(architecture))
        {
            throw new NotSupportedException(
                $"TorchVision backbone {architecture} cannot be exported to ONNX yet: only the resnet, vgg and alexnet families are written as ONNX nodes. "
                + "mobilenet's inverted-residual skip connections, googlenet's and inception_v3's concatenated branches and input transform are not visible "
                + "in the module tree, so they need a writer of their own.");
        }

        var value = input;
        foreach (var (path, module) in steps)
            value = Module(writer, path, module, value);
        return value;
    }

    private static string Module(OnnxGraphWriter writer, string path, nn.Module module, string input)
    {
        var name = path.Replace('.', '_');
        switch (module)
        {
            case Conv2d conv:
                return Convolution(writer, name, conv, input);
            case BatchNorm2d norm:
                return BatchNorm(writer, name, norm, input);
            case ReLU:
                return writer.AddNode("Relu", name, input);
            case MaxPool2d pool:
                return MaxPool(writer, name, pool, input);
            case Dropout or Identity:
                return input;
            case Sequential sequential:
                var value = input;
                foreach (var (child, childModule) in sequential.named_children())
                    value = Module(writer, $"{path}.{child}", childModule, value);
                return value;
            default:
                var typeName = module.GetType().Name;
                if (typeName is "BasicBlock" or "Bottleneck")
                    return ResidualBlock(writer, path, module, input);
                throw new NotSupportedException(
                    $"TorchVision module '{path}' ({typeName}) cannot be exported to ONNX: supported are Conv2d, BatchNorm2d, ReLU, MaxPool2d, Dropout, Sequential and ResNet's BasicBlock/Bottleneck.");
        }
    }

    /// <summary>
    /// torchvision's BasicBlock (conv1-bn1-relu-conv2-bn2) and Bottleneck (… -relu-conv3-bn3), plus the
    /// input or its downsample (1x1 conv + BatchNorm), then ReLU: their forward, which the module tree does not show.
    /// </summary>
    private static string ResidualBlock(OnnxGraphWriter writer, string path, nn.Module block, string input)
    {
        var children = block.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        var unknown = children.Keys.Except(KnownBlockChildren).ToList();
        if (unknown.Count > 0 || RequiredBlockChildren.Except(children.Keys).Any())
        {
            throw new NotSupportedException(
                $"TorchVision block '{path}' ({block.GetType().Name}) has the children {string.Join(", ", children.Keys)}; the ONNX writer knows torchvision 0.107's ResNet blocks ({string.Join(", ", KnownBlockChildren)}).");
        }

        var name = path.Replace('.', '_');
        var x = writer.AddNode("Relu", $"{name}_relu1", Module(writer, $"{path}.bn1", children["bn1"], Module(writer, $"{path}.conv1", children["conv1"], input)));
        x = Module(writer, $"{path}.bn2", children["bn2"], Module(writer, $"{path}.conv2", children["conv2"], x));
        if (children.TryGetValue("conv3", out var conv3))
        {
            x = writer.AddNode("Relu", $"{name}_relu2", x);
            x = Module(writer, $"{path}.bn3", children["bn3"], Module(writer, $"{path}.conv3", conv3, x));
        }

        var identity = children.TryGetValue("downsample", out var downsample) ? Module(writer, $"{path}.downsample", downsample, input) : input;
        var sum = writer.AddNode("Add", $"{name}_add", [x, identity]);
        return writer.AddNode("Relu", $"{name}_relu", sum);
    }

    private static string Convolution(OnnxGraphWriter writer, string name, Conv2d conv, string input)
    {
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding is not { Length: 2 } padding)
            throw new NotSupportedException($"Convolution '{name}' uses padding mode {conv.padding_mode} / {conv.padding_type?.ToString() ?? "explicit"} padding; the ONNX writer supports explicit zero padding only.");
        var inputs = new List<string> { input, writer.AddInitializer(name + "_weight", conv.weight) };
        if (conv.bias is { } bias) inputs.Add(writer.AddInitializer(name + "_bias", bias));
        return writer.AddNode("Conv", name, inputs,
            OnnxGraphWriter.IntsAttribute("kernel_shape", conv.kernel_size),
            OnnxGraphWriter.IntsAttribute("strides", conv.stride),
            OnnxGraphWriter.IntsAttribute("pads", [padding[0], padding[1], padding[0], padding[1]]),
            OnnxGraphWriter.IntsAttribute("dilations", conv.dilation),
            OnnxGraphWriter.IntAttribute("group", conv.groups));
    }

    /// <summary>Inference-mode BatchNorm: the running statistics, as the exported model is for prediction.</summary>
    private static string BatchNorm(OnnxGraphWriter writer, string name, BatchNorm2d norm, string input)
    {
        if (norm.running_mean is not { } mean || norm.running_var is not { } variance)
            throw new NotSupportedException($"BatchNorm '{name}' keeps no running statistics (track_running_stats false), so it has no inference-mode form to export.");
        var channels = norm.num_features;
        var scale = norm.affine ? writer.AddInitializer(name + "_scale", norm.weight) : writer.AddInitializer(name + "_scale", Enumerable.Repeat(1f, (int)channels).ToArray(), channels);
        var shift = norm.affine && norm.bias is { } bias ? writer.AddInitializer(name + "_bias", bias) : writer.AddInitializer(name + "_bias", new float[channels], channels);
        return writer.AddNode("BatchNormalization", name,
            [input, scale, shift, writer.AddInitializer(name + "_mean", mean), writer.AddInitializer(name + "_var", variance)],
            OnnxGraphWriter.FloatAttribute("epsilon", (float)norm.eps));
    }

    private static string MaxPool(OnnxGraphWriter writer, string name, MaxPool2d pool, string input)
    {
        var padding = pool.padding ?? [0, 0];
        return writer.AddNode("MaxPool", name, input,
            OnnxGraphWriter.IntsAttribute("kernel_shape", pool.kernel_size),
            OnnxGraphWriter.IntsAttribute("strides", pool.stride ?? pool.kernel_size),
            OnnxGraphWriter.IntsAttribute("pads", [padding[0], padding[1], padding[0], padding[1]]),
            OnnxGraphWriter.IntsAttribute("dilations", pool.dilation ?? [1, 1]),
            OnnxGraphWriter.IntAttribute("ceil_mode", pool.ceil_mode ? 1 : 0));
    }
}
