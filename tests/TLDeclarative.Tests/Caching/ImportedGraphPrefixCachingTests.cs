using Google.Protobuf;
using TLDeclarative.Augmentation;
using TLDeclarative.Backbones;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Backbones;
using TLDeclarative.Tests.Onnx;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Caching;

/// <summary>
/// Imported-graph backbones (the embedded resnet18, ONNX files) run from a stage boundary: the frozen
/// prefix is cached and the later stages train on it exactly as on images; a boundary a skip
/// connection jumps over is refused.
/// </summary>
[Collection(GlobalRandomTests.Name)]
public sealed class ImportedGraphPrefixCachingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tld-prefix-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Resnet18_runs_from_every_stage_boundary_like_the_whole_network()
    {
        using var backbone = ImageNetResNet18.Load(ResNet18ModelFiles.Locate());
        backbone.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = backbone.Preprocess(rand([2, 3, 40, 40], generator: new TorchSharp.torch.Generator(1)));
        var whole = backbone.forward(input);
        var shapes = backbone.StageOutputShapes(40, 40);

        Assert.False(backbone.CanForwardFrom(0));
        for (var stage = 1; stage <= backbone.Stages.Count; stage++)
        {
            Assert.True(backbone.CanForwardFrom(stage), $"stage {stage}");
            var prefix = backbone.ForwardUntil(stage, input);
            Assert.Equal([2L, .. shapes[stage - 1].Skip(1)], prefix.shape);
            var rest = backbone.ForwardFrom(stage, prefix);
            Assert.True(rest.eq(whole).all().item<bool>(), $"from stage {backbone.Stages[Math.Min(stage, backbone.Stages.Count - 1)].Name}: max diff {(rest - whole).abs().max().item<float>()}");
            Assert.False(prefix.IsInvalid, "the cached prefix must outlive the run from it");
        }
    }

    [Fact]
    public void Resnet18_with_stem_to_layer3_frozen_caches_them_and_trains_layer4_like_the_uncached_run()
    {
        var files = ResNet18ModelFiles.Locate();
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 4, validationPerClass: 2);
        using var trainData = train;
        using var validationData = validation;

        TrainingHistory Run(FeatureCacheSettings caching, out FeatureCacheDecision decision)
        {
            using var backbone = ImageNetResNet18.Load(files);
            random.manual_seed(7);
            var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("dropout", nn.Dropout(0.2)), ("output", nn.Linear(512, 1)));
            using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
            random.manual_seed(11); // the head's dropout draws the same masks in both runs
            var trainer = new Trainer(model, new NullTrainingProgress()) { FeatureCaching = caching };
            var history = trainer.Run(
                [new PhaseDefinition("layer4", FreezePolicy.Until("layer4"), 1, 2, p => optim.Adam(p, lr: 1e-3))],
                new BatchLoader(trainData, 4, CPU, shuffle: true, seed: 4),
                new BatchLoader(validationData, 4, CPU, shuffle: false, seed: 4),
                augmenter: null);
            decision = trainer.FeatureCacheDecisions["layer4"];
            return history;
        }

        var cached = Run(FeatureCacheSettings.Auto, out var cachedDecision);
        var uncached = Run(FeatureCacheSettings.Off, out var offDecision);

        Assert.Equal((FeatureCacheKind.Exact, 4), (cachedDecision.Kind, cachedDecision.FrozenStages));
        Assert.StartsWith("stages stem..layer3 are frozen and no augmentation", cachedDecision.Reason, StringComparison.Ordinal);
        Assert.Equal(FeatureCacheKind.None, offDecision.Kind);
        Assert.Equal(2, cached.Epochs.Count);
        for (var i = 0; i < 2; i++)
        {
            var (a, b) = (cached.Epochs[i], uncached.Epochs[i]);
            Assert.Equal(b.TrainLoss, a.TrainLoss, 1e-5);
            Assert.Equal(b.TrainAccuracy, a.TrainAccuracy, 1e-5);
            Assert.Equal(b.ValidationLoss!.Value, a.ValidationLoss!.Value, 1e-5);
        }

        // layer4 did train: the second epoch's loss differs from the first.
        Assert.NotEqual(cached.Epochs[0].TrainLoss, cached.Epochs[1].TrainLoss);
    }

    [Fact]
    public void Onnx_file_backbone_runs_from_a_clean_boundary_and_refuses_one_a_skip_jumps_over()
    {
        var path = Path.Combine(_directory, "mobilenet.onnx");
        File.WriteAllBytes(path, OnnxTestNetworks.MobileNetV2Like().ToByteArray());
        using var clean = OnnxFileBackbone.Load(path, new OnnxBackboneOptions { Cut = "last_relu6", Stages = [new("early", "b1_add"), new("late", "last_relu6")] });
        using var skipped = OnnxFileBackbone.Load(path, new OnnxBackboneOptions { Cut = "last_relu6", Stages = [new("early", "b1_dw_relu6"), new("late", "last_relu6")] });
        clean.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = randn([2, 3, 32, 32], generator: new TorchSharp.torch.Generator(2));

        Assert.True(clean.CanForwardFrom(1));
        var prefix = clean.ForwardUntil(1, input);
        Assert.Equal([2L, 8, 16, 16], prefix.shape);
        Assert.True(clean.ForwardFrom(1, prefix).eq(clean.forward(input)).all().item<bool>());

        // stem_out feeds b1_add after b1_dw_relu6: the stage output alone cannot resume the network.
        Assert.False(skipped.CanForwardFrom(1));
        var error = Assert.Throws<NotSupportedException>(() => skipped.ForwardFrom(1, prefix));
        Assert.Equal("OnnxFileBackbone cannot run from stage 1 on.", error.Message);
        var decision = FeatureCachePlanner.Plan(FeatureCacheSettings.Auto, skipped, FreezePolicy.Until("late"), BatchNormPolicy.Frozen, AugmentationSettings.None, 32, 32, 10, 4);
        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Equal("stage early is frozen, but OnnxFileBackbone cannot run from stage late on, so the stages that train need the images", decision.Reason);
    }
}
