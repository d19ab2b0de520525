using TLDeclarative.Backbones;
using TLDeclarative.Spec.Text;

namespace TLDeclarative.Freezing;

/// <summary>
/// Which backbone stages a phase freezes. Frozen stages get no gradients, are left out of the
/// optimizer, and keep their BatchNorm layers in inference mode (running statistics untouched).
/// </summary>
public abstract record FreezePolicy
{
    /// <summary>The whole backbone is frozen: only the head trains (feature extraction).</summary>
    public static FreezePolicy All { get; } = new AllStages();

    /// <summary>Nothing is frozen: the whole network trains.</summary>
    public static FreezePolicy None { get; } = new NoStages();

    /// <summary>Stages before <paramref name="firstTrainableStage"/> stay frozen; it and later stages train.</summary>
    public static FreezePolicy Until(string firstTrainableStage) => new UntilStage(firstTrainableStage);

    /// <summary>The last <paramref name="count"/> stages train; the stages before them stay frozen.</summary>
    public static FreezePolicy LastStages(int count) => new LastStageCount(count);

    /// <summary>
    /// Everything is frozen except what the globs match: a glob without a dot matches stage names
    /// (layer4, layer*), one with a dot matches parameter names <c>stage.module.parameter</c>
    /// (layer3.1.*). Every glob must match at least one parameter, or applying the policy throws.
    /// </summary>
    public static FreezePolicy Matching(params string[] trainablePatterns) => new MatchingPatterns([.. trainablePatterns]);

    /// <summary>True for the stages this policy freezes, in the backbone's order.</summary>
    public abstract IReadOnlyList<bool> FrozenStages(Backbone backbone);

    /// <summary>Per parameter of <see cref="BackboneParameters.Of"/>, whether it stays frozen; by default whole stages.</summary>
    public virtual IReadOnlyList<bool> FrozenParameters(Backbone backbone, IReadOnlyList<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var stages = FrozenStages(backbone);
        return parameters.Select(p => stages[p.StageIndex]).ToArray();
    }

    private sealed record LastStageCount(int Count) : FreezePolicy
    {
        public override IReadOnlyList<bool> FrozenStages(Backbone backbone)
        {
            if (Count < 0 || Count > backbone.Stages.Count)
                throw new InvalidOperationException($"Cannot train the last {Count} stages: the backbone has {backbone.Stages.Count} ({string.Join(", ", backbone.Stages.Select(s => s.Name))}).");
            return backbone.Stages.Select((_, i) => i < backbone.Stages.Count - Count).ToArray();
        }

        public override string ToString() => $"train the last {Count}";
    }

    private sealed record MatchingPatterns(IReadOnlyList<string> Patterns) : FreezePolicy
    {
        public override IReadOnlyList<bool> FrozenStages(Backbone backbone)
        {
            var parameters = BackboneParameters.Of(backbone);
            var frozen = FrozenParameters(backbone, parameters);
            return backbone.Stages.Select((_, s) => Enumerable.Range(0, parameters.Count).Where(i => parameters[i].StageIndex == s).All(i => frozen[i])).ToArray();
        }

        public override IReadOnlyList<bool> FrozenParameters(Backbone backbone, IReadOnlyList<NamedParameter> parameters)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            var frozen = Enumerable.Repeat(true, parameters.Count).ToArray();
            foreach (var pattern in Patterns)
            {
                var matched = false;
                for (var i = 0; i < parameters.Count; i++)
                {
                    if (!Glob.IsMatch(pattern, Glob.IsParameterGlob(pattern) ? parameters[i].Name : backbone.Stages[parameters[i].StageIndex].Name))
                        continue;
                    frozen[i] = false;
                    matched = true;
                }

                if (!matched)
                {
                    var examples = Glob.IsParameterGlob(pattern)
                        ? parameters.Select(p => p.Name).Where(n => n.StartsWith(pattern.Split('.')[0] + ".", StringComparison.Ordinal)).DefaultIfEmpty(parameters.Count > 0 ? parameters[0].Name : "").Take(6)
                        : backbone.Stages.Select(s => s.Name);
                    throw new InvalidOperationException(
                        $"The freeze pattern '{pattern}' matches no parameter of the backbone. Stage globs match stage names ({string.Join(", ", backbone.Stages.Select(s => s.Name))}); " +
                        $"parameter globs match names such as: {string.Join(", ", examples)}.");
                }
            }

            return frozen;
        }

        public bool Equals(MatchingPatterns? other) => other is not null && Patterns.SequenceEqual(other.Patterns);

        public override int GetHashCode() => Patterns.Aggregate(17, (h, p) => (h * 31) + StringComparer.Ordinal.GetHashCode(p));

        public override string ToString() => $"all except {string.Join(", ", Patterns)}";
    }

    private sealed record AllStages : FreezePolicy
    {
        public override IReadOnlyList<bool> FrozenStages(Backbone backbone) => backbone.Stages.Select(_ => true).ToArray();

        public override string ToString() => "all";
    }

    private sealed record NoStages : FreezePolicy
    {
        public override IReadOnlyList<bool> FrozenStages(Backbone backbone) => backbone.Stages.Select(_ => false).ToArray();

        public override string ToString() => "none";
    }

    private sealed record UntilStage(string Stage) : FreezePolicy
    {
        public override IReadOnlyList<bool> FrozenStages(Backbone backbone)
        {
            var index = backbone.Stages.ToList().FindIndex(s => s.Name == Stage);
            if (index < 0)
            {
                throw new InvalidOperationException(
                    $"The backbone has no stage '{Stage}'; its stages are: {string.Join(", ", backbone.Stages.Select(s => s.Name))}.");
            }

            return backbone.Stages.Select((_, i) => i < index).ToArray();
        }

        public override string ToString() => $"until {Stage}";
    }
}
