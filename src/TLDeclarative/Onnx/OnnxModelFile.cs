using Onnx;

namespace TLDeclarative.Onnx;

/// <summary>Reads an .onnx file into OnnxSharp's protobuf classes.</summary>
public static class OnnxModelFile
{
    public static ModelProto Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX file '{path}' does not exist.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        try
        {
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"'{path}' is not a valid ONNX model: {e.Message}", e);
        }
    }
}
