using System.Buffers.Binary;
using System.IO.Compression;
using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

/// <summary>
/// Runs the exporter on small IDX files written here (5x4 images; image k has label k % 10 and pixel p
/// equal to (7k + p) % 256), plus one check against the real files where they are installed.
/// </summary>
public sealed class FashionMnistTests : IDisposable
{
    private const int Rows = 5;
    private const int Columns = 4;
    private static readonly string[] TrainAndValidation = ["train", "validation"];
    private readonly TempDirectory _temp = new();
    private readonly string _source;
    private readonly byte[] _trainPixels;
    private readonly byte[] _testPixels;

    public FashionMnistTests()
    {
        _source = _temp.Combine("source");
        Directory.CreateDirectory(_source);
        _trainPixels = WriteIdx("train", 200);
        _testPixels = WriteIdx("t10k", 50);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ExportsTheRequestedCountsPerSplitAndClass()
    {
        var written = Export(["sneaker", "ankle_boot"], seed: 1);

        Assert.Equal(["sneaker", "ankle_boot"], written.ClassNames);
        Assert.Equal(10, written.ImagesPerSplit["train"]);
        Assert.Equal(6, written.ImagesPerSplit["validation"]);
        Assert.Equal(4, written.ImagesPerSplit["test"]);
        foreach (var (split, perClass) in new[] { ("train", 5), ("validation", 3), ("test", 2) })
        {
            var samples = ImageFolder.Scan(written.Split(split), written.ClassNames);
            Assert.Equal(perClass, samples.Count(s => s.Label == 0));
            Assert.Equal(perClass, samples.Count(s => s.Label == 1));
        }
    }

    [Fact]
    public void PixelsEqualTheIdxBytesAndLabelsTheIdxLabels()
    {
        var written = Export(["tshirt", "bag"], seed: 2);

        foreach (var (split, pixels) in new[] { ("train", _trainPixels), ("validation", _trainPixels), ("test", _testPixels) })
        {
            foreach (var sample in ImageFolder.Scan(written.Split(split), written.ClassNames))
            {
                var index = SourceIndex(sample.Path);
                Assert.Equal(sample.Label == 0 ? 0 : 8, index % 10);
                var expected = pixels.AsSpan(index * Rows * Columns, Rows * Columns).ToArray();
                var chw = ImageDecoder.Decode(sample.Path, Rows, Columns);
                Assert.Equal(expected, chw[..(Rows * Columns)]);
                Assert.Equal(expected, chw[(2 * Rows * Columns)..]);
            }
        }
    }

    [Fact]
    public void TrainAndValidationAreDisjointAndTheSeedDecides()
    {
        var first = Indices(Export(["coat"], seed: 3, root: "a"));
        var again = Indices(Export(["coat"], seed: 3, root: "b"));
        var other = Indices(Export(["coat"], seed: 4, root: "c"));

        Assert.Empty(first["train"].Intersect(first["validation"]));
        Assert.Equal(first["train"], again["train"]);
        Assert.Equal(first["validation"], again["validation"]);
        Assert.NotEqual(first["train"], other["train"]);
    }

    [Fact]
    public void ClassIndicesWorkLikeNames()
    {
        var written = FashionMnist.Export(_temp.Combine("out"), [5, 1], 2, 1, 0, seed: 1, _source);

        Assert.Equal(["sandal", "trouser"], written.ClassNames);
        Assert.False(Directory.Exists(written.Split("test")));
    }

    [Fact]
    public void MissingFilesExplainHowToInstallThem()
    {
        var empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);

        var error = Assert.Throws<DataSetException>(() => FashionMnist.Export(_temp.Combine("out"), ["bag"], 1, 1, 1, 0, empty));

        Assert.Contains($"Fashion-MNIST files not found in '{empty}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", error.Message, StringComparison.Ordinal);
        Assert.Contains("'eng/install-prereqs.sh' does it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownClassNameListsTheValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => Export(["t-shirt"], seed: 0));

        Assert.Contains("tshirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle_boot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AskingForMoreImagesThanAClassHasIsAnError()
    {
        // Each class has 20 training images here.
        var error = Assert.Throws<DataSetException>(
            () => FashionMnist.Export(_temp.Combine("out"), ["bag"], 15, 6, 0, 0, _source));

        Assert.Contains("has 20 images of class bag; 21 were requested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealFilesMatch()
    {
        var images = Path.Combine(FashionMnist.DefaultDirectory, "t10k-images-idx3-ubyte.gz");
        Assert.True(File.Exists(images), $"{images} is missing: install Debian's Fashion-MNIST with eng/install-prereqs.sh.");

        var written = FashionMnist.Export(_temp.Combine("real"), ["sneaker", "bag"], 2, 1, 3, seed: 1);
        var (pixels, count, rows, columns) = IdxFile.ReadImages(images);
        Assert.Equal((10000, 28, 28), (count, rows, columns));
        foreach (var sample in ImageFolder.Scan(written.Split("test"), written.ClassNames))
        {
            var index = SourceIndex(sample.Path);
            var chw = ImageDecoder.Decode(sample.Path, 28, 28);
            Assert.Equal(pixels.AsSpan(index * 784, 784).ToArray(), chw[784..1568]);
        }
    }

    private ExportedDataSet Export(string[] classes, int seed, string root = "out") =>
        FashionMnist.Export(_temp.Combine(root), classes, trainPerClass: 5, validationPerClass: 3, testPerClass: 2, seed, _source);

    private static int SourceIndex(string path) => int.Parse(Path.GetFileNameWithoutExtension(path).Split('_')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, int[]> Indices(ExportedDataSet written) =>
        TrainAndValidation.ToDictionary(
            split => split,
            split => ImageFolder.Scan(written.Split(split), written.ClassNames).Select(s => SourceIndex(s.Path)).Order().ToArray());

    private byte[] WriteIdx(string prefix, int count)
    {
        var pixels = new byte[count * Rows * Columns];
        for (var k = 0; k < count; k++)
        {
            for (var p = 0; p < Rows * Columns; p++)
            {
                pixels[(k * Rows * Columns) + p] = (byte)(((7 * k) + p) % 256);
            }
        }

        WriteGzip($"{prefix}-images-idx3-ubyte.gz", Header(0x0803, count, Rows, Columns), pixels);
        WriteGzip($"{prefix}-labels-idx1-ubyte.gz", Header(0x0801, count), Enumerable.Range(0, count).Select(k => (byte)(k % 10)).ToArray());
        return pixels;
    }

    private static byte[] Header(params int[] values)
    {
        var header = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * i), values[i]);
        }

        return header;
    }

    private void WriteGzip(string name, byte[] header, byte[] data)
    {
        using var file = File.Create(Path.Combine(_source, name));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(header);
        gzip.Write(data);
    }
}
