using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>The parameters of <paramref name="Stage"/> train at <paramref name="Multiplier"/> times the phase's rate (YAML <c>lr_mult</c>).</summary>
public sealed record LearningRateMultiplier(string Stage, double Multiplier);

/// <summary>
/// Discriminative fine-tuning with optimizer parameter groups: the phase's optimizer is built over
/// the head and the stages at the base rate; each other multiplier becomes a parameter group of the
/// same optimizer type and settings, at base rate times multiplier (a schedule then scales every
/// group from its own initial rate).
/// </summary>
public static class ParameterGroups
{
    public static optim.Optimizer Create(TransferModel model, PhaseDefinition phase)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(phase);
        var trainable = model.TrainableParameters();
        if (phase.LearningRateMultipliers.Count == 0)
            return phase.CreateOptimizer(trainable);

        var named = BackboneParameters.Of(model.Backbone);
        var groups = new List<(double Multiplier, List<Parameter> Parameters)>();
        var grouped = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var multiplier in phase.LearningRateMultipliers)
        {
            var stage = model.Backbone.Stages.ToList().FindIndex(s => s.Name == multiplier.Stage);
            if (stage < 0)
                throw new InvalidOperationException($"Phase '{phase.Name}': lr_mult names stage '{multiplier.Stage}', but the backbone's stages are: {string.Join(", ", model.Backbone.Stages.Select(s => s.Name))}.");
            var members = named.Where(p => p.StageIndex == stage && p.Parameter.requires_grad).Select(p => p.Parameter).ToList();
            if (members.Count == 0)
                throw new InvalidOperationException($"Phase '{phase.Name}': lr_mult names stage '{multiplier.Stage}', which is frozen in this phase.");
            if (multiplier.Multiplier == 1)
                continue;
            groups.Add((multiplier.Multiplier, members));
            grouped.UnionWith(members);
        }

        var optimizer = phase.CreateOptimizer(trainable.Where(p => !grouped.Contains(p)).ToList());
        var helper = (OptimizerHelper)optimizer;
        var first = helper.ParamGroups.Cast<ParamGroup>().First();
        foreach (var (multiplier, members) in groups)
        {
            // Same optimizer type and settings as the base group; only the rate differs.
            var options = (OptimizerOptions)Activator.CreateInstance(first.Options.GetType())!;
            options.LoadStateDict(first.Options);
            options.LearningRate = first.LearningRate * multiplier;
            options.InitialLearningRate = first.LearningRate * multiplier;
            helper.add_param_group((ParamGroup)Activator.CreateInstance(first.GetType(), members, options)!);
        }

        return optimizer;
    }
}
