using TLDeclarative.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Backbones;

/// <summary>
/// The ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export with 2-2-2-3
/// residual blocks), imported as a trainable module and cut before its global pooling: forward maps
/// preprocessed (N,3,H,W) to (N,512,h,w) at any input size.
/// </summary>
public sealed class ImageNetResNet18 : Backbone
{
    public const string CatalogName = "resnet18";

    /// <summary>Stage names, derived from the graph at load time and checked against this list.</summary>
    public static IReadOnlyList<string> StageNameList { get; } = ["stem", "layer1", "layer2", "layer3", "layer4"];

    [ComponentName(Name = "graph")]
    private OnnxGraphModule _graph;

    [ComponentName(Name = "mean_image")]
    private Tensor _meanImage;

    [ComponentName(Name = "channel_order")]
    private Tensor _channelOrder;

    private readonly IReadOnlyList<BackboneStage> _stages;
    private readonly IReadOnlyList<int> _stageLastNodes;
    private readonly ImportedGraphStages _runs;

    private ImageNetResNet18(OnnxGraphModule graph, MeanImagePreprocessing preprocessing, bool pretrained)
        : base(CatalogName)
    {
        _graph = graph;
        _meanImage = preprocessing.MeanImage;
        _channelOrder = tensor(preprocessing.ChannelOrder);
        IsPretrained = pretrained;
        var partition = ResidualStages.Partition(graph.Nodes, StageNameList[0], "layer");
        _stages = partition.Stages;
        _stageLastNodes = partition.LastNodes;
        if (!_stages.Select(s => s.Name).SequenceEqual(StageNameList))
            throw new InvalidDataException(
                $"'{graph.ModelPath}' splits into stages [{string.Join(", ", _stages.Select(s => s.Name))}], expected [{string.Join(", ", StageNameList)}].");
        OutputChannels = (int)graph.Nodes.Select(n => n.Module).OfType<Conv2d>().Last().out_channels;
        _runs = new ImportedGraphStages(graph, _stageLastNodes);
        RegisterComponents();
    }

    /// <summary>True for ImageNet weights, false for the fresh random initialisation.</summary>
    public bool IsPretrained { get; }

    /// <summary>The imported graph (cut before global pooling); parameters are named after ONNX nodes.</summary>
    public OnnxGraphModule Graph => _graph;

    public override IReadOnlyList<BackboneStage> Stages => _stages;

    public override int OutputChannels { get; }

    /// <summary>Loads the files found by <see cref="ResNet18ModelFiles.Locate()"/>.</summary>
    public static ImageNetResNet18 Load(bool pretrained = true) => Load(ResNet18ModelFiles.Locate(), pretrained);

    /// <param name="files">The two ONNX files.</param>
    /// <param name="pretrained">False: same architecture, Kaiming-normal convolutions and fresh BatchNorm.</param>
    public static ImageNetResNet18 Load(ResNet18ModelFiles files, bool pretrained = true)
    {
        ArgumentNullException.ThrowIfNull(files);
        var model = OnnxModelFile.Load(files.ModelPath);
        var featureMap = OnnxGraphQueries.FeatureMapBeforeGlobalPooling(model.Graph, files.ModelPath);
        var graph = OnnxImporter.Import(model, files.ModelPath, new OnnxImportOptions { OutputName = featureMap });
        if (!pretrained) FreshInitialization.Apply(graph);
        return new ImageNetResNet18(graph, MeanImagePreprocessing.Read(files.PreprocessPath), pretrained);
    }

    public override Tensor forward(Tensor input) => _graph.forward(input);

    /// <summary>Stage boundaries the nodes after it cross with the stage's output alone (no skip jumps over it).</summary>
    public override bool CanForwardFrom(int stage) => _runs.CanForwardFrom(stage);

    /// <summary>Runs only the graph's nodes up to the stage's last node (not the whole network).</summary>
    public override Tensor ForwardUntil(int stageCount, Tensor input) =>
        stageCount > 0 && stageCount < Stages.Count ? _runs.ForwardUntil(stageCount, input) : base.ForwardUntil(stageCount, input);

    /// <summary>Runs the graph's nodes after stage <paramref name="stage"/> - 1's last node on its output.</summary>
    public override Tensor ForwardFrom(int stage, Tensor stageInput) =>
        stage > 0 && stage < Stages.Count && _runs.CanForwardFrom(stage) ? _runs.ForwardFrom(stage, stageInput) : base.ForwardFrom(stage, stageInput);

    /// <summary>A stage's output is the value of its last node in execution order (the stem's is its MaxPool).</summary>
    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        ArgumentNullException.ThrowIfNull(stageOutput);
        var stageByLastNode = _stageLastNodes.Select((node, stage) => (node, stage)).ToDictionary(p => p.node, p => p.stage);
        using var output = _graph.ForwardObserving(input, (node, value) =>
        {
            if (stageByLastNode.TryGetValue(node, out var stage)) stageOutput(stage, value);
        });
    }

    /// <summary>
    /// RGB in [0,1] to what the network was trained on: BGR, 0..255, minus the mean image. The mean
    /// image is 224x224; other sizes get it resized bilinearly (at 224 this equals ResNetPreprocess.onnx).
    /// </summary>
    public override Tensor Preprocess(Tensor rgb01)
    {
        ArgumentNullException.ThrowIfNull(rgb01);
        if (rgb01.ndim != 4 || rgb01.shape[1] != 3)
            throw new ArgumentException($"Expected RGB images (N,3,H,W), got [{string.Join(",", rgb01.shape)}].", nameof(rgb01));

        using var scope = NewDisposeScope();
        var reordered = rgb01.index_select(1, _channelOrder).mul_(MeanImagePreprocessing.InputScale);
        var (height, width) = (rgb01.shape[2], rgb01.shape[3]);
        var mean = height == _meanImage.shape[2] && width == _meanImage.shape[3]
            ? _meanImage
            : F.interpolate(_meanImage, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        return reordered.sub_(mean).MoveToOuterDisposeScope();
    }
}
