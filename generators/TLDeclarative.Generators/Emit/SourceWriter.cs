using System.Text;

namespace TLDeclarative.Generators.Emit;

/// <summary>
/// Writes C# source a line at a time at the current indentation (four spaces a level). Lines end
/// with '\n' on every platform, so generated files are the same byte for byte everywhere.
/// </summary>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;

    private readonly StringBuilder _builder = new();
    private int _level;

    public void Indent() => _level++;

    public void Unindent() => _level--;

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    public void WriteLine(string line)
    {
        _builder.Append(' ', _level * SpacesPerLevel);
        _builder.Append(line);
        _builder.Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indent();
    }

    /// <summary>Unindents and writes <c>}</c>, followed by <paramref name="suffix"/> (e.g. <c>;</c> or <c>,</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        Unindent();
        WriteLine("}" + suffix);
    }

    public override string ToString() => _builder.ToString();
}
