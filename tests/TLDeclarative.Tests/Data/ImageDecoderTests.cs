using SkiaSharp;
using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void PngAtItsOwnSizeDecodesExactlyIntoChannelPlanes()
    {
        using var bitmap = TestImages.Rgb(4, 3, (x, y) => new SKColor((byte)(10 * x), (byte)(50 * y), (byte)(x + y)));
        var path = TestImages.Write(bitmap, _temp.Combine("a.png"));

        var chw = ImageDecoder.Decode(path, height: 3, width: 4);

        Assert.Equal(36, chw.Length);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                Assert.Equal(10 * x, chw[(y * 4) + x]);
                Assert.Equal(50 * y, chw[12 + (y * 4) + x]);
                Assert.Equal(x + y, chw[24 + (y * 4) + x]);
            }
        }
    }

    [Theory]
    [InlineData(7, 13)]
    [InlineData(60, 45)]
    public void ResizingKeepsASolidColour(int height, int width)
    {
        var path = TestImages.WriteSolid(_temp.Combine("solid.png"), 20, 10, new SKColor(200, 100, 50));

        var chw = ImageDecoder.Decode(path, height, width);

        var plane = height * width;
        Assert.All(chw[..plane], v => Assert.InRange(v, 199, 201));
        Assert.All(chw[plane..(2 * plane)], v => Assert.InRange(v, 99, 101));
        Assert.All(chw[(2 * plane)..], v => Assert.InRange(v, 49, 51));
    }

    [Fact]
    public void LargeJpegIsDownscaledWithItsLayoutAndColours()
    {
        // Left half red, right half blue, 500x375 like a typical photo.
        using var bitmap = TestImages.Rgb(500, 375, (x, _) => x < 250 ? new SKColor(220, 30, 30) : new SKColor(20, 40, 210));
        var path = TestImages.Write(bitmap, _temp.Combine("photo.jpg"), SKEncodedImageFormat.Jpeg, quality: 95);

        var chw = ImageDecoder.Decode(path, height: 150, width: 150);

        const int Plane = 150 * 150;
        foreach (var (x, red, blue) in new[] { (20, 220, 30), (60, 220, 30), (90, 20, 210), (149, 20, 210) })
        {
            var at = (75 * 150) + x;
            Assert.InRange(chw[at], red - 8, red + 8);
            Assert.InRange(chw[(2 * Plane) + at], blue - 8, blue + 8);
        }
    }

    [Fact]
    public void GreyscaleBecomesThreeEqualChannels()
    {
        using var bitmap = TestImages.Grey(6, 5, (x, y) => (byte)((40 * x) + y));
        var path = TestImages.Write(bitmap, _temp.Combine("grey.png"));

        var chw = ImageDecoder.Decode(path, height: 5, width: 6);

        for (var i = 0; i < 30; i++)
        {
            var (x, y) = (i % 6, i / 6);
            Assert.Equal((40 * x) + y, chw[i]);
            Assert.Equal(chw[i], chw[30 + i]);
            Assert.Equal(chw[i], chw[60 + i]);
        }
    }

    [Fact]
    public void TransparentPixelsAreCompositedOverBlack()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(255, 255, 255, 0));
        bitmap.SetPixel(1, 0, new SKColor(200, 100, 0, 255));
        var path = TestImages.Write(bitmap, _temp.Combine("alpha.png"));

        var chw = ImageDecoder.Decode(path, height: 1, width: 2);

        Assert.Equal([0, 200, 0, 100, 0, 0], chw);
    }

    [Fact]
    public void CorruptFileIsNamed()
    {
        var path = _temp.Combine("broken.png");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var error = Assert.Throws<DataSetException>(() => ImageDecoder.Decode(path, 8, 8));

        Assert.Contains($"Image file '{path}' cannot be decoded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFileIsNamed()
    {
        using var bitmap = TestImages.Rgb(64, 64, (x, y) => new SKColor((byte)(x * 3), (byte)(y * 3), (byte)(x ^ y)));
        var path = TestImages.Write(bitmap, _temp.Combine("truncated.png"));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DataSetException>(() => ImageDecoder.Decode(path, 8, 8));

        Assert.Contains($"Image file '{path}' cannot be decoded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var path = _temp.Combine("missing.png");

        var error = Assert.Throws<DataSetException>(() => ImageDecoder.Decode(path, 8, 8));

        Assert.Equal($"Image file '{path}' does not exist.", error.Message);
    }
}
