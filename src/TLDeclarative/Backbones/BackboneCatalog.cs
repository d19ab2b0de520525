using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Backbones;

/// <summary>
/// The built-in backbones that specs name (backbone: { name: resnet18, weights: imagenet }): the
/// embedded ImageNet ResNet-18 (weights imagenet or none) and the TorchVision architectures (weights
/// none or a weight file; resnet18 with a weight file is TorchVision's resnet18).
/// </summary>
public static class BackboneCatalog
{
    /// <summary>Pretrained weights.</summary>
    public const string ImageNetWeights = "imagenet";

    /// <summary>Same architecture, random initialisation: the baseline that shows what pretraining buys.</summary>
    public const string NoWeights = "none";

    /// <summary>Catalogue names, compared case-insensitively (resnet18 first).</summary>
    public static IReadOnlyList<string> Names { get; } = TorchVisionArchitectures.Names;

    /// <summary>Built-in weight names of the embedded resnet18.</summary>
    public static IReadOnlyList<string> WeightNames { get; } = [ImageNetWeights, NoWeights];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stage names in forward order, known without loading any weights (every resnet18 has the same).</summary>
    public static IReadOnlyList<string> StageNames(string name)
    {
        RequireKnown(name);
        return IsEmbeddedResNet18(name) ? ImageNetResNet18.StageNameList : TorchVisionArchitectures.Find(name)!.StageNames;
    }

    /// <summary>Stage names of the network that <paramref name="name"/> with <paramref name="weights"/> selects.</summary>
    public static IReadOnlyList<string> StageNames(string name, string weights)
    {
        RequireWeights(name, weights);
        return SelectsEmbedded(name, weights) ? ImageNetResNet18.StageNameList : TorchVisionArchitectures.Find(name)!.StageNames;
    }

    /// <summary>What <c>weights:</c> may say for <paramref name="name"/>, for messages.</summary>
    public static string DescribeWeights(string name) =>
        (IsEmbeddedResNet18(name) ? $"{ImageNetWeights}, {NoWeights}" : NoWeights)
        + $", or a weight file ({string.Join(", ", BuiltInBackbones.WeightFileExtensions)})";

    /// <param name="name">A catalogue name.</param>
    /// <param name="weights">imagenet or none (resnet18), none (TorchVision), or the path of a weight file.</param>
    /// <exception cref="ArgumentException">Unknown name, or weights the backbone does not have.</exception>
    /// <exception cref="FileNotFoundException">The weight file does not exist.</exception>
    /// <exception cref="InvalidDataException">The weight file does not fit the architecture.</exception>
    public static Backbone Create(string name, string weights)
    {
        RequireWeights(name, weights);
        if (SelectsEmbedded(name, weights))
            return ImageNetResNet18.Load(pretrained: string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase));
        return TorchVisionBackbone.Create(name, BuiltInBackbones.IsWeightFile(weights) ? weights : null);
    }

    private static bool IsEmbeddedResNet18(string name) => string.Equals(name, ImageNetResNet18.CatalogName, StringComparison.OrdinalIgnoreCase);

    private static bool SelectsEmbedded(string name, string weights) => IsEmbeddedResNet18(name) && !BuiltInBackbones.IsWeightFile(weights);

    private static void RequireWeights(string name, string weights)
    {
        RequireKnown(name);
        ArgumentNullException.ThrowIfNull(weights);
        var fits = BuiltInBackbones.IsWeightFile(weights)
            || string.Equals(weights, NoWeights, StringComparison.OrdinalIgnoreCase)
            || (IsEmbeddedResNet18(name) && string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase));
        if (!fits)
            throw new ArgumentException($"Backbone '{name}' has no weights '{weights}'. Known weights: {DescribeWeights(name)}.", nameof(weights));
    }

    private static void RequireKnown(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsKnown(name))
            throw new ArgumentException($"Unknown backbone '{name}'. Known backbones: {string.Join(", ", Names)}.", nameof(name));
    }
}
