using TLDeclarative.Backbones;
using TLDeclarative.Freezing;
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

    /// <summary>
    /// Freezes the stages the policy names (no gradients, BatchNorm in inference mode) and unfreezes
    /// the rest. The head always trains.
    /// </summary>
    public void ApplyFreeze(FreezePolicy policy)
    {
        var frozen = policy.FrozenStages(backbone);
        frozenBatchNorms.Clear();
        for (var i = 0; i < backbone.Stages.Count; i++)
        {
            foreach (var module in backbone.Stages[i].Modules)
            {
                foreach (var parameter in module.parameters())
                    parameter.requires_grad = !frozen[i];
                if (frozen[i] && IsBatchNorm(module))
                    frozenBatchNorms.Add(module);
            }
        }

        Freeze = policy;
        train(training);
    }

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
