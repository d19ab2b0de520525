using SkiaSharp;

namespace TLDeclarative.Data;

/// <summary>
/// Decodes an image file to RGB bytes of a fixed size, laid out channel-first (3,H,W).
/// </summary>
/// <remarks>
/// SkiaSharp rather than ImageSharp: its native decoders are faster, and it already comes with the
/// TorchSharp/TorchVision family. ImageSharp is served here only at 2.1.x, which has reported
/// crafted-image flaws, and 3.x needs a paid licence for larger companies.
/// Conventions: greyscale, palette and 16-bit images become 8-bit RGB; transparent pixels are composited
/// over black; GIFs give their first frame; EXIF orientation is not applied (as Keras' load_img).
/// Any size change is bilinear with mipmaps, so downscaling averages instead of aliasing.
/// </remarks>
public static class ImageDecoder
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Decodes <paramref name="path"/> resized to (<paramref name="height"/>, <paramref name="width"/>).</summary>
    /// <returns>3*H*W bytes: the red plane, then green, then blue.</returns>
    /// <exception cref="DataSetException">The file is missing, corrupt or in an unsupported format.</exception>
    public static byte[] Decode(string path, int height, int width)
    {
        var chw = new byte[3 * height * width];
        DecodeInto(path, height, width, chw);
        return chw;
    }

    /// <summary>Like <see cref="Decode"/>, writing into <paramref name="chw"/> (3*H*W bytes).</summary>
    /// <exception cref="DataSetException">The file is missing, corrupt or in an unsupported format.</exception>
    public static void DecodeInto(string path, int height, int width, Span<byte> chw)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (chw.Length != 3 * height * width)
        {
            throw new ArgumentException($"Expected {3 * height * width} bytes for a 3x{height}x{width} image.", nameof(chw));
        }

        if (!File.Exists(path))
        {
            throw new DataSetException($"Image file '{path}' does not exist.");
        }

        using var source = DecodeFull(path, height, width);
        if (source.Width == width && source.Height == height)
        {
            CopyPlanes(source, chw);
            return;
        }

        using var resized = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (!source.ScalePixels(resized, Sampling))
        {
            throw new DataSetException($"Image file '{path}' could not be resized to {width}x{height}.");
        }

        CopyPlanes(resized, chw);
    }

    private static SKBitmap DecodeFull(string path, int height, int width)
    {
        using var codec = SKCodec.Create(path, out var openResult)
            ?? throw new DataSetException($"Image file '{path}' cannot be decoded ({openResult}): it is corrupt or not a supported image format.");
        var size = DecodeSize(codec, height, width);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();

            // IncompleteInput (a truncated file) is an error too: Skia would fill the rest with grey.
            throw new DataSetException($"Image file '{path}' cannot be decoded ({result}): it is corrupt or truncated.");
        }

        return bitmap;
    }

    // JPEG can decode at 1/2, 1/4, 1/8 scale almost for free; use the smallest that is still at least the
    // target size, so the final resize keeps its quality.
    private static SKSizeI DecodeSize(SKCodec codec, int height, int width)
    {
        var full = codec.Info.Size;
        var scale = Math.Max((float)height / full.Height, (float)width / full.Width);
        if (scale >= 1f)
        {
            return full;
        }

        var scaled = codec.GetScaledDimensions(scale);
        return scaled.Width >= width && scaled.Height >= height ? scaled : full;
    }

    private static void CopyPlanes(SKBitmap bitmap, Span<byte> chw)
    {
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        var width = bitmap.Width;
        var plane = bitmap.Height * width;
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = rgba.Slice(y * rowBytes, width * 4);
            var offset = y * width;
            for (var x = 0; x < width; x++)
            {
                chw[offset + x] = row[4 * x];
                chw[plane + offset + x] = row[(4 * x) + 1];
                chw[(2 * plane) + offset + x] = row[(4 * x) + 2];
            }
        }
    }
}
