using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>Runs <see cref="TransferLearningGenerator"/> over C# sources with experiment attributes (and optional spec files).</summary>
internal static class AttributeRun
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>The example's attribute class: examples/CatsVsDogsAttributes/CatsVsDogs.cs.</summary>
    public static (string Path, string Text) Example
    {
        get
        {
            var path = Path.Combine(TestFiles.RepositoryRoot, "examples", "CatsVsDogsAttributes", "CatsVsDogs.cs");
            return (path, File.ReadAllText(path));
        }
    }

    /// <summary>The user's project: these C# files, compiled against the run time (which defines the attributes).</summary>
    public static CSharpCompilation Compilation(params (string Path, string Text)[] sources) => CSharpCompilation.Create(
        "Demo",
        sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path)),
        CompileCheck.References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithWarningLevel(9999)
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver CreateDriver(string? rootNamespace = GeneratorRun.RootNamespace, params (string Path, string Text)[] specs) =>
        CSharpGeneratorDriver.Create(
            [new TransferLearningGenerator().AsSourceGenerator()],
            additionalTexts: specs.Select(GeneratorRun.File),
            parseOptions: ParseOptions,
            optionsProvider: BuildProperties.WithRootNamespace(rootNamespace),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorDriverRunResult Run(params (string Path, string Text)[] sources) =>
        CreateDriver().RunGenerators(Compilation(sources)).GetRunResult();

    /// <summary>Runs the generator and returns the user's compilation with the generated part added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunAndCompile(params (string Path, string Text)[] sources)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }
}
