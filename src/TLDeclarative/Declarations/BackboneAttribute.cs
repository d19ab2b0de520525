namespace TLDeclarative.Declarations;

/// <summary>The pretrained network the head sits on (YAML <c>backbone</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BackboneAttribute : Attribute
{
    /// <param name="name">Catalogue name (YAML <c>backbone.name</c>), e.g. <c>"resnet18"</c>.</param>
    public BackboneAttribute(string name) => Name = name;

    /// <summary>Catalogue name of the backbone.</summary>
    public string Name { get; }

    /// <summary><c>"imagenet"</c> (pretrained, the default) or <c>"none"</c> (random initialisation).</summary>
    public string? Weights { get; set; }
}
