using TLDeclarative.Backbones;
using TLDeclarative.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Caching;

/// <summary>A three-stage conv net with BatchNorm that can run from any stage: frozen-prefix caching needs that.</summary>
internal sealed class StagedBackbone : Backbone
{
    private readonly Sequential stem;
    private readonly Sequential block1;
    private readonly Sequential block2;

    public StagedBackbone()
        : base(nameof(StagedBackbone))
    {
        stem = Stage(3, 8);
        block1 = Stage(8, 16);
        block2 = Stage(16, 16);
        RegisterComponents();
        Stages =
        [
            new BackboneStage("stem", stem.children().ToList()),
            new BackboneStage("block1", block1.children().ToList()),
            new BackboneStage("block2", block2.children().ToList()),
        ];
    }

    public override IReadOnlyList<BackboneStage> Stages { get; }

    public override int OutputChannels => 16;

    private Sequential[] Sequence => [stem, block1, block2];

    public override Tensor Preprocess(Tensor rgb01) => rgb01.sub(0.5);

    public override Tensor forward(Tensor input) => ForwardFrom(0, input);

    public override bool CanForwardFrom(int stage) => stage >= 0 && stage <= Stages.Count;

    public override Tensor ForwardFrom(int stage, Tensor stageInput)
    {
        var x = stageInput.alias();
        foreach (var module in Sequence.Skip(stage))
            x = module.call(x);
        return x;
    }

    public override Tensor ForwardUntil(int stageCount, Tensor input)
    {
        var x = input.alias();
        foreach (var module in Sequence.Take(stageCount))
            x = module.call(x);
        return x;
    }

    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        var x = input;
        for (var i = 0; i < Sequence.Length; i++)
        {
            x = Sequence[i].call(x);
            stageOutput(i, x);
        }
    }

    /// <summary>This backbone with the two-class head the generator writes (dropout included), seeded.</summary>
    public static TransferModel TwoClassModel(int seed = 1)
    {
        random.manual_seed(seed);
        var backbone = new StagedBackbone();
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("dropout1", nn.Dropout(0.2)),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
    }

    private static Sequential Stage(int inputs, int outputs) => nn.Sequential(
        nn.Conv2d(inputs, outputs, 3, stride: 2, padding: 1),
        nn.BatchNorm2d(outputs),
        nn.ReLU());
}
