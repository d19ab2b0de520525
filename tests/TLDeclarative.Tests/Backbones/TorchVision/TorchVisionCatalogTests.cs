using TLDeclarative.Backbones;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tests.Support;
using TorchSharp;
using TorchSharp.PyBridge;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>Which network a (name, weights) pair selects, and what is said when none fits.</summary>
public sealed class TorchVisionCatalogTests
{
    [Fact]
    public void Every_torchvision_architecture_is_in_both_catalogues()
    {
        Assert.Equal(
            ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
             "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn", "alexnet", "googlenet", "inception_v3"],
            BackboneCatalog.Names);
        Assert.Equal(BackboneCatalog.Names, BuiltInBackbones.All.Where(b => b.AcceptsWeightFiles).Select(b => b.Name));
        Assert.Equal(["stem", "block1", "block2", "block3", "block4"], BackboneCatalog.StageNames("mobilenet_v2"));
        Assert.Equal(["stem", "mixed5", "mixed6", "mixed7"], BackboneCatalog.StageNames("inception_v3", "none"));
        Assert.Equal(["block1", "block2", "block3", "block4", "block5"], BackboneCatalog.StageNames("VGG16", "weights.pth"));
    }

    [Fact]
    public void Resnet18_with_a_weight_file_is_torchvisions_and_with_named_weights_the_embedded_network()
    {
        using var folder = new TempFolder();
        using (var network = torchvision.models.resnet18())
            network.save_py(folder.Combine("resnet18.pth"));

        using var fromFile = BackboneCatalog.Create("resnet18", folder.Combine("resnet18.pth"));
        using var embedded = BackboneCatalog.Create("resnet18", "none");

        Assert.Equal("resnet18", Assert.IsType<TorchVisionBackbone>(fromFile).Architecture.Name);
        Assert.IsType<ImageNetResNet18>(embedded);
        Assert.Equal(BuiltInBackbones.Find("resnet18", "resnet18.pth")!.StageParameters, fromFile.Stages.Select(s => s.Modules.SelectMany(m => m.parameters()).Sum(p => p.numel())));
    }

    [Fact]
    public void Other_architectures_take_none_or_a_weight_file()
    {
        using var backbone = BackboneCatalog.Create("alexnet", "none");

        Assert.Null(Assert.IsType<TorchVisionBackbone>(backbone).WeightsPath);

        var imagenet = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("mobilenet_v2", "imagenet"));
        Assert.Equal("Backbone 'mobilenet_v2' has no weights 'imagenet'. Known weights: none, or a weight file (.dat, .pt, .pth, .safetensors). (Parameter 'weights')", imagenet.Message);
        var onnx = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("resnet18", "model.onnx"));
        Assert.Equal("Backbone 'resnet18' has no weights 'model.onnx'. Known weights: imagenet, none, or a weight file (.dat, .pt, .pth, .safetensors). (Parameter 'weights')", onnx.Message);
        var unknown = Assert.Throws<ArgumentException>(() => BackboneCatalog.StageNames("efficientnet_b0", "none"));
        Assert.StartsWith("Unknown backbone 'efficientnet_b0'. Known backbones: resnet18, resnet34, resnet50, ", unknown.Message, StringComparison.Ordinal);
    }
}
