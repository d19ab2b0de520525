namespace TLDeclarative.Augmentation;

/// <summary>A pixel rectangle of an image: rows [Top, Top + Height), columns [Left, Left + Width).</summary>
public readonly record struct CropBox(int Top, int Left, int Height, int Width)
{
    public int Area => Height * Width;
}
