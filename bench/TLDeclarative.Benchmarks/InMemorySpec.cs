using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TLDeclarative.Benchmarks;

/// <summary>A <c>.tl.yaml</c> AdditionalFile held in memory, as MSBuild passes it to the compiler.</summary>
internal sealed class InMemorySpec(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
