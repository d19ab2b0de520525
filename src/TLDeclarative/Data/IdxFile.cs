using System.Buffers.Binary;
using System.IO.Compression;

namespace TLDeclarative.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST: a big-endian magic (0x0803 images, 0x0801 labels),
/// the dimension sizes, then unsigned bytes. Files ending in .gz are decompressed on the fly.
/// </summary>
internal static class IdxFile
{
    private const int ImagesMagic = 0x0803;
    private const int LabelsMagic = 0x0801;

    /// <summary>Images as one byte array, image after image, row-major.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var (dimensions, data) = Read(path, ImagesMagic, 3);
        return (data, dimensions[0], dimensions[1], dimensions[2]);
    }

    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, 1).Data;

    private static (int[] Dimensions, byte[] Data) Read(string path, int expectedMagic, int rank)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        Span<byte> header = stackalloc byte[4 * (rank + 1)];
        try
        {
            stream.ReadExactly(header);
            var magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
            {
                throw new DataSetException($"'{path}' is not an IDX file of rank {rank} (magic 0x{magic:X8}, expected 0x{expectedMagic:X8}).");
            }

            var dimensions = new int[rank];
            for (var i = 0; i < rank; i++)
            {
                dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * (i + 1))..]);
            }

            var data = new byte[dimensions.Aggregate(1L, (a, d) => a * d)];
            stream.ReadExactly(data);
            return (dimensions, data);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new DataSetException($"'{path}' is truncated or not a valid (gzipped) IDX file.", e);
        }
    }
}
