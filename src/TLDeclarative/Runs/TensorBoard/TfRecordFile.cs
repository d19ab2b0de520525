using System.Buffers.Binary;
using System.Numerics;

namespace TLDeclarative.Runs.TensorBoard;

/// <summary>
/// Appends TFRecord records to a file: little-endian uint64 length, masked CRC-32C of those 8 bytes,
/// the data, masked CRC-32C of the data. Every record is flushed to disk as it is written, so a killed
/// run leaves whole records (a reader stops at a torn last one).
/// </summary>
internal sealed class TfRecordFile : IDisposable
{
    private readonly FileStream stream;

    public TfRecordFile(string path)
    {
        Path = path;
        stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    public void Write(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
        stream.Flush(flushToDisk: true);
    }

    public void Dispose() => stream.Dispose();

    /// <summary>TFRecord's mask: rotate the CRC-32C right by 15 bits and add a constant.</summary>
    internal static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    /// <summary>CRC-32C (Castagnoli), with the CPU's CRC32 instruction where it has one.</summary>
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
