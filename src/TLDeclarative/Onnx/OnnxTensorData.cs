using System.Runtime.InteropServices;
using Google.Protobuf.Collections;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx;

/// <summary>
/// Moves TensorProto payloads into native tensor memory, then drops the managed copy so that the
/// weights live once, off the managed heap.
/// </summary>
internal static class OnnxTensorData
{
    public static long[] Shape(TensorProto proto) => proto.Dims.ToArray();

    public static ScalarType ScalarTypeOf(TensorProto proto) => (TensorProto.Types.DataType)proto.DataType switch
    {
        TensorProto.Types.DataType.Float => ScalarType.Float32,
        TensorProto.Types.DataType.Double => ScalarType.Float64,
        TensorProto.Types.DataType.Int64 => ScalarType.Int64,
        TensorProto.Types.DataType.Int32 => ScalarType.Int32,
        TensorProto.Types.DataType.Bool => ScalarType.Bool,
        var other => throw new NotSupportedException($"ONNX tensor '{proto.Name}' has element type {other}; supported: float, double, int64, int32, bool."),
    };

    /// <summary>A new CPU tensor holding the proto's data; the proto's payload is released.</summary>
    public static Tensor ToTensor(TensorProto proto)
    {
        var tensor = empty(Shape(proto), ScalarTypeOf(proto), CPU);
        CopyInto(proto, tensor);
        return tensor;
    }

    /// <summary>A proto holding a copy of <paramref name="tensor"/> (any device) as raw little-endian data.</summary>
    public static TensorProto ToProto(string name, Tensor tensor)
    {
        if (!BitConverter.IsLittleEndian)
            throw new NotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        var dataType = tensor.dtype switch
        {
            ScalarType.Float32 => TensorProto.Types.DataType.Float,
            ScalarType.Float64 => TensorProto.Types.DataType.Double,
            ScalarType.Int64 => TensorProto.Types.DataType.Int64,
            ScalarType.Int32 => TensorProto.Types.DataType.Int32,
            ScalarType.Bool => TensorProto.Types.DataType.Bool,
            var other => throw new NotSupportedException($"Tensor '{name}' has element type {other}; supported: float, double, int64, int32, bool."),
        };
        using var scope = NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)dataType, RawData = Google.Protobuf.ByteString.CopyFrom(host.bytes) };
        proto.Dims.AddRange(host.shape);
        return proto;
    }

    /// <summary>Writes the proto's data into <paramref name="destination"/> (CPU, contiguous, same shape and type).</summary>
    public static void CopyInto(TensorProto proto, Tensor destination)
    {
        if (!BitConverter.IsLittleEndian)
            throw new NotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        if (destination.device_type != DeviceType.CPU || !destination.is_contiguous())
            throw new ArgumentException("Destination must be a contiguous CPU tensor.", nameof(destination));
        if (destination.dtype != ScalarTypeOf(proto) || !destination.shape.SequenceEqual(Shape(proto)))
            throw new ArgumentException(
                $"ONNX tensor '{proto.Name}' is {ScalarTypeOf(proto)} [{string.Join(",", proto.Dims)}], destination is {destination.dtype} [{string.Join(",", destination.shape)}].",
                nameof(destination));

        var bytes = destination.bytes;
        if (!proto.RawData.IsEmpty)
        {
            if (proto.RawData.Length != bytes.Length)
                throw new InvalidDataException($"ONNX tensor '{proto.Name}': raw data has {proto.RawData.Length} bytes, its shape needs {bytes.Length}.");
            proto.RawData.Span.CopyTo(bytes);
        }
        else
        {
            switch (destination.dtype)
            {
                case ScalarType.Float32: CopyTyped(proto.Name, proto.FloatData, MemoryMarshal.Cast<byte, float>(bytes)); break;
                case ScalarType.Float64: CopyTyped(proto.Name, proto.DoubleData, MemoryMarshal.Cast<byte, double>(bytes)); break;
                case ScalarType.Int64: CopyTyped(proto.Name, proto.Int64Data, MemoryMarshal.Cast<byte, long>(bytes)); break;
                case ScalarType.Bool: CopyBools(proto, bytes); break;
                default: CopyTyped(proto.Name, proto.Int32Data, MemoryMarshal.Cast<byte, int>(bytes)); break;
            }
        }

        Release(proto);
    }

    /// <summary>Reads a small integer tensor (shapes, axes, split sizes) as longs.</summary>
    public static long[] ToInt64s(Tensor tensor)
    {
        using var asLong = tensor.to(ScalarType.Int64, CPU);
        return asLong.data<long>().ToArray();
    }

    private static void Release(TensorProto proto)
    {
        proto.RawData = Google.Protobuf.ByteString.Empty;
        proto.FloatData.Clear();
        proto.DoubleData.Clear();
        proto.Int64Data.Clear();
        proto.Int32Data.Clear();
    }

    /// <summary>Booleans not stored raw are int32 values, one per element.</summary>
    private static void CopyBools(TensorProto proto, Span<byte> destination)
    {
        if (proto.Int32Data.Count != destination.Length)
            throw new InvalidDataException($"ONNX tensor '{proto.Name}': {proto.Int32Data.Count} values stored, its shape needs {destination.Length}.");
        for (var i = 0; i < destination.Length; i++)
            destination[i] = proto.Int32Data[i] != 0 ? (byte)1 : (byte)0;
    }

    private static void CopyTyped<T>(string name, RepeatedField<T> source, Span<T> destination)
    {
        if (source.Count != destination.Length)
            throw new InvalidDataException($"ONNX tensor '{name}': {source.Count} values stored, its shape needs {destination.Length}.");
        // RepeatedField offers no span; an indexed loop avoids a second full managed copy.
        for (var i = 0; i < destination.Length; i++)
            destination[i] = source[i];
    }
}
