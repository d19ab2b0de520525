using TLDeclarative.Backbones;
using TLDeclarative.Freezing;
using TLDeclarative.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Heads;

/// <summary>
/// Backbone + new head. Takes RGB images in [0,1] (N,3,H,W), applies the backbone's own
/// preprocessing, and returns logits: (N,1) for <see cref="ClassifierOutput.Sigmoid"/>,
/// (N,classes) for <see cref="ClassifierOutput.Softmax"/>.
/// </summary>
public sealed class TransferModel : nn.Module<Tensor, Tensor>
{
    private readonly Backbone backbone;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly List<nn.Module> frozenBatchNorms = [];

    public TransferModel(Backbone backbone, nn.Module<Tensor, Tensor> head, ClassifierOutput output)
        : base(nameof(TransferModel))
    {
        this.backbone = backbone;
        this.head = head;
        Output = output;
        RegisterComponents();
        GuardedConvolution.Protect(this); // any backbone's or head's Conv2d layers the defect affects
    }

    public Backbone Backbone => backbone;

    public nn.Module<Tensor, Tensor> Head => head;

    public ClassifierOutput Output { get; }

    /// <summary>The freeze policy in force (set by <see cref="ApplyFreeze"/>).</summary>
    public FreezePolicy Freeze { get; private set; } = FreezePolicy.None;

    public override Tensor forward(Tensor rgb01)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(backbone.Preprocess(rgb01));
        return head.call(features).MoveToOuterDisposeScope();
    }

    /// <summary>The backbone's feature map for already-preprocessed input; no head.</summary>
    public Tensor Features(Tensor rgb01) => backbone.call(backbone.Preprocess(rgb01));

    /// <summary>The output of the backbone's first <paramref name="stageCount"/> stages for RGB images in [0,1] (what the feature cache stores).</summary>
    public Tensor FeaturesUntilStage(int stageCount, Tensor rgb01)
    {
        using var scope = NewDisposeScope();
        return backbone.ForwardUntil(stageCount, backbone.Preprocess(rgb01)).MoveToOuterDisposeScope();
    }

    /// <summary>Logits from the output of stage <paramref name="stage"/> - 1: the rest of the backbone, then the head (equal to <see cref="forward"/> on the images).</summary>
    public Tensor ForwardFromStage(int stage, Tensor stageInput)
    {
        using var scope = NewDisposeScope();
        return head.call(backbone.ForwardFrom(stage, stageInput)).MoveToOuterDisposeScope();
    }

    /// <summary>The BatchNorm policy in force (set by <see cref="ApplyFreeze"/>).</summary>
    public BatchNormPolicy BatchNorm { get; private set; } = BatchNormPolicy.Frozen;

    /// <summary>
    /// Freezes what the policy names (no gradients) and unfreezes the rest; the head always trains.
    /// A BatchNorm layer whose parameters are all frozen is frozen: with <see cref="BatchNormPolicy.Frozen"/>
    /// it stays in inference mode; with <see cref="BatchNormPolicy.Trainable"/> it stays in training
    /// mode and its scale and shift train.
    /// </summary>
    public void ApplyFreeze(FreezePolicy policy, BatchNormPolicy batchNorm = BatchNormPolicy.Frozen)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var parameters = BackboneParameters.Of(backbone);
        var frozen = policy.FrozenParameters(backbone, parameters);
        frozenBatchNorms.Clear();
        for (var i = 0; i < parameters.Count; i++)
            parameters[i].Parameter.requires_grad = !frozen[i] || (batchNorm == BatchNormPolicy.Trainable && IsBatchNorm(parameters[i].Module));
        foreach (var module in backbone.Stages.SelectMany(s => s.Modules).Where(IsBatchNorm).Distinct())
        {
            var all = Enumerable.Range(0, parameters.Count).Where(i => ReferenceEquals(parameters[i].Module, module)).ToList();
            if (batchNorm == BatchNormPolicy.Frozen && all.Count > 0 && all.All(i => frozen[i]))
                frozenBatchNorms.Add(module);
        }

        Freeze = policy;
        BatchNorm = batchNorm;
        train(training);
    }

    /// <summary>Whether a BatchNorm layer is held in inference mode by the freeze policy.</summary>
    public bool IsFrozenBatchNorm(nn.Module module) => frozenBatchNorms.Contains(module);

    /// <summary>
    /// Puts the model in training or inference mode, but frozen BatchNorm layers always stay in
    /// inference mode: Module.train() recurses into children and would otherwise let their running
    /// statistics drift (the Keras training=False lesson).
    /// </summary>
    public override void train(bool train = true)
    {
        base.train(train);
        foreach (var batchNorm in frozenBatchNorms)
            batchNorm.eval();
    }

    /// <summary>Parameters that train under the current freeze policy: what the phase's optimizer gets.</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad).ToList();

    private static bool IsBatchNorm(nn.Module module) =>
        module is BatchNorm1d or BatchNorm2d or BatchNorm3d;
}
