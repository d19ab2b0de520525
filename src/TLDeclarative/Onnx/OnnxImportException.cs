namespace TLDeclarative.Onnx;

/// <summary>
/// An ONNX graph could not be turned into a TorchSharp module. Names the operator, the node and the
/// file so that a user with a large graph can find the culprit.
/// </summary>
public sealed class OnnxImportException : Exception
{
    public OnnxImportException() { }

    public OnnxImportException(string message) : base(message) { }

    public OnnxImportException(string message, Exception innerException) : base(message, innerException) { }

    public OnnxImportException(string opType, string nodeName, string modelPath, string problem)
        : base($"ONNX node '{nodeName}' (op type {opType}) in '{modelPath}': {problem}")
    {
        OpType = opType;
        NodeName = nodeName;
        ModelPath = modelPath;
    }

    /// <summary>The operator type of the offending node, when one is to blame.</summary>
    public string? OpType { get; }

    /// <summary>The name of the offending node (ONNX names are optional: may be empty).</summary>
    public string? NodeName { get; }

    /// <summary>The file being imported.</summary>
    public string? ModelPath { get; }
}
