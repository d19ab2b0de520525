using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Tests.Backbones;

/// <summary>
/// Real photographs are not available to tests; Fashion-MNIST (eng/install-prereqs.sh installs it) is
/// real image data. Each 28x28 item is upscaled and coloured with a distinct foreground/background
/// so that the three channels differ (colour order then matters).
/// </summary>
internal static class FashionMnistImages
{
    private const string ImagesPath = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    private static readonly float[][] Foregrounds = [[0.9f, 0.2f, 0.1f], [0.1f, 0.7f, 0.3f], [0.2f, 0.3f, 0.95f], [0.95f, 0.85f, 0.2f], [0.6f, 0.1f, 0.8f], [1f, 1f, 1f]];
    private static readonly float[][] Backgrounds = [[0.1f, 0.2f, 0.4f], [0.9f, 0.9f, 0.8f], [0.3f, 0.25f, 0.1f], [0.05f, 0.05f, 0.05f], [0.5f, 0.6f, 0.5f], [0.2f, 0.1f, 0.1f]];

    /// <summary>Images 0..count-1 of the test set as RGB in [0,1], shape (count,3,size,size), on the CPU.</summary>
    public static Tensor Rgb(int count, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Foregrounds.Length);
        using var scope = NewDisposeScope();
        var gray = tensor(ReadPixels(count), [count, 1, 28, 28], ScalarType.Float32) / 255f;
        var large = F.interpolate(gray, [size, size], mode: InterpolationMode.Bilinear, align_corners: false).clamp(0, 1);
        var fg = tensor(Foregrounds.Take(count).SelectMany(c => c).ToArray(), [count, 3, 1, 1]);
        var bg = tensor(Backgrounds.Take(count).SelectMany(c => c).ToArray(), [count, 3, 1, 1]);
        return ((fg * large) + (bg * (1 - large))).contiguous().MoveToOuterDisposeScope();
    }

    private static byte[] ReadPixels(int count)
    {
        if (!File.Exists(ImagesPath))
            throw new FileNotFoundException($"{ImagesPath} is missing: install Debian's Fashion-MNIST with eng/install-prereqs.sh.", ImagesPath);
        using var file = File.OpenRead(ImagesPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[16];
        gzip.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 0x803 || BinaryPrimitives.ReadInt32BigEndian(header[8..]) != 28)
            throw new InvalidDataException($"{ImagesPath} is not an IDX image file of 28x28 images.");
        var pixels = new byte[count * 28 * 28];
        gzip.ReadExactly(pixels);
        return pixels;
    }
}
