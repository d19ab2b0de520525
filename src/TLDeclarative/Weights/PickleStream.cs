using System.Text;

namespace TLDeclarative.Weights;

/// <summary>
/// Walks the opcodes of one pickle (protocols 0-5) without building objects: finds where it ends, and
/// copies it with chosen GLOBAL references renamed, so that Razorvine's process-wide constructor table
/// can serve our names without replacing the ones TorchSharp.PyBridge registers for torch's.
/// </summary>
internal static class PickleStream
{
    private const byte Global = (byte)'c';
    private const byte Frame = 0x95;
    private const byte Stop = (byte)'.';

    /// <summary>
    /// Copies the pickle starting at <paramref name="start"/>; returns the copy and the offset just after
    /// its STOP. FRAME hints are dropped (renaming changes lengths; frames are only a read-ahead hint).
    /// </summary>
    public static (byte[] Pickle, int End) Copy(byte[] data, int start, IReadOnlyDictionary<string, string> renamedGlobals)
    {
        using var copy = new MemoryStream();
        var at = start;
        while (true)
        {
            if (at >= data.Length) throw new InvalidDataException($"The pickle starting at byte {start} has no STOP opcode.");
            var opcode = data[at];
            var argument = ArgumentLength(data, at + 1, opcode);
            var next = at + 1 + argument;
            if (next > data.Length) throw new InvalidDataException($"The pickle's opcode 0x{opcode:x2} at byte {at} runs past the end of the file.");
            if (opcode == Global && renamedGlobals.TryGetValue(Encoding.ASCII.GetString(data, at + 1, argument), out var renamed))
            {
                copy.WriteByte(Global);
                copy.Write(Encoding.ASCII.GetBytes(renamed));
            }
            else if (opcode != Frame)
            {
                copy.Write(data, at, next - at);
            }

            if (opcode == Stop) return (copy.ToArray(), next);
            at = next;
        }
    }

    // Bytes after the opcode (pickletools' argument descriptors).
    private static int ArgumentLength(byte[] data, int at, byte opcode) => (char)opcode switch
    {
        'K' or 'h' or 'q' or 'C' or '\x80' or '\x82' or '\x8c' => 1 + Fixed(opcode, data, at),
        'M' or '\x83' => 2,
        'J' or 'j' or 'r' or '\x84' => 4,
        'G' or '\x95' => 8,
        'T' or 'B' or 'X' or '\x8b' => 4 + Length32(data, at),
        'U' or '\x8a' => 1 + data[at],
        '\x8d' or '\x8e' or '\x96' => 8 + Length64(data, at),
        'I' or 'L' or 'S' or 'V' or 'F' or 'g' or 'p' or 'P' => Line(data, at),
        'c' or 'i' => Line(data, at) is var first ? first + Line(data, at + first) : 0,
        _ => 0,
    };

    // K (BININT1), h (BINGET), q (BINPUT), PROTO: one byte. C (SHORT_BINBYTES), 0x8c (SHORT_BINUNICODE): a length byte, then that many.
    private static int Fixed(byte opcode, byte[] data, int at) => opcode is (byte)'C' or 0x8c ? data[at] : 0;

    private static int Length32(byte[] data, int at) => checked((int)BitConverter.ToUInt32(data, at));

    private static int Length64(byte[] data, int at) => checked((int)BitConverter.ToInt64(data, at));

    private static int Line(byte[] data, int at)
    {
        var end = Array.IndexOf(data, (byte)'\n', at);
        if (end < 0) throw new InvalidDataException($"The pickle's text argument at byte {at} has no end of line.");
        return end - at + 1;
    }
}
