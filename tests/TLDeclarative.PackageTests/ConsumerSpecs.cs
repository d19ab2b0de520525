namespace TLDeclarative.PackageTests;

/// <summary>The spec a consumer writes; line numbers in the tests are 1-based, as editors show them.</summary>
internal static class ConsumerSpecs
{
    public const string CatsVsDogs = """
        experiment: CatsVsDogs
        seed: 42
        classes: [cats, dogs]
        data: { train: data/train, validation: data/validation, image_size: [150, 150], batch_size: 32 }
        backbone: { name: resnet18, weights: imagenet }
        head:
          pooling: global_average
          layers: [ { dropout: 0.2 } ]
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: 3
          - name: fine_tuning
            freeze: { until: layer4 }
            optimizer: { rmsprop: { learning_rate: 1.0e-5 } }
            epochs: 3
        output: artifacts/cats-vs-dogs
        """;

    /// <summary>Line 15 names a stage resnet18 does not have.</summary>
    public static string Broken => CatsVsDogs.Replace("freeze: { until: layer4 }", "freeze: { until: layer5 }", StringComparison.Ordinal);

    /// <summary>A project as a user writes it: only a PackageReference, and strict settings.</summary>
    public static string Project(string outputType, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>{outputType}</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <RootNamespace>PackageConsumer</RootNamespace>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <!-- No compiler server left running after the test. -->
            <UseSharedCompilation>false</UseSharedCompilation>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="TLDeclarative" Version="{version}" />
          </ItemGroup>
        </Project>
        """;
}
