using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TLDeclarative.Backbones;
using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

/// <summary>
/// ONNX Runtime running the original files: ResNetPreprocess.onnx then ResNet18.onnx, the latter
/// with its last feature map added as an extra graph output (ORT only returns graph outputs).
/// </summary>
internal sealed class OrtReference : IDisposable
{
    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _network;

    public OrtReference(ResNet18ModelFiles files)
    {
        _preprocess = new InferenceSession(files.PreprocessPath);
        var model = OnnxModelFile.Load(files.ModelPath);
        PooledName = model.Graph.Output[0].Name;
        FeatureMapName = OnnxGraphQueries.FeatureMapBeforeGlobalPooling(model.Graph, files.ModelPath);
        model.Graph.Output.Add(new ValueInfoProto
        {
            Name = FeatureMapName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });
        _network = new InferenceSession(model.ToByteArray());
    }

    public string PooledName { get; }

    public string FeatureMapName { get; }

    /// <summary>ResNetPreprocess.onnx on one image given as RGB 0..255, (1,3,H,W).</summary>
    public float[] Preprocess(Tensor rgb255) => Run(_preprocess, rgb255, [_preprocess.OutputNames[0]])[0];

    /// <summary>Preprocessing then the network on one RGB [0,1] image: (pooled, feature map).</summary>
    public (float[] Pooled, float[] FeatureMap) Features(Tensor rgb01)
    {
        using var rgb255 = rgb01 * 255f;
        using var preprocessed = tensor(Preprocess(rgb255), rgb01.shape);
        var outputs = Run(_network, preprocessed, [PooledName, FeatureMapName]);
        return (outputs[0], outputs[1]);
    }

    private static float[][] Run(InferenceSession session, Tensor input, string[] outputNames)
    {
        var data = input.contiguous().data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(data, input.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [session.InputNames[0]], [value], outputNames);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    public void Dispose()
    {
        _preprocess.Dispose();
        _network.Dispose();
    }
}
