using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>
/// Compiles generated code the way a consuming project would (nullable on, every warning level)
/// against this test's own assemblies: the .NET runtime, TorchSharp and the TLDeclarative run time.
/// </summary>
internal static class CompileCheck
{
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();

    private static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithWarningLevel(9999)
        // The SDK's defaults: assembly unification notes between framework versions are not problems.
        .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    public static CSharpCompilation Compile(string assemblyName, params string[] sources) => CSharpCompilation.Create(
        assemblyName,
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(
            source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose), path: "Generated" + i + ".g.cs")),
        References,
        Options);

    /// <summary>Every warning and error, formatted for an assertion message.</summary>
    public static IReadOnlyList<string> Problems(CSharpCompilation compilation) => compilation.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .Select(d => d.ToString())
        .ToList();

    /// <summary>Emits the compilation and loads it into a collectible context, to read what the generated code holds.</summary>
    public static Assembly Load(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true).LoadFromStream(stream);
    }
}
