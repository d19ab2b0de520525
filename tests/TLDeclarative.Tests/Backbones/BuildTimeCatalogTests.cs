using TLDeclarative.Backbones;
using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Tests.Backbones;

/// <summary>The build-time catalogue (what the generator checks specs against) matches the real networks.</summary>
public sealed class BuildTimeCatalogTests
{
    [Fact]
    public void Every_built_in_backbone_matches_the_run_time_network()
    {
        Assert.Equal(BuiltInBackbones.All.Select(b => b.Name).Distinct(), BackboneCatalog.Names);
        // TorchVision's architectures: TorchVisionBuildTimeCatalogTests (on the meta device, no weights made).
        foreach (var expected in BuiltInBackbones.All.Where(b => !b.AcceptsWeightFiles))
        {
            using var backbone = BackboneCatalog.Create(expected.Name, "none");

            Assert.Equal(expected.Stages, backbone.Stages.Select(s => s.Name));
            Assert.Equal(expected.StageParameters, backbone.Stages.Select(s => s.Modules.SelectMany(m => m.parameters()).Sum(p => p.numel())));
            Assert.Equal(expected.OutputChannels, backbone.OutputChannels);
            Assert.Equal(expected.StageParameters.Sum(), backbone.parameters().Sum(p => p.numel())); // no parameter outside the stages
        }
    }
}
