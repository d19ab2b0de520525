namespace TLDeclarative.Backbones;

/// <summary>The built-in backbones that specs name (backbone: { name: resnet18, weights: imagenet }).</summary>
public static class BackboneCatalog
{
    /// <summary>Pretrained weights.</summary>
    public const string ImageNetWeights = "imagenet";

    /// <summary>Same architecture, random initialisation: the baseline that shows what pretraining buys.</summary>
    public const string NoWeights = "none";

    /// <summary>Catalogue names, compared case-insensitively.</summary>
    public static IReadOnlyList<string> Names { get; } = [ImageNetResNet18.CatalogName];

    public static IReadOnlyList<string> WeightNames { get; } = [ImageNetWeights, NoWeights];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stage names in forward order, known without loading any weights.</summary>
    public static IReadOnlyList<string> StageNames(string name)
    {
        RequireKnown(name);
        return ImageNetResNet18.StageNameList;
    }

    public static Backbone Create(string name, string weights)
    {
        RequireKnown(name);
        if (string.Equals(weights, ImageNetWeights, StringComparison.OrdinalIgnoreCase)) return ImageNetResNet18.Load(pretrained: true);
        if (string.Equals(weights, NoWeights, StringComparison.OrdinalIgnoreCase)) return ImageNetResNet18.Load(pretrained: false);
        throw new ArgumentException(
            $"Backbone '{name}' has no weights '{weights}'. Known weights: {string.Join(", ", WeightNames)}.", nameof(weights));
    }

    private static void RequireKnown(string name)
    {
        if (!IsKnown(name))
            throw new ArgumentException($"Unknown backbone '{name}'. Known backbones: {string.Join(", ", Names)}.", nameof(name));
    }
}
