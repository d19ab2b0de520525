using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TLDeclarative.Generators;

namespace TLDeclarative.Benchmarks;

/// <summary>
/// The generator as the compiler drives it, on 1 and 50 spec files held in memory:
/// <list type="bullet">
/// <item><b>Cold</b>: a fresh driver reads, validates and emits every spec (a first build, or the IDE opening the project).</item>
/// <item><b>IncrementalOneSpecEdited</b>: a warm driver after one spec's epochs changed: that spec is read again and its class re-emitted, the rest come from the cache (typing in the IDE).</item>
/// <item><b>IncrementalCSharpEdited</b>: a warm driver after an edit to the project's C# only: every spec step is cached.</item>
/// </list>
/// Each incremental invocation makes a real edit: it toggles the edited spec between two versions.
/// </summary>
[Config(typeof(QuickInProcessConfig))]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "No disposable fields.")]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private AdditionalText[] _specs = [];
    private AdditionalText _editedA = null!;
    private AdditionalText _editedB = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _compilationEdited = null!;
    private GeneratorDriver _warm = null!;
    private bool _useB;

    [Params(1, 50)]
    public int Specs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _specs = Enumerable.Range(1, Specs).Select(i => (AdditionalText)new InMemorySpec(SpecPath(i), SpecText(i, epochs: 3))).ToArray();
        _editedA = _specs[0];
        _editedB = new InMemorySpec(SpecPath(1), SpecText(1, epochs: 4));
        _compilation = Compilation("public static class Program { }");
        _compilationEdited = Compilation("public static class Program { public static int Answer => 42; }");
        _warm = CreateDriver().RunGenerators(_compilation);
        var check = _warm.GetRunResult();
        if (check.GeneratedTrees.Length != Specs || !check.Diagnostics.IsEmpty)
            throw new InvalidOperationException($"Expected {Specs} generated files and no diagnostics, got {check.GeneratedTrees.Length} and {string.Join("; ", check.Diagnostics)}");
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => CreateDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver IncrementalOneSpecEdited()
    {
        var (from, to) = _useB ? (_editedB, _editedA) : (_editedA, _editedB);
        _useB = !_useB;
        _warm = _warm.ReplaceAdditionalText(from, to).RunGenerators(_compilation);
        return _warm;
    }

    [Benchmark]
    public GeneratorDriver IncrementalCSharpEdited()
    {
        _useB = !_useB;
        _warm = _warm.RunGenerators(_useB ? _compilationEdited : _compilation);
        return _warm;
    }

    private CSharpGeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new TransferLearningGenerator().AsSourceGenerator()],
        additionalTexts: _specs,
        parseOptions: ParseOptions,
        optionsProvider: RootNamespaceOptions.Instance);

    private static CSharpCompilation Compilation(string code) => CSharpCompilation.Create(
        "Bench",
        [CSharpSyntaxTree.ParseText(code, ParseOptions, path: "Program.cs")],
        [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static string SpecPath(int i) => string.Create(CultureInfo.InvariantCulture, $"/bench/specs/experiment{i:00}.tl.yaml");

    /// <summary>The tutorial's experiment (both phases, augmentation), under a name of its own.</summary>
    private static string SpecText(int i, int epochs) => string.Create(CultureInfo.InvariantCulture, $$"""
        experiment: Experiment{{i:00}}
        seed: 42
        classes: [cats, dogs]
        data: { train: data/train, validation: data/validation, image_size: [150, 150], batch_size: 32 }
        backbone: { name: resnet18, weights: imagenet }
        head:
          pooling: global_average
          layers: [ { dropout: 0.2 } ]
        augmentation: { rotation: 20, width_shift: 0.2, height_shift: 0.2, shear: 0.2, zoom: 0.2, horizontal_flip: true, fill_mode: nearest }
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: {{epochs}}
          - name: fine_tuning
            freeze: { until: layer4 }
            optimizer: { rmsprop: { learning_rate: 1.0e-5 } }
            epochs: 3
        output: artifacts/experiment{{i:00}}
        """);

    /// <summary>build_property.RootNamespace, as MSBuild passes it.</summary>
    private sealed class RootNamespaceOptions : AnalyzerConfigOptionsProvider
    {
        public static readonly RootNamespaceOptions Instance = new();

        private static readonly Options Global = new();

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Global;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Global;

        private sealed class Options : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = key == "build_property.RootNamespace" ? "Bench" : null;
                return value is not null;
            }
        }
    }
}
