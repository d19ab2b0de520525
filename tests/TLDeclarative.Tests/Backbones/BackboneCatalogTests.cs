using TLDeclarative.Backbones;

namespace TLDeclarative.Tests.Backbones;

public sealed class BackboneCatalogTests
{
    [Fact]
    public void Knows_resnet18_and_its_stages_without_loading_it()
    {
        Assert.True(BackboneCatalog.IsKnown("resnet18"));
        Assert.True(BackboneCatalog.IsKnown("ResNet18"));
        Assert.False(BackboneCatalog.IsKnown("efficientnet_b0"));
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4"], BackboneCatalog.StageNames("resnet18"));
    }

    [Fact]
    public void Unknown_names_and_weights_list_what_is_known()
    {
        var name = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("efficientnet_b0", "imagenet"));
        Assert.Contains("resnet18", name.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BackboneCatalog.StageNames("efficientnet_b0"));

        var weights = Assert.Throws<ArgumentException>(() => BackboneCatalog.Create("resnet18", "coco"));
        Assert.Contains("imagenet", weights.Message, StringComparison.Ordinal);
        Assert.Contains("none", weights.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_the_pretrained_backbone()
    {
        using var backbone = BackboneCatalog.Create("resnet18", "imagenet");

        var resnet = Assert.IsType<ImageNetResNet18>(backbone);
        Assert.True(resnet.IsPretrained);
        Assert.Equal(BackboneCatalog.StageNames("resnet18"), backbone.Stages.Select(s => s.Name));
    }
}
