namespace TLDeclarative.Inference;

/// <summary>A further entry of a model bundle's zip: its name and what writes its bytes.</summary>
public sealed record BundleEntry(string Name, Action<Stream> Write)
{
    public static BundleEntry Of(string name, byte[] content) => new(name, s => s.Write(content));
}
