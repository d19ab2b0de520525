using TLDeclarative.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

/// <summary>The imported network is an ordinary trainable module; "none" gives a random baseline.</summary>
[Collection(ResNet18FixtureDefinition.Name)]
public sealed class ImageNetResNet18TrainingTests(ResNet18Fixture fixture)
{
    [Fact]
    public void Training_mode_backpropagates_and_updates_BatchNorm_statistics()
    {
        manual_seed(7);
        using var backbone = BackboneCatalog.Create("resnet18", "none");
        backbone.train();
        var stem = backbone.Stages[0].Modules;
        var firstConv = (Conv2d)stem[0];
        var firstNorm = (BatchNorm2d)stem[1];
        var lastConv = backbone.Stages[^1].Modules.OfType<Conv2d>().Last();
        using var meanBefore = firstNorm.running_mean!.clone();

        using (var scope = NewDisposeScope())
        {
            var images = backbone.Preprocess(FashionMnistImages.Rgb(2, 64));
            backbone.forward(images).pow(2).mean().backward();
        }

        Assert.NotNull(firstConv.weight.grad);
        Assert.True(firstConv.weight.grad!.abs().sum().item<float>() > 0);
        Assert.True(lastConv.weight.grad!.abs().sum().item<float>() > 0);
        Assert.False(firstNorm.running_mean!.allclose(meanBefore), "training mode must update running statistics");
    }

    [Fact]
    public void A_BatchNorm_put_in_eval_keeps_its_statistics_while_the_rest_trains()
    {
        manual_seed(8);
        using var backbone = BackboneCatalog.Create("resnet18", "none");
        backbone.train();
        var norm = backbone.Stages[0].Modules.OfType<BatchNorm2d>().Single();
        norm.eval();
        using var meanBefore = norm.running_mean!.clone();

        using (var scope = NewDisposeScope())
        {
            backbone.forward(backbone.Preprocess(FashionMnistImages.Rgb(2, 64))).mean().backward();
        }

        Assert.True(norm.running_mean!.allclose(meanBefore, rtol: 0, atol: 0));
    }

    [Fact]
    public void Moving_the_backbone_moves_its_preprocessing_too()
    {
        // No GPU here: a dtype move exercises the same replacement of parameters and buffers.
        using var backbone = BackboneCatalog.Create("resnet18", "none");
        backbone.eval();
        backbone.to(ScalarType.Float64);
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        var features = backbone.forward(backbone.Preprocess(FashionMnistImages.Rgb(1, 64).to(ScalarType.Float64)));

        Assert.Equal(ScalarType.Float64, features.dtype);
        Assert.Equal(new long[] { 1, 512, 2, 2 }, features.shape);
    }

    [Fact]
    public void Random_weights_give_different_features_than_imagenet()
    {
        manual_seed(9);
        using var random = BackboneCatalog.Create("resnet18", "none");
        random.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = FashionMnistImages.Rgb(2, 64);

        var pretrained = fixture.Pretrained.forward(fixture.Pretrained.Preprocess(images)).mean([2, 3]);
        var fresh = random.forward(random.Preprocess(images)).mean([2, 3]);

        var cosine = nn.functional.cosine_similarity(pretrained, fresh, dim: 1);
        Assert.True(cosine.max().item<float>() < 0.9, $"cosine similarity {cosine.max().item<float>()}");
        Assert.False(((ImageNetResNet18)random).IsPretrained);
    }

    [Fact]
    public void Random_convolutions_are_Kaiming_normal_and_BatchNorm_is_fresh()
    {
        manual_seed(10);
        using var random = BackboneCatalog.Create("resnet18", "none");
        var conv = random.Stages[^1].Modules.OfType<Conv2d>().Last(); // 512x512x3x3
        var norm = random.Stages[^1].Modules.OfType<BatchNorm2d>().Last();

        var expectedStd = Math.Sqrt(2.0 / (512 * 3 * 3)); // fan-out, ReLU gain
        Assert.InRange(conv.weight.std().item<float>(), expectedStd * 0.97, expectedStd * 1.03);
        Assert.True(norm.weight.allclose(ones(512), rtol: 0, atol: 0) && norm.bias!.allclose(zeros(512), rtol: 0, atol: 0));
        Assert.True(norm.running_mean!.allclose(zeros(512), rtol: 0, atol: 0) && norm.running_var!.allclose(ones(512), rtol: 0, atol: 0));
    }
}
