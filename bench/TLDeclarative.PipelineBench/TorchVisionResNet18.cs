using TLDeclarative.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.PipelineBench;

/// <summary>
/// TorchVision's resnet18 (random weights: speed does not depend on them) as a <see cref="Backbone"/>
/// with stages stem, layer1..layer4, cut before its pooling, that can run from any stage. PyTorch's
/// side of the benchmark builds the same network from torchvision.models.resnet18.
/// </summary>
internal sealed class TorchVisionResNet18 : Backbone
{
    private static readonly string[] StemNames = ["conv1", "bn1", "relu", "maxpool"];
    private static readonly string[] LayerNames = ["layer1", "layer2", "layer3", "layer4"];
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly nn.Module<Tensor, Tensor> layer1;
    private readonly nn.Module<Tensor, Tensor> layer2;
    private readonly nn.Module<Tensor, Tensor> layer3;
    private readonly nn.Module<Tensor, Tensor> layer4;
    private readonly Tensor mean;
    private readonly Tensor std;

    public TorchVisionResNet18()
        : base(nameof(TorchVisionResNet18))
    {
        var children = torchvision.models.resnet18().named_children().ToDictionary(c => c.name, c => c.module);
        var missing = StemNames.Concat(LayerNames).Where(n => !children.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"torchvision resnet18 has no child(ren) {string.Join(", ", missing)}; it has {string.Join(", ", children.Keys)}.");
        stem = nn.Sequential(StemNames.Select(n => (n, (nn.Module<Tensor, Tensor>)children[n])));
        var layers = LayerNames.Select(n => (nn.Module<Tensor, Tensor>)children[n]).ToArray();
        (layer1, layer2, layer3, layer4) = (layers[0], layers[1], layers[2], layers[3]);
        mean = tensor(ImageNetMean).reshape(1, 3, 1, 1);
        std = tensor(ImageNetStd).reshape(1, 3, 1, 1);
        RegisterComponents();
        Stages =
        [
            new BackboneStage("stem", Leaves(stem)),
            .. LayerNames.Select((n, i) => new BackboneStage(n, Leaves(layers[i]))),
        ];
    }

    public override IReadOnlyList<BackboneStage> Stages { get; }

    public override int OutputChannels => 512;

    private nn.Module<Tensor, Tensor>[] Sequence => [stem, layer1, layer2, layer3, layer4];

    /// <summary>torchvision's ImageNet normalisation, as torchvision.transforms.Normalize.</summary>
    public override Tensor Preprocess(Tensor rgb01) => rgb01.sub(mean).div_(std);

    public override Tensor forward(Tensor input) => ForwardFrom(0, input);

    public override bool CanForwardFrom(int stage) => stage >= 0 && stage <= Stages.Count;

    public override Tensor ForwardFrom(int stage, Tensor stageInput) => Run(Sequence.Skip(stage), stageInput);

    public override Tensor ForwardUntil(int stageCount, Tensor input) => Run(Sequence.Take(stageCount), input);

    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        var x = input;
        for (var i = 0; i < Sequence.Length; i++)
        {
            x = Sequence[i].call(x);
            stageOutput(i, x);
        }
    }

    private static Tensor Run(IEnumerable<nn.Module<Tensor, Tensor>> modules, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.alias();
        foreach (var module in modules)
            x = module.call(x);
        return x.MoveToOuterDisposeScope();
    }

    // Leaf modules (Conv2d, BatchNorm2d, ...) in forward order: what freeze policies and BatchNorm freezing work on.
    private static List<nn.Module> Leaves(nn.Module module) =>
        module.modules().Where(m => !m.children().Any()).ToList();
}
