using System.Buffers.Binary;
using System.Text;

namespace TLDeclarative.Tests.Runs;

/// <summary>
/// Reads TensorBoard event files from the specifications alone, sharing nothing with the writer: the
/// TFRecord framing (uint64 length, masked CRC-32C of it, data, masked CRC-32C of the data; both CRCs
/// checked), the protobuf wire format decoded by hand, and the Event / Summary / hparams field numbers
/// of tensorflow's event.proto and summary.proto and tensorboard's plugin_data.proto.
/// </summary>
internal static class TensorBoardReader
{
    private static readonly uint[] Table = CrcTable();

    /// <summary>One summary value: its tag, then whichever of the kinds it holds.</summary>
    public sealed record Value(string Tag, float? Simple, (int Height, int Width, int Colorspace, byte[] Png)? Image, string? PluginName, byte[]? PluginContent);

    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<Value> Values, int? SessionLogStatus);

    /// <summary>Every record of the file; throws on a bad length CRC, a bad data CRC or a truncated record.</summary>
    public static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12)
                throw new InvalidDataException($"{path}: truncated record header at byte {at}");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            if (Masked(bytes.AsSpan(at, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)))
                throw new InvalidDataException($"{path}: bad length CRC at byte {at}");
            if ((ulong)(bytes.Length - at - 16) < length)
                throw new InvalidDataException($"{path}: truncated record at byte {at}");
            var data = bytes.AsSpan(at + 12, (int)length);
            if (Masked(data) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length)))
                throw new InvalidDataException($"{path}: bad data CRC at byte {at}");
            events.Add(ParseEvent(data.ToArray()));
            at += 12 + (int)length + 4;
        }

        return events;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit from a table.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>TFRecord's masked CRC: ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>The fields of a protobuf message: (field number, varint or fixed value as bits, length-delimited bytes).</summary>
    public static List<(int Field, ulong Number, byte[]? Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, ulong, byte[]?)>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((field, Varint(message, ref at), null));
                    break;
                case 1:
                    fields.Add((field, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at)), null));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add((field, 0, message.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                case 5:
                    fields.Add((field, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at)), null));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at byte {at}");
            }
        }

        return fields;
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static double AsDouble(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);

    private static Event ParseEvent(byte[] data)
    {
        double wallTime = 0;
        long step = 0;
        string? version = null;
        int? sessionLog = null;
        var values = new List<Value>();
        foreach (var (field, number, bytes) in Fields(data))
        {
            switch (field)
            {
                case 1: wallTime = AsDouble(number); break;
                case 2: step = (long)number; break;
                case 3: version = Text(bytes!); break;
                case 5: values.AddRange(Fields(bytes!).Where(f => f.Field == 1).Select(f => ParseValue(f.Bytes!))); break;
                case 7: sessionLog = (int)Fields(bytes!).Single(f => f.Field == 1).Number; break;
                default: throw new InvalidDataException($"unexpected Event field {field}");
            }
        }

        return new Event(wallTime, step, version, values, sessionLog);
    }

    private static Value ParseValue(byte[] data)
    {
        string tag = "";
        float? simple = null;
        (int, int, int, byte[])? image = null;
        string? plugin = null;
        byte[]? content = null;
        foreach (var (field, number, bytes) in Fields(data))
        {
            if (field == 1)
                tag = Text(bytes!);
            else if (field == 2)
                simple = BitConverter.Int32BitsToSingle((int)number);
            else if (field == 4)
            {
                var f = Fields(bytes!);
                image = ((int)f.Single(x => x.Field == 1).Number, (int)f.Single(x => x.Field == 2).Number, (int)f.Single(x => x.Field == 3).Number, f.Single(x => x.Field == 4).Bytes!);
            }
            else if (field == 9)
            {
                var pluginData = Fields(Fields(bytes!).Single(x => x.Field == 1).Bytes!);
                plugin = Text(pluginData.Single(x => x.Field == 1).Bytes!);
                content = pluginData.Single(x => x.Field == 2).Bytes;
            }
        }

        return new Value(tag, simple, image, plugin, content);
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }

    private static uint[] CrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }

        return table;
    }
}
