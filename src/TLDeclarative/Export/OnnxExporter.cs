using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using Onnx;
using TLDeclarative.Backbones;
using TLDeclarative.Heads;
using TLDeclarative.Onnx;
using TLDeclarative.Reporting;
using TorchSharp;

namespace TLDeclarative.Export;

/// <summary>
/// Exports a <see cref="TransferModel"/> (backbone + head, current weights, inference mode) as one
/// ONNX model: input <see cref="OnnxExportNames.Input"/> (RGB in [0,1], the backbone's preprocessing
/// folded in), output <see cref="OnnxExportNames.Output"/> (class probabilities, as Experiment.Predict
/// computes them), and metadata naming the classes, image size and preprocessing.
/// </summary>
public static class OnnxExporter
{
    /// <summary>IR version 7 (ONNX 1.8): initializers need not be graph inputs; every ONNX Runtime since 1.6 reads it.</summary>
    private const long IrVersion = 7;

    /// <summary>Opset for graphs whose backbone does not fix one (all nodes the head uses mean the same from 7 to 21).</summary>
    private const long DefaultOpset = 13;

    /// <summary>Writes the model to <paramref name="path"/> (atomically; folders are created).</summary>
    public static void Save(TransferModel model, string path, OnnxExportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var onnx = Export(model, options);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        AtomicFile.Write(path, stream => onnx.WriteTo(stream));
    }

    /// <summary>The model as an ONNX <see cref="ModelProto"/>; the TorchSharp model is left as it was.</summary>
    /// <exception cref="NotSupportedException">The backbone kind, its preprocessing or a head layer cannot be exported (the message says which and why).</exception>
    public static ModelProto Export(TransferModel model, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ImageHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ImageWidth);
        var backbone = Exportable(model.Backbone, options.ImageHeight, options.ImageWidth);

        var graph = new GraphProto { Name = options.ExperimentName };
        var writer = new OnnxGraphWriter(graph);
        var input = writer.Claim(OnnxExportNames.Input);
        var output = writer.Claim(OnnxExportNames.Output);
        var (height, width) = (options.ImageHeight, options.ImageWidth);

        var (preprocessed, preprocessing) = PreprocessingFold.Append(writer, model.Backbone, input, height, width);
        if (model.Backbone is ImageNetResNet18)
            preprocessing += $" (the offset is minus ResNetPreprocess.onnx's 224x224 mean image, resized bilinearly to {height}x{width})";
        var features = backbone.AppendOnnx(writer, preprocessed, height, width);
        var (logits, logitCount) = HeadExport.Append(writer, model.Head, features);
        var classes = AppendProbabilities(writer, model.Output, logits, logitCount, output, options.Classes.Count);

        graph.Input.Add(FloatValue(input, ["batch", 3, height, width]));
        graph.Output.Add(FloatValue(output, ["batch", classes]));

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "TLDeclarative",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = $"{options.ExperimentName}: {model.Backbone.GetType().Name} backbone + head, {options.Classes.Count} classes; input '{input}' RGB [0,1] (N,3,{height},{width}), output '{output}' (N,{classes}).",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = writer.Opset ?? DefaultOpset });
        AddMetadata(onnx, options, preprocessing, model.Output);
        return onnx;
    }

    /// <summary>The backbone's ONNX writer, or why there is none.</summary>
    private static IOnnxExportableBackbone Exportable(Backbone backbone, int height, int width) => backbone switch
    {
        IOnnxExportableBackbone exportable => exportable,
        ImageNetResNet18 resnet => new ImportedGraphBackbone(resnet.Graph),
        _ when SoleImportedGraph(backbone, height, width) is { } graph => new ImportedGraphBackbone(graph),
        _ => throw new NotSupportedException(
            $"Backbone kind {backbone.GetType().Name} cannot be exported to ONNX yet: only backbones imported from ONNX (resnet18, ONNX files) "
            + $"and backbones implementing {nameof(IOnnxExportableBackbone)} can write their layers as ONNX nodes."),
    };

    /// <summary>
    /// A backbone that wraps one imported graph (e.g. an ONNX-file backbone) is that graph when its
    /// forward gives exactly the graph's output: checked on a random input of the exported size.
    /// </summary>
    private static OnnxGraphModule? SoleImportedGraph(Backbone backbone, int height, int width)
    {
        var graphs = backbone.named_children().Select(c => c.module).OfType<OnnxGraphModule>().ToList();
        if (graphs.Count != 1) return null;
        var same = InferenceProbe.Run(backbone, () =>
        {
            using var scope = torch.NewDisposeScope();
            var like = backbone.parameters().FirstOrDefault();
            var input = torch.rand([1, 3, height, width], dtype: like?.dtype ?? torch.ScalarType.Float32, device: like?.device ?? torch.CPU);
            return backbone.call(input).eq(graphs[0].call(input)).all().item<bool>();
        });
        return same ? graphs[0] : null;
    }

    /// <summary>Sigmoid: [1 - p, p] like Experiment.Predict; softmax over the logits otherwise.</summary>
    private static long AppendProbabilities(OnnxGraphWriter writer, ClassifierOutput kind, string logits, long logitCount, string output, int classCount)
    {
        if (kind == ClassifierOutput.Sigmoid)
        {
            if (logitCount != 1 || classCount != 2)
                throw new ArgumentException($"A sigmoid head has one output for two classes; this one has {logitCount} output(s) for {classCount} class(es).");
            var positive = writer.AddNode("Sigmoid", "sigmoid", logits);
            var one = writer.AddInitializer("one", [1f], 1);
            var negative = writer.AddNode("Sub", "one_minus_p", [one, positive]);
            writer.AddNode("Concat", "probabilities", [negative, positive], [output], OnnxGraphWriter.IntAttribute("axis", 1));
            return 2;
        }

        if (logitCount != classCount)
            throw new ArgumentException($"The head has {logitCount} outputs but {classCount} classes are named.");
        writer.AddNode("Softmax", "softmax", [logits], [output], OnnxGraphWriter.IntAttribute("axis", 1));
        return classCount;
    }

    private static void AddMetadata(ModelProto onnx, OnnxExportOptions options, string preprocessing, ClassifierOutput kind)
    {
        void Add(string key, string value) => onnx.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        Add(OnnxExportNames.ClassesKey, JsonSerializer.Serialize(options.Classes));
        Add(OnnxExportNames.ImageHeightKey, options.ImageHeight.ToString(CultureInfo.InvariantCulture));
        Add(OnnxExportNames.ImageWidthKey, options.ImageWidth.ToString(CultureInfo.InvariantCulture));
        Add(OnnxExportNames.ExperimentKey, options.ExperimentName);
        Add(OnnxExportNames.PreprocessingKey, preprocessing);
        Add(OnnxExportNames.ClassifierKey, kind == ClassifierOutput.Sigmoid ? "sigmoid" : "softmax");
    }

    private static ValueInfoProto FloatValue(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Built-in adapter for backbones whose class cannot implement the interface itself.</summary>
    private sealed class ImportedGraphBackbone(OnnxGraphModule graph) : IOnnxExportableBackbone
    {
        public string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width) =>
            ImportedGraphExport.Append(writer, graph, input, height, width);
    }
}
