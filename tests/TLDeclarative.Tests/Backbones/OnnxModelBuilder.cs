using Google.Protobuf;
using Onnx;

namespace TLDeclarative.Tests.Backbones;

/// <summary>Builds small ONNX models in code, to test operators one by one against ONNX Runtime.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly Random _random = new(1234);

    public OnnxModelBuilder Input(string name, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, shape));
        return this;
    }

    /// <summary>An image input (N,C,H,W) whose batch size is symbolic, as exporters declare it.</summary>
    /// <summary>An int64 input such as token ids.</summary>
    public OnnxModelBuilder TokenInput(string name, params long[] shape)
    {
        var input = ValueInfo(name, shape);
        input.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64;
        _graph.Input.Add(input);
        return this;
    }

    public OnnxModelBuilder ImageInput(string name, long channels, long height, long width)
    {
        var input = ValueInfo(name, [1, channels, height, width]);
        input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        _graph.Input.Add(input);
        return this;
    }

    public OnnxModelBuilder Output(string name)
    {
        _graph.Output.Add(ValueInfo(name, null));
        return this;
    }

    /// <summary>A float initializer with deterministic values in [low, high).</summary>
    public OnnxModelBuilder Initializer(string name, long[] shape, float low = -0.5f, float high = 0.5f)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = Enumerable.Range(0, (int)count).Select(_ => low + ((high - low) * (float)_random.NextDouble()));
        _graph.Initializer.Add(FloatTensor(name, shape, values));
        return this;
    }

    public OnnxModelBuilder Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A float initializer with the given values (a scalar when <paramref name="shape"/> is empty).</summary>
    public OnnxModelBuilder FloatInitializer(string name, long[] shape, params float[] values)
    {
        _graph.Initializer.Add(FloatTensor(name, shape, values));
        return this;
    }

    /// <summary>An int64 initializer of any shape (a scalar when <paramref name="shape"/> is empty).</summary>
    public OnnxModelBuilder Int64Tensor(string name, long[] shape, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(shape);
        tensor.Int64Data.Add(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxModelBuilder Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public ModelProto Build(long opset = 13)
    {
        var model = new ModelProto { IrVersion = 7, Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    /// <summary>The model with an explicit IR version (opsets above 13 need IR 8 or later).</summary>
    public ModelProto Build(long opset, long irVersion)
    {
        var model = Build(opset);
        model.IrVersion = irVersion;
        return model;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public static TensorProto FloatTensor(string name, long[] shape, IEnumerable<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(shape);
        tensor.FloatData.Add(values);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, long[]? shape)
    {
        var type = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (shape is not null)
        {
            type.Shape = new TensorShapeProto();
            foreach (var d in shape) type.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = type } };
    }
}
