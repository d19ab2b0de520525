using TLDeclarative.Backbones;

namespace TLDeclarative.Tests.Backbones;

/// <summary>One pretrained ResNet-18 and one ONNX Runtime reference for all tests that only read them.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        Files = ResNet18ModelFiles.Locate();
        Pretrained = ImageNetResNet18.Load(Files);
        Pretrained.eval();
        Reference = new OrtReference(Files);
    }

    public ResNet18ModelFiles Files { get; }

    /// <summary>In eval mode. Tests must not train it or change its weights.</summary>
    public ImageNetResNet18 Pretrained { get; }

    internal OrtReference Reference { get; }

    public void Dispose()
    {
        Pretrained.Dispose();
        Reference.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ResNet18FixtureDefinition : ICollectionFixture<ResNet18Fixture>
{
    public const string Name = "ResNet18";
}
