using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones.TorchVision;

/// <summary>
/// How one TorchVision architecture becomes a <see cref="Backbone"/>: which of the network's modules
/// form each named stage (in forward order), and which top-level modules are the original classifier.
/// </summary>
/// <param name="Name">Catalogue name, as torchvision spells the builder (resnet18, mobilenet_v2, ...).</param>
/// <param name="Create">Builds the TorchVision network with its own random initialisation.</param>
/// <param name="StageNames">Stage names in forward order.</param>
/// <param name="Layout">Per stage, the paths of the modules it runs in order (<c>layer1</c>, <c>features.3</c>).</param>
/// <param name="ClassifierRoots">Top-level modules dropped with the classifier; their keys in a weight file are skipped.</param>
/// <param name="OutputChannels">Channels of the last feature map.</param>
/// <param name="TransformsInput">
/// True for googlenet and inception_v3: torchvision builds their ImageNet models with
/// <c>transform_input=True</c>, which turns ImageNet-normalised input into the (x - 0.5) / 0.5 those
/// weights were trained on. Done here too, so every architecture takes the same ImageNet preprocessing.
/// </param>
public sealed record TorchVisionArchitecture(
    string Name,
    Func<nn.Module> Create,
    IReadOnlyList<string> StageNames,
    Func<nn.Module, IReadOnlyList<IReadOnlyList<string>>> Layout,
    IReadOnlyList<string> ClassifierRoots,
    int OutputChannels,
    bool TransformsInput = false)
{
    /// <summary>Paths <c>root.first</c> .. <c>root.last</c> (inclusive): children of a Sequential by index.</summary>
    internal static IReadOnlyList<string> Range(string root, int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(i => $"{root}.{i}").ToArray();

    /// <summary>
    /// Splits the Sequential <paramref name="root"/> after each of its MaxPool2d layers: VGG's and
    /// AlexNet's convolution blocks, each ending with the pooling that halves the resolution.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<string>> BlocksEndingWithPooling(nn.Module network, string root)
    {
        var sequential = network.named_children().Single(c => c.name == root).module;
        var blocks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var (name, child) in sequential.named_children())
        {
            current.Add($"{root}.{name}");
            if (child is not MaxPool2d) continue;
            blocks.Add(current);
            current = [];
        }

        if (current.Count > 0) blocks.Add(current);
        return blocks;
    }
}
