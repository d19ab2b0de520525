using System.Runtime.InteropServices;
using SkiaSharp;

namespace TLDeclarative.Tests.Data;

/// <summary>Writes small image files with known pixels for decoder and loader tests.</summary>
internal static class TestImages
{
    /// <summary>An RGB bitmap whose pixel (x, y) is colour(x, y).</summary>
    public static SKBitmap Rgb(int width, int height, Func<int, int, SKColor> colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, colour(x, y));
            }
        }

        return bitmap;
    }

    /// <summary>A single-channel bitmap whose pixel (x, y) is grey(x, y).</summary>
    public static SKBitmap Grey(int width, int height, Func<int, int, byte> grey)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[bitmap.RowBytes * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = grey(x, y);
            }
        }

        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    public static string Write(SKBitmap bitmap, string path, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(format, quality);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>A solid-colour PNG.</summary>
    public static string WriteSolid(string path, int width, int height, SKColor colour)
    {
        using var bitmap = Rgb(width, height, (_, _) => colour);
        return Write(bitmap, path);
    }
}
