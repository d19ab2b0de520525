using TLDeclarative.Export;
using TLDeclarative.Onnx;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// A backbone imported from any ONNX CNN file: cut at a named node or at its last spatial feature map,
/// split into the stages the options name, fed by the preprocessing the options describe.
/// </summary>
public sealed class OnnxFileBackbone : Backbone, IOnnxExportableBackbone
{
    /// <summary>Name of the single stage when the spec names none.</summary>
    public const string WholeNetworkStage = "backbone";

    [ComponentName(Name = "graph")]
    private OnnxGraphModule _graph;

    [ComponentName(Name = "mean")]
    private Tensor _mean;

    [ComponentName(Name = "std")]
    private Tensor _std;

    [ComponentName(Name = "channel_order")]
    private Tensor _channelOrder;

    private readonly double _scale;
    private readonly OnnxStagePartition _partition;
    private readonly ImportedGraphStages _runs;

    private OnnxFileBackbone(OnnxGraphModule graph, ImagePreprocessing preprocessing, OnnxStagePartition partition, int outputChannels, bool pretrained)
        : base(Path.GetFileNameWithoutExtension(graph.ModelPath))
    {
        _graph = graph;
        _partition = partition;
        _runs = new ImportedGraphStages(graph, partition.OutputNodes);
        _scale = preprocessing.Scale;
        _mean = tensor(preprocessing.Mean.Select(v => (float)v).ToArray()).reshape(1, 3, 1, 1);
        _std = tensor(preprocessing.Std.Select(v => (float)v).ToArray()).reshape(1, 3, 1, 1);
        _channelOrder = tensor(preprocessing.ColorOrder == ColorOrder.Bgr ? new long[] { 2, 1, 0 } : [0, 1, 2]);
        OutputChannels = outputChannels;
        IsPretrained = pretrained;
        RegisterComponents();
    }

    /// <summary>The imported graph up to the cut; parameters are named after ONNX nodes.</summary>
    public OnnxGraphModule Graph => _graph;

    /// <summary>The node whose output is the feature map.</summary>
    public string CutNode => _graph.Nodes[^1].Name;

    /// <summary>True when the file's weights were kept, false after re-initialisation.</summary>
    public bool IsPretrained { get; }

    public override IReadOnlyList<BackboneStage> Stages => _partition.Stages;

    public override int OutputChannels { get; }

    /// <summary>
    /// Imports <paramref name="path"/> up to <see cref="OnnxBackboneOptions.Cut"/> (or the automatic cut),
    /// splits it into <see cref="OnnxBackboneOptions.Stages"/> and, unless pretrained, re-initialises it.
    /// </summary>
    /// <exception cref="OnnxImportException">An unsupported operator, a missing or non-spatial cut, a bad stage.</exception>
    public static Backbone Load(string path, OnnxBackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options.Preprocessing, path);
        var model = OnnxModelFile.Load(path);
        var inputShape = OnnxCutPoint.DeclaredInputShape(model.Graph, path);
        var graph = OnnxImporter.Import(model, path, options.Cut is null ? new OnnxImportOptions { AutoCut = true } : new OnnxImportOptions { Cut = options.Cut });
        try
        {
            if (inputShape[1] != 3)
                throw new OnnxImportException($"'{path}': the network takes {inputShape[1]} channels; image backbones take 3 (RGB or BGR).");
            var outputShape = OnnxCutPoint.ProbeShapes(graph, inputShape)[graph.OutputName];
            var partition = OnnxStagePartition.Split(graph, options.Stages, WholeNetworkStage);
            if (!options.Pretrained) FreshInitialization.Apply(graph);
            return new OnnxFileBackbone(graph, options.Preprocessing, partition, (int)outputShape[1], options.Pretrained);
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    public override Tensor forward(Tensor input) => AsFeatureMap(_graph.forward(input));

    /// <summary>Stage boundaries the nodes after it cross with the stage's output alone (no skip jumps over it).</summary>
    public override bool CanForwardFrom(int stage) => _runs.CanForwardFrom(stage);

    /// <summary>Runs only the graph's nodes up to the stage's last node (not the whole network).</summary>
    public override Tensor ForwardUntil(int stageCount, Tensor input) =>
        stageCount > 0 && stageCount < Stages.Count ? _runs.ForwardUntil(stageCount, input) : base.ForwardUntil(stageCount, input);

    /// <summary>Runs the graph's nodes after stage <paramref name="stage"/> - 1's last node on its output.</summary>
    public override Tensor ForwardFrom(int stage, Tensor stageInput) =>
        stage > 0 && stage < Stages.Count && _runs.CanForwardFrom(stage) ? AsFeatureMap(_runs.ForwardFrom(stage, stageInput)) : base.ForwardFrom(stage, stageInput);

    /// <summary>A token network's cut is its class token (N, C): heads see it as a 1x1 map, so every pooling applies.</summary>
    private static Tensor AsFeatureMap(Tensor output)
    {
        if (output.ndim != 2) return output;
        using (output) return output.reshape(output.shape[0], output.shape[1], 1, 1);
    }

    /// <summary>The file's nodes up to the cut with the current weights (the exporter folds <see cref="Preprocess"/> in by itself).</summary>
    public string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width) =>
        ImportedGraphExport.Append(writer, _graph, input, height, width);

    /// <summary>RGB in [0,1] to the network's input: channel order, then * Scale, then (x - mean) / std per channel.</summary>
    public override Tensor Preprocess(Tensor rgb01)
    {
        ArgumentNullException.ThrowIfNull(rgb01);
        if (rgb01.ndim != 4 || rgb01.shape[1] != 3)
            throw new ArgumentException($"Expected RGB images (N,3,H,W), got [{string.Join(",", rgb01.shape)}].", nameof(rgb01));
        using var scope = NewDisposeScope();
        var reordered = rgb01.index_select(1, _channelOrder).mul_(_scale);
        return reordered.sub_(_mean).div_(_std).MoveToOuterDisposeScope();
    }

    /// <summary>Each stage's output is the value of its last node; the last stage's is the cut.</summary>
    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        ArgumentNullException.ThrowIfNull(stageOutput);
        var stageByNode = _partition.OutputNodes.Select((node, stage) => (node, stage)).ToDictionary(p => p.node, p => p.stage);
        using var output = _graph.ForwardObserving(input, (node, value) =>
        {
            if (stageByNode.TryGetValue(node, out var stage)) stageOutput(stage, value);
        });
    }

    private static void Validate(ImagePreprocessing preprocessing, string path)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (preprocessing.Mean.Count != 3 || preprocessing.Std.Count != 3)
            throw new ArgumentException($"Preprocessing for '{path}': Mean and Std need 3 values (one per channel), got {preprocessing.Mean.Count} and {preprocessing.Std.Count}.");
        if (preprocessing.Std.Any(s => s == 0 || !double.IsFinite(s)))
            throw new ArgumentException($"Preprocessing for '{path}': every Std value must be finite and non-zero, got [{string.Join(", ", preprocessing.Std)}].");
        if (preprocessing.Scale == 0 || !double.IsFinite(preprocessing.Scale))
            throw new ArgumentException($"Preprocessing for '{path}': Scale must be finite and non-zero, got {preprocessing.Scale}.");
    }
}
