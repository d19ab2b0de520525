using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>Runs an exported model with ONNX Runtime (default session options, as a user would).</summary>
internal static class OnnxRuntimeRunner
{
    /// <summary>The "probabilities" output for a float32 (N,3,H,W) input, as (N,classes).</summary>
    public static Tensor Probabilities(byte[] model, Tensor images)
    {
        using var session = new InferenceSession(model);
        var data = images.contiguous().data<float>().ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(data, images.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, ["image"], [input], ["probabilities"]);
        var output = results[0];
        return tensor(output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }
}
