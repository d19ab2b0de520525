namespace TLDeclarative.Declarations;

/// <summary>
/// A fully connected hidden layer of the head (YAML <c>head.layers: [ { dense: { units: 128, activation: relu } } ]</c>).
/// Head layers are numbered 1, 2, 3, ... in the order they apply after pooling; dropout and dense
/// layers share the numbering.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseLayerAttribute : Attribute
{
    /// <param name="layer">Position of the layer in the head: 1 for the first after pooling.</param>
    /// <param name="units">Output features, 1 to 65536.</param>
    public DenseLayerAttribute(int layer, int units)
    {
        Layer = layer;
        Units = units;
    }

    /// <summary>Position of the layer in the head, from 1.</summary>
    public int Layer { get; }

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>ReLU (the default) or none.</summary>
    public Activation Activation { get; set; }
}
