using System.Runtime.InteropServices;
using TLDeclarative.Backbones;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Spec.Catalog;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>TorchVision architectures as backbones: stages, feature maps, preprocessing and freezing.</summary>
public sealed class TorchVisionBackboneTests
{
    [Theory]
    [InlineData("mobilenet_v2", 64, "(16,32,32) (24,16,16) (32,8,8) (96,4,4) (1280,2,2)")]
    [InlineData("mobilenet_v3_small", 64, "(16,32,32) (16,16,16) (24,8,8) (48,4,4) (576,2,2)")]
    [InlineData("mobilenet_v3_large", 64, "(16,32,32) (24,16,16) (40,8,8) (112,4,4) (960,2,2)")]
    [InlineData("resnet50", 64, "(64,16,16) (256,16,16) (512,8,8) (1024,4,4) (2048,2,2)")]
    [InlineData("vgg11", 64, "(64,32,32) (128,16,16) (256,8,8) (512,4,4) (512,2,2)")]
    [InlineData("alexnet", 64, "(64,7,7) (192,3,3) (256,1,1)")]
    [InlineData("googlenet", 64, "(192,8,8) (480,8,8) (832,4,4) (1024,2,2)")]
    [InlineData("inception_v3", 80, "(192,7,7) (288,7,7) (768,3,3) (2048,1,1)")]
    public void Stages_step_down_in_resolution_and_the_build_time_minimum_size_is_exact(string name, int size, string shapes)
    {
        var min = BuiltInBackbones.Find(name, "weights.pth")!.MinImageSize;
        using var backbone = TorchVisionBackbone.Create(name);

        var stageShapes = backbone.StageOutputShapes(size, size);

        Assert.Equal(shapes, string.Join(" ", stageShapes.Select(s => $"({string.Join(",", s.Skip(1))})")));
        Assert.All(backbone.StageOutputShapes(min, min), shape => Assert.True(shape[2] >= 1 && shape[3] >= 1));
        if (min > 1)
            Assert.ThrowsAny<ExternalException>(() => backbone.StageOutputShapes(min - 1, min - 1));
    }

    [Fact]
    public void Forward_returns_the_last_stages_feature_map()
    {
        using var backbone = TorchVisionBackbone.Create("mobilenet_v3_small");
        backbone.eval();
        using var noGrad = no_grad();

        using var output = backbone.call(rand(2, 3, 64, 64));

        Assert.Equal([2, .. backbone.StageOutputShapes(64, 64)[^1].Skip(1)], output.shape);
        Assert.Equal(backbone.OutputChannels, output.shape[1]);
    }

    [Fact]
    public void Preprocess_applies_torchvisions_imagenet_normalisation()
    {
        using var backbone = TorchVisionBackbone.Create("mobilenet_v3_small");
        using var image = full(1, 3, 2, 2, 0.5f);

        using var input = backbone.Preprocess(image);

        var values = input[0, .., 0, 0].data<float>().ToArray();
        Assert.Equal((0.5 - 0.485) / 0.229, values[0], 5);
        Assert.Equal((0.5 - 0.456) / 0.224, values[1], 5);
        Assert.Equal((0.5 - 0.406) / 0.225, values[2], 5);
        Assert.Equal(ImagePreprocessing.ImageNet, TorchVisionBackbone.Preprocessing);
    }

    [Fact]
    public void Freeze_until_on_mobilenet_v2_trains_only_the_later_stages()
    {
        random.manual_seed(4);
        var backbone = TorchVisionBackbone.Create("mobilenet_v2");
        using var model = new TransferModel(backbone, nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1280, 1)), ClassifierOutput.Sigmoid);
        model.ApplyFreeze(FreezePolicy.Until("block3"));
        model.train();
        var before = backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var stageOf = StageOfEveryKey(backbone);

        using var optimizer = optim.SGD(model.TrainableParameters(), 0.1);
        using (var scope = NewDisposeScope())
        {
            var loss = model.call(rand(4, 3, 32, 32)).mean();
            loss.backward();
            optimizer.step();
        }

        Assert.Equal([true, true, true, false, false], FreezePolicy.Until("block3").FrozenStages(backbone));
        foreach (var (key, value) in backbone.state_dict())
        {
            var changed = !value.equal(before[key]).all().item<bool>();
            var trains = stageOf[key] is "block3" or "block4";
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
            Assert.True(changed == trains, $"{key} ({stageOf[key]}) changed: {changed}");
        }

        Assert.All(backbone.Stages.Take(3).SelectMany(s => s.Modules).OfType<BatchNorm2d>(), bn => Assert.False(bn.training));
        foreach (var tensor in before.Values) tensor.Dispose();
    }

    /// <summary>
    /// Guards the Fashion-MNIST finding in docs/backbones.md (random mobilenet_v2 at chance in validation):
    /// trained whole through <see cref="TransferModel"/>, every BatchNorm trains on batch statistics and
    /// updates its running statistics, and inference mode normalises with those statistics, so with the
    /// statistics of a batch (momentum 1, weights held still) inference gives what training mode gave.
    /// </summary>
    [Fact]
    public void Whole_network_training_updates_every_batch_norm_and_inference_mode_uses_its_statistics()
    {
        random.manual_seed(7);
        var backbone = TorchVisionBackbone.Create("mobilenet_v2");
        using var model = new TransferModel(backbone, nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1280, 1)), ClassifierOutput.Sigmoid);
        model.ApplyFreeze(FreezePolicy.None);
        model.train();
        var norms = backbone.named_modules().Select(m => m.module).OfType<BatchNorm2d>().ToList();
        using var scope = NewDisposeScope();
        var images = rand(32, 3, 64, 64);

        using (var optimizer = optim.SGD(model.TrainableParameters(), 0.01))
        {
            model.call(images).mean().backward();
            optimizer.step();
        }

        Assert.Equal(52, norms.Count);
        Assert.All(norms, bn =>
        {
            Assert.True(bn.training);
            Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
            Assert.False(bn.running_var!.eq(1f).all().item<bool>());
        });

        foreach (var bn in norms) bn.momentum = 1.0;
        Tensor trainingMode, inferenceMode;
        using (no_grad()) trainingMode = model.Features(images);
        model.eval();
        Assert.All(norms, bn => Assert.False(bn.training));
        using (no_grad()) inferenceMode = model.Features(images);

        // Not exact: running_var keeps the unbiased variance, training mode divides by the biased one, a gap
        // that shrinks as 1/images (measured 8.6% with 32 images, 34% with 8). Statistics left at 0/1 would
        // give features near 1e-9 (a 100% gap), and the default momentum 0.1 a mix of old and new.
        var relative = (inferenceMode - trainingMode).norm().item<float>() / trainingMode.norm().item<float>();
        Assert.True(relative < 0.15, $"inference-mode features differ from training-mode ones by {relative:P1}");
    }

    /// <summary>The stage of every state-dict entry, found through the stage's leaf modules.</summary>
    private static Dictionary<string, string> StageOfEveryKey(TorchVisionBackbone backbone)
    {
        var stageOfModule = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var stage in backbone.Stages)
        {
            foreach (var module in stage.Modules) stageOfModule[module] = stage.Name;
        }

        return backbone.named_modules()
            .Where(m => stageOfModule.ContainsKey(m.module))
            .SelectMany(m => m.module.state_dict().Keys.Select(k => (Key: $"{m.name}.{k}", Stage: stageOfModule[m.module])))
            .ToDictionary(p => p.Key, p => p.Stage);
    }
}
