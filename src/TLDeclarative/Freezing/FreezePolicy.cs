using TLDeclarative.Backbones;

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

    /// <summary>True for the stages this policy freezes, in the backbone's order.</summary>
    public abstract IReadOnlyList<bool> FrozenStages(Backbone backbone);

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
