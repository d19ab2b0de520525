using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>Runs one graph through ONNX Runtime and through the importer, and measures how far apart they are.</summary>
internal static class OnnxParity
{
    /// <summary>ONNX Runtime's value of <paramref name="output"/> (added as a graph output if it is an intermediate).</summary>
    public static Tensor Reference(ModelProto model, Tensor input, string output)
    {
        var copy = model.Clone();
        if (copy.Graph.Output.All(o => o.Name != output))
        {
            copy.Graph.Output.Add(new ValueInfoProto
            {
                Name = output,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        using var session = new InferenceSession(copy.ToByteArray());
        // Token ids are int64; everything else here is float.
        using var value = input.dtype == ScalarType.Int64
            ? OrtValue.CreateTensorValueFromMemory(input.contiguous().data<long>().ToArray(), input.shape)
            : OrtValue.CreateTensorValueFromMemory(input.contiguous().data<float>().ToArray(), input.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [session.InputNames[0]], [value], [output]);
        return tensor(results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Max |ours - ORT| of the imported module's output (inference mode) on <paramref name="input"/>.</summary>
    public static float MaxAbsDiff(ModelProto model, Tensor input, OnnxImportOptions? options = null)
    {
        using var module = OnnxImporter.Import(model.Clone(), "parity.onnx", options);
        return MaxAbsDiff(model, module, input);
    }

    public static float MaxAbsDiff(ModelProto model, OnnxGraphModule module, Tensor input)
    {
        using var scope = NewDisposeScope();
        var reference = Reference(model, input, module.OutputName);
        var wasTraining = module.training;
        module.eval();
        Tensor ours;
        using (no_grad()) ours = module.forward(input);
        module.train(wasTraining);
        Assert.Equal(reference.shape, ours.shape);
        return (ours - reference).abs().max().item<float>();
    }
}
