namespace TLDeclarative.Declarations;

/// <summary>
/// How the new head pools the backbone's feature map (YAML <c>head.pooling</c>). Optional: global
/// average pooling when absent. The head's hidden layers are <see cref="DropoutLayerAttribute"/>
/// and <see cref="DenseLayerAttribute"/>; the output layer follows from the classes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HeadAttribute : Attribute
{
    /// <summary>Global average (the default) or global max pooling.</summary>
    public Pooling Pooling { get; set; }
}
