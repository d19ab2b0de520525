using TLDeclarative.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.ResumeHost;

/// <summary>
/// Three conv-BatchNorm-ReLU stages. With TLD_RESUME_HOST_DELAY_MS set, each forward pass in training
/// mode also sleeps that long, so a test can reliably catch the run between two epochs of a phase.
/// </summary>
internal sealed class SmallBackbone : Backbone
{
    private static readonly int DelayMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("TLD_RESUME_HOST_DELAY_MS"), out var delay) ? delay : 0;

    private readonly Sequential stem;
    private readonly Sequential block1;
    private readonly Sequential block2;

    public SmallBackbone()
        : base(nameof(SmallBackbone))
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

    public override Tensor Preprocess(Tensor rgb01) => rgb01.sub(0.5);

    public override Tensor forward(Tensor input)
    {
        if (DelayMilliseconds > 0 && training)
            Thread.Sleep(DelayMilliseconds);
        return block2.call(block1.call(stem.call(input)));
    }

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
}
