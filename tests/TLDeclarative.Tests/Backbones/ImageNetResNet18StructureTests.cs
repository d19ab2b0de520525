using TLDeclarative.Backbones;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

[Collection(ResNet18FixtureDefinition.Name)]
public sealed class ImageNetResNet18StructureTests(ResNet18Fixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Stages_follow_the_graph_with_2_2_2_3_blocks()
    {
        var stages = fixture.Pretrained.Stages;
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4"], stages.Select(s => s.Name));

        // Exact counts: stem conv7x7 + BN; layer1 4 convs; layer2/3 4 convs + 1x1 shortcut; layer4 6 + shortcut.
        var counts = stages.Select(s => s.Modules.SelectMany(m => m.parameters()).Sum(p => p.numel())).ToArray();
        output.WriteLine(string.Join(", ", stages.Select((s, i) => $"{s.Name}={counts[i]}")));
        Assert.Equal([9_536, 147_968, 525_568, 2_099_712, 13_114_368], counts);
        Assert.Equal([2, 8, 10, 10, 14], stages.Select(s => s.Modules.Count));
    }

    [Fact]
    public void Stages_cover_every_parameter_exactly_once()
    {
        var total = fixture.Pretrained.parameters().Sum(p => p.numel());
        var inStages = fixture.Pretrained.Stages.SelectMany(s => s.Modules).SelectMany(m => m.parameters()).Sum(p => p.numel());

        Assert.Equal(15_897_152, total);
        Assert.Equal(total, inStages);
        Assert.Equal(512, fixture.Pretrained.OutputChannels);
    }

    [Fact]
    public void Stage_modules_are_Conv2d_and_BatchNorm2d()
    {
        var modules = fixture.Pretrained.Stages.SelectMany(s => s.Modules).ToList();
        Assert.All(modules, m => Assert.True(m is Conv2d or BatchNorm2d, m.GetType().Name));
        Assert.Equal(22, modules.OfType<Conv2d>().Count());
        Assert.Equal(22, modules.OfType<BatchNorm2d>().Count());
    }
}
