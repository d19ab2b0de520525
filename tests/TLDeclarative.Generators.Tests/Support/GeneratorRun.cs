using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>Runs <see cref="TransferLearningGenerator"/> over in-memory spec files, as the compiler would.</summary>
internal static class GeneratorRun
{
    public const string RootNamespace = "Demo";

    /// <summary>Spec files as (path, text).</summary>
    public static GeneratorDriverRunResult Run(params (string Path, string Text)[] specs) => Run(RootNamespace, specs);

    public static GeneratorDriverRunResult Run(string? rootNamespace, params (string Path, string Text)[] specs) =>
        CreateDriver(rootNamespace, specs).RunGenerators(CreateCompilation()).GetRunResult();

    /// <summary>A driver that records every pipeline step, for incrementality tests.</summary>
    public static GeneratorDriver CreateDriver(string? rootNamespace, params (string Path, string Text)[] specs) =>
        CreateDriver(rootNamespace, specs.Select(File).ToArray());

    public static GeneratorDriver CreateDriver(string? rootNamespace, params AdditionalText[] files) =>
        CSharpGeneratorDriver.Create(
            [new TransferLearningGenerator().AsSourceGenerator()],
            additionalTexts: files,
            parseOptions: CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
            optionsProvider: BuildProperties.WithRootNamespace(rootNamespace),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static AdditionalText File((string Path, string Text) spec) => new InMemoryAdditionalText(spec.Path, spec.Text);

    /// <summary>The user's project: one ordinary C# file (the generator only reads AdditionalFiles).</summary>
    public static CSharpCompilation CreateCompilation(string userCode = "namespace Demo; public static class Program { }") =>
        CSharpCompilation.Create(
            "Demo",
            [CSharpSyntaxTree.ParseText(userCode, path: "Program.cs")],
            CompileCheck.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>The one generated file's text.</summary>
    public static string SingleSource(this GeneratorDriverRunResult result) =>
        Assert.Single(result.GeneratedTrees).GetText().ToString();

    public static ImmutableArray<Diagnostic> AllDiagnostics(this GeneratorDriverRunResult result) =>
        result.Results.SelectMany(r => r.Diagnostics).ToImmutableArray();
}
