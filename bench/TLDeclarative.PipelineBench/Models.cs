using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.PipelineBench;

/// <summary>The two phases every side runs: the head alone on a frozen backbone, then layer4 and the head.</summary>
internal static class Models
{
    public const double Phase1Rate = 1e-3;
    public const double Phase2Rate = 1e-4;

    /// <summary>Backbone + the head the generator writes for two classes (pool, flatten, dropout 0.2, dense 1).</summary>
    public static TransferModel Ours(int seed)
    {
        random.manual_seed(seed);
        var backbone = new TorchVisionResNet18();
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("dropout1", nn.Dropout(0.2)),
            ("output", nn.Linear(backbone.OutputChannels, 1)));
        return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
    }

    public static PhaseDefinition Phase(int phase, int epoch) => phase == 1
        ? new PhaseDefinition("feature_extraction", FreezePolicy.All, epoch, epoch, p => optim.Adam(p, lr: Phase1Rate))
        : new PhaseDefinition("fine_tuning", FreezePolicy.Until("layer4"), epoch, epoch, p => optim.Adam(p, lr: Phase2Rate));
}
