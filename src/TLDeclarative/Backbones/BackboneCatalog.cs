using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Weights;

namespace TLDeclarative.Backbones;

/// <summary>
/// The built-in backbones that specs name (backbone: { name: resnet18, weights: imagenet }): the
/// embedded ImageNet ResNet-18 (weights imagenet or none) and the TorchVision architectures (weights
/// imagenet = torchvision's DEFAULT, a torchvision weights name such as IMAGENET1K_V1, none, or a weight
/// file). resnet18 with imagenet or none is the embedded network; with IMAGENET1K_V1 or a weight file
/// it is TorchVision's resnet18. Official weights are resolved at run time (<see cref="WeightsResolver"/>).
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
    public static string DescribeWeights(string name)
    {
        var official = PretrainedWeightsTable.For(CatalogName(name)).Select(w => w.Name);
        var named = IsEmbeddedResNet18(name) ? [ImageNetWeights, NoWeights, .. official] : new[] { ImageNetWeights }.Concat(official).Append(NoWeights);
        return string.Join(", ", named) + $", or a weight file ({string.Join(", ", BuiltInBackbones.WeightFileExtensions)})";
    }

    /// <param name="name">A catalogue name.</param>
    /// <param name="weights">imagenet, a torchvision weights name (IMAGENET1K_V1, ...), none, or the path of a weight file.</param>
    /// <exception cref="ArgumentException">Unknown name, or weights the backbone does not have.</exception>
    /// <exception cref="FileNotFoundException">The weight file does not exist.</exception>
    /// <exception cref="InvalidDataException">The weight file does not fit the architecture.</exception>
    /// <exception cref="WeightsUnavailableException">Official weights neither cached nor downloadable (the message says how to prefetch them).</exception>
    public static Backbone Create(string name, string weights) => Create(name, weights, null);

    /// <param name="resolver">Where official weights come from; null: the process's environment (TL_WEIGHTS_MIRROR, TL_OFFLINE, TORCH_HOME).</param>
    public static Backbone Create(string name, string weights, WeightsResolver? resolver)
    {
        RequireWeights(name, weights);
        if (SelectsEmbedded(name, weights))
            return ImageNetResNet18.Load(pretrained: string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase));
        if (BuiltInBackbones.IsWeightFile(weights))
            return TorchVisionBackbone.Create(name, weights);
        if (OfficialWeights(name, weights) is { } official)
            return TorchVisionBackbone.Create(name, (resolver ?? WeightsResolver.Default()).Resolve(official));
        return TorchVisionBackbone.Create(name);
    }

    /// <summary>Builds <paramref name="name"/> with the weights a custom <c>{ url, sha256 }</c> names, fetched into the cache if needed.</summary>
    public static Backbone Create(string name, Uri url, string sha256, WeightsResolver? resolver = null)
    {
        RequireKnown(name);
        var request = WeightsRequest.Custom(CatalogName(name), url, sha256);
        return TorchVisionBackbone.Create(name, (resolver ?? WeightsResolver.Default()).Resolve(request));
    }

    /// <summary>The torchvision weights <paramref name="weights"/> names for <paramref name="name"/> (imagenet = DEFAULT), or null.</summary>
    public static PretrainedWeights? OfficialWeights(string name, string weights) =>
        SelectsEmbedded(name, weights) ? null : BuiltInBackbones.OfficialWeights(CatalogName(name), weights);

    private static string CatalogName(string name) => TorchVisionArchitectures.Find(name)?.Name ?? name;

    private static bool IsEmbeddedResNet18(string name) => string.Equals(name, ImageNetResNet18.CatalogName, StringComparison.OrdinalIgnoreCase);

    // resnet18 with imagenet or none: the embedded network (torchvision's resnet18 needs IMAGENET1K_V1 or a file).
    private static bool SelectsEmbedded(string name, string weights) =>
        IsEmbeddedResNet18(name) && (string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase) || string.Equals(weights, NoWeights, StringComparison.OrdinalIgnoreCase));

    private static void RequireWeights(string name, string weights)
    {
        RequireKnown(name);
        ArgumentNullException.ThrowIfNull(weights);
        var fits = BuiltInBackbones.IsWeightFile(weights)
            || string.Equals(weights, NoWeights, StringComparison.OrdinalIgnoreCase)
            || string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase)
            || PretrainedWeightsTable.Find(CatalogName(name), weights) is not null;
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
