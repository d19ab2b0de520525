using SkiaSharp;

namespace TLDeclarative.Data;

/// <summary>Writes bitmaps as PNG files; the exporters' one way to put pixels on disk.</summary>
internal static class PngFile
{
    public static void Write(SKBitmap bitmap, string path)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new DataSetException($"Could not encode '{path}' as PNG.");
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
