using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// A pretrained feature extractor: maps preprocessed images (N,3,H,W) to its last spatial
/// feature map (N,C,h,w). The head (pooling, dropout, dense) is not part of it.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    protected Backbone(string name) : base(name) { }

    /// <summary>Named stages in forward order (e.g. stem, layer1..layer4); freeze policies name them.</summary>
    public abstract IReadOnlyList<BackboneStage> Stages { get; }

    /// <summary>Channels of the feature map <see cref="nn.Module{T,TResult}.forward"/> returns.</summary>
    public abstract int OutputChannels { get; }

    /// <summary>
    /// Maps RGB images with values in [0,1], shape (N,3,H,W), on the backbone's device, to the input
    /// this network was trained with (colour order, scale, mean/std or mean image).
    /// </summary>
    public abstract Tensor Preprocess(Tensor rgb01);

    /// <summary>
    /// The exact output shape of every stage, in <see cref="Stages"/> order, for one preprocessed image of
    /// <paramref name="height"/> x <paramref name="width"/>: found by running a zero image through the
    /// network without gradients and in inference mode. Every module's training mode is restored after,
    /// so running statistics and freeze state are untouched.
    /// </summary>
    /// <exception cref="NotSupportedException">The backbone does not implement <see cref="ForwardByStage"/>.</exception>
    public IReadOnlyList<long[]> StageOutputShapes(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var shapes = new long[Stages.Count][];
        InferenceProbe.Run(this, () =>
        {
            using var scope = NewDisposeScope();
            var like = parameters().FirstOrDefault();
            var input = zeros([1, 3, height, width], dtype: like?.dtype ?? ScalarType.Float32, device: like?.device ?? CPU);
            ForwardByStage(input, (stage, output) => shapes[stage] = output.shape);
            return shapes;
        });

        var missing = Stages.Where((_, i) => shapes[i] is null).Select(s => s.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{GetType().Name} reported no output for stage(s) {string.Join(", ", missing)}.");
        return shapes;
    }

    /// <summary>
    /// Runs <see cref="nn.Module{T,TResult}.forward"/> on preprocessed <paramref name="input"/> and reports each
    /// stage's output tensor as it is produced: the value of the stage's last operation in execution
    /// order (not necessarily its last module's output). Used by <see cref="StageOutputShapes"/>.
    /// </summary>
    protected virtual void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput) =>
        throw new NotSupportedException($"{GetType().Name} does not report its stages' outputs.");

    /// <summary>
    /// The output of the first <paramref name="stageCount"/> stages for preprocessed <paramref name="input"/>
    /// (what the feature cache stores). All stages: <see cref="nn.Module{T,TResult}.forward"/>; fewer: by
    /// default the whole network runs and the stage's output is kept, so override it where a prefix is cheaper.
    /// </summary>
    public virtual Tensor ForwardUntil(int stageCount, Tensor input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stageCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stageCount, Stages.Count);
        if (stageCount == 0)
            return input.alias();
        if (stageCount == Stages.Count)
            return forward(input);
        Tensor? kept = null;
        ForwardByStage(input, (stage, output) =>
        {
            if (stage == stageCount - 1)
                kept = output.clone(); // the backbone may release its intermediates once the pass is done
        });
        return kept ?? throw new InvalidOperationException($"{GetType().Name} reported no output for stage {Stages[stageCount - 1].Name}.");
    }

    /// <summary>Whether <see cref="ForwardFrom"/> can start at <paramref name="stage"/> (always at <c>Stages.Count</c>: nothing left to run).</summary>
    public virtual bool CanForwardFrom(int stage) => stage == Stages.Count;

    /// <summary>
    /// Runs stages <paramref name="stage"/>.. on the output of the stage before it and returns the feature
    /// map, as <see cref="nn.Module{T,TResult}.forward"/> would: the head trains on cached frozen-prefix
    /// features through it. At <c>Stages.Count</c> it returns its input.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="CanForwardFrom"/> is false for <paramref name="stage"/>.</exception>
    public virtual Tensor ForwardFrom(int stage, Tensor stageInput)
    {
        ArgumentNullException.ThrowIfNull(stageInput);
        if (stage == Stages.Count)
            return stageInput.alias();
        throw new NotSupportedException($"{GetType().Name} cannot run from stage {stage} on.");
    }
}

/// <summary>A named group of the backbone's layers: the unit freeze policies work on.</summary>
/// <param name="Name">Stage name as specs spell it (e.g. "layer4").</param>
/// <param name="Modules">Leaf modules of the stage (Conv2d, BatchNorm2d, ...).</param>
public sealed record BackboneStage(string Name, IReadOnlyList<nn.Module> Modules);
