using System.Buffers;
using Google.Protobuf;

namespace TLDeclarative.Runs.TensorBoard;

/// <summary>
/// Builds one protobuf message field by field with Google.Protobuf's <see cref="CodedOutputStream"/>
/// (tags, varints, fixed-width numbers, length prefixes); nested messages are built first and written
/// as length-delimited bytes. A field is written whenever the caller asks, default value or not.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    public ProtoWriter Double(int field, double value) =>
        Field(field, WireFormat.WireType.Fixed64, CodedOutputStream.ComputeDoubleSize(value), o => o.WriteDouble(value));

    public ProtoWriter Float(int field, float value) =>
        Field(field, WireFormat.WireType.Fixed32, CodedOutputStream.ComputeFloatSize(value), o => o.WriteFloat(value));

    public ProtoWriter Varint(int field, long value) =>
        Field(field, WireFormat.WireType.Varint, CodedOutputStream.ComputeInt64Size(value), o => o.WriteInt64(value));

    public ProtoWriter String(int field, string value) =>
        Field(field, WireFormat.WireType.LengthDelimited, CodedOutputStream.ComputeStringSize(value), o => o.WriteString(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        var bytes = ByteString.CopyFrom(value);
        return Field(field, WireFormat.WireType.LengthDelimited, CodedOutputStream.ComputeBytesSize(bytes), o => o.WriteBytes(bytes));
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private ProtoWriter Field(int field, WireFormat.WireType type, int valueSize, Action<CodedOutputStream> writeValue)
    {
        var bytes = new byte[CodedOutputStream.ComputeTagSize(field) + valueSize];
        using (var output = new CodedOutputStream(bytes))
        {
            output.WriteTag(field, type);
            writeValue(output);
            output.CheckNoSpaceLeft();
        }

        buffer.Write(bytes);
        return this;
    }
}
