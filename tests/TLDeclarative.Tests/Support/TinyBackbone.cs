using TLDeclarative.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Support;

/// <summary>A three-stage conv net with BatchNorm: fast enough to train in unit tests.</summary>
internal sealed class TinyBackbone : Backbone
{
    private readonly Sequential stem;
    private readonly Sequential block1;
    private readonly Sequential block2;

    public TinyBackbone()
        : base(nameof(TinyBackbone))
    {
        stem = Stage(3, 8);
        block1 = Stage(8, 16);
        block2 = Stage(16, 16);
        RegisterComponents();
        Stages =
        [
            new BackboneStage("stem", Leaves(stem)),
            new BackboneStage("block1", Leaves(block1)),
            new BackboneStage("block2", Leaves(block2)),
        ];
    }

    public override IReadOnlyList<BackboneStage> Stages { get; }

    public override int OutputChannels => 16;

    public override Tensor Preprocess(Tensor rgb01) => rgb01.sub(0.5);

    public override Tensor forward(Tensor input) => block2.call(block1.call(stem.call(input)));

    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        var x = input;
        foreach (var (stage, index) in new[] { stem, block1, block2 }.Select((s, i) => (s, i)))
        {
            x = stage.call(x);
            stageOutput(index, x);
        }
    }

    private static Sequential Stage(int inputs, int outputs) => nn.Sequential(
        nn.Conv2d(inputs, outputs, 3, stride: 2, padding: 1),
        nn.BatchNorm2d(outputs),
        nn.ReLU());

    private static List<nn.Module> Leaves(Sequential stage) => stage.children().ToList();
}
