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
}

/// <summary>A named group of the backbone's layers: the unit freeze policies work on.</summary>
/// <param name="Name">Stage name as specs spell it (e.g. "layer4").</param>
/// <param name="Modules">Leaf modules of the stage (Conv2d, BatchNorm2d, ...).</param>
public sealed record BackboneStage(string Name, IReadOnlyList<nn.Module> Modules);
