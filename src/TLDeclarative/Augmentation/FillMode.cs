namespace TLDeclarative.Augmentation;

/// <summary>
/// How pixels that a transform brings in from outside the image are filled (Keras' fill_mode).
/// Keras' "wrap" is not offered: grid_sample has no periodic padding.
/// </summary>
public enum FillMode
{
    /// <summary>Repeat the nearest edge pixel (aaaa|abcd|dddd); grid_sample's border padding.</summary>
    Nearest,

    /// <summary>Black (Keras' constant with cval=0); grid_sample's zeros padding.</summary>
    Constant,

    /// <summary>Mirror at the edge, edge pixel repeated (dcba|abcd|dcba); grid_sample's reflection padding.</summary>
    Reflect,
}
