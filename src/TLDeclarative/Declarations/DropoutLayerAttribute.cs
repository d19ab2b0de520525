namespace TLDeclarative.Declarations;

/// <summary>
/// A dropout layer of the head (YAML <c>head.layers: [ { dropout: 0.2 } ]</c>). Head layers are
/// numbered 1, 2, 3, ... in the order they apply after pooling; dropout and dense layers share
/// the numbering.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutLayerAttribute : Attribute
{
    /// <param name="layer">Position of the layer in the head: 1 for the first after pooling.</param>
    /// <param name="rate">Fraction of features dropped while training, in [0, 1).</param>
    public DropoutLayerAttribute(int layer, double rate)
    {
        Layer = layer;
        Rate = rate;
    }

    /// <summary>Position of the layer in the head, from 1.</summary>
    public int Layer { get; }

    /// <summary>Fraction of features dropped while training.</summary>
    public double Rate { get; }
}
