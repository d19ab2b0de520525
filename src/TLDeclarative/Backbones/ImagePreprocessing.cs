namespace TLDeclarative.Backbones;

/// <summary>The channel order a network expects.</summary>
public enum ColorOrder
{
    Rgb,
    Bgr,
}

/// <summary>
/// How RGB images in [0, 1] become a network's input: channels reordered to <paramref name="ColorOrder"/>,
/// multiplied by <paramref name="Scale"/>, then (x - Mean[c]) / Std[c] per channel (in that channel order).
/// </summary>
public sealed record ImagePreprocessing(ColorOrder ColorOrder, double Scale, IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary>torchvision's ImageNet normalisation: RGB in [0, 1], mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
    public static ImagePreprocessing ImageNet { get; } = new(ColorOrder.Rgb, 1, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
}
