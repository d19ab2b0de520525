using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>
/// The build-time entries of the TorchVision architectures (hard-coded in netstandard2.0, where
/// TorchSharp is not available) agree with the networks: a TorchVision upgrade or a layout change that
/// moves a parameter between stages fails here.
/// </summary>
[Collection(nameof(MetaDevice))]
public sealed class TorchVisionBuildTimeCatalogTests
{
    [Fact]
    public void Stages_parameter_counts_and_channels_match_every_architecture()
    {
        var entries = BuiltInBackbones.All.Where(b => b.AcceptsWeightFiles).ToList();
        Assert.Equal(TorchVisionArchitectures.Names, entries.Select(e => e.Name));
        foreach (var expected in entries)
        {
            var (stages, counts, total, channels) = MetaDevice.Run(() =>
            {
                using var backbone = TorchVisionBackbone.Create(expected.Name);
                return (backbone.Stages.Select(s => s.Name).ToList(),
                    backbone.Stages.Select(s => s.Modules.SelectMany(m => m.parameters()).Sum(p => p.numel())).ToList(),
                    backbone.parameters().Sum(p => p.numel()),
                    backbone.OutputChannels);
            });

            Assert.Equal(expected.Stages, stages);
            Assert.Equal(expected.StageParameters, counts);
            Assert.Equal(expected.StageParameters.Sum(), total); // no parameter outside the stages
            Assert.Equal(expected.OutputChannels, channels);
        }
    }
}
