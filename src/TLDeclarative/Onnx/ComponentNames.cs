using System.Text;

namespace TLDeclarative.Onnx;

/// <summary>
/// Turns ONNX names into unique submodule/buffer names: torch forbids '.', and state-dict keys read
/// best when they keep the ONNX node names.
/// </summary>
internal sealed class ComponentNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string Claim(string onnxName, string fallback)
    {
        var builder = new StringBuilder(onnxName.Length);
        foreach (var c in onnxName) builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        var stem = builder.Length > 0 ? builder.ToString() : fallback;
        var name = stem;
        for (var i = 2; !_taken.Add(name); i++) name = $"{stem}_{i}";
        return name;
    }
}
