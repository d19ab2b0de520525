using TLDeclarative.Backbones;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tests.Support;
using TLDeclarative.Weights;
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
    public void Other_architectures_take_official_names_none_or_a_weight_file()
    {
        using var backbone = BackboneCatalog.Create("alexnet", "none");

        Assert.Null(Assert.IsType<TorchVisionBackbone>(backbone).WeightsPath);

        var imagenet21k = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("mobilenet_v2", "imagenet21k"));
        Assert.Equal("Backbone 'mobilenet_v2' has no weights 'imagenet21k'. Known weights: imagenet, IMAGENET1K_V1, IMAGENET1K_V2, none, or a weight file (.dat, .pt, .pth, .safetensors). (Parameter 'weights')", imagenet21k.Message);
        var onnx = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("resnet18", "model.onnx"));
        Assert.Equal("Backbone 'resnet18' has no weights 'model.onnx'. Known weights: imagenet, none, IMAGENET1K_V1, or a weight file (.dat, .pt, .pth, .safetensors). (Parameter 'weights')", onnx.Message);
        var unknown = Assert.Throws<ArgumentException>(() => BackboneCatalog.StageNames("efficientnet_b0", "none"));
        Assert.StartsWith("Unknown backbone 'efficientnet_b0'. Known backbones: resnet18, resnet34, resnet50, ", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Official_weights_are_fetched_at_run_time_and_resnet18_imagenet_stays_the_embedded_network()
    {
        using var cache = new TempFolder();
        var offline = new WeightsResolver(new WeightsEnvironment(cache.Path, PretrainedWeightsTable.BaseUrl, Offline: true), new WeightsDownloader(DownloadProgress.None));

        var mobilenet = Assert.Throws<WeightsUnavailableException>(() => BackboneCatalog.Create("mobilenet_v2", "imagenet", offline));
        var torchvisionResNet = Assert.Throws<WeightsUnavailableException>(() => BackboneCatalog.Create("resnet18", "IMAGENET1K_V1", offline));
        using var embedded = BackboneCatalog.Create("resnet18", "imagenet", offline);

        Assert.StartsWith("The weights mobilenet_v2-7ebf99e0.pth for mobilenet_v2 IMAGENET1K_V2 are not in the cache", mobilenet.Message, StringComparison.Ordinal);
        Assert.Contains("https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth", mobilenet.Message, StringComparison.Ordinal);
        Assert.StartsWith("The weights resnet18-f37072fd.pth for resnet18 IMAGENET1K_V1 ", torchvisionResNet.Message, StringComparison.Ordinal);
        Assert.IsType<ImageNetResNet18>(embedded);
    }
}
