using TLDeclarative.Backbones;
using TorchSharp;
using TorchSharp.Modules;

namespace TLDeclarative.Freezing;

/// <summary>A backbone parameter with the name freeze globs match: <c>stage.module.parameter</c> (layer3.1.weight).</summary>
/// <param name="StageIndex">Index of its stage in <see cref="Backbone.Stages"/>.</param>
/// <param name="Module">The stage's leaf module that holds it.</param>
public sealed record NamedParameter(string Name, int StageIndex, torch.nn.Module Module, Parameter Parameter);

/// <summary>Names the backbone's parameters by stage: the k-th module of a stage is <c>stage.k</c>.</summary>
public static class BackboneParameters
{
    public static IReadOnlyList<NamedParameter> Of(Backbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var list = new List<NamedParameter>();
        for (var s = 0; s < backbone.Stages.Count; s++)
        {
            var stage = backbone.Stages[s];
            for (var k = 0; k < stage.Modules.Count; k++)
            {
                foreach (var (name, parameter) in stage.Modules[k].named_parameters())
                    list.Add(new NamedParameter($"{stage.Name}.{k}.{name}", s, stage.Modules[k], parameter));
            }
        }

        return list;
    }
}
