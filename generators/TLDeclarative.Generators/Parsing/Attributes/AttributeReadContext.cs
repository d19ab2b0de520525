using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Text;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// Typed access to attribute arguments that records each value's position under its spec path
/// ("phases[1].freeze.until"), so the shared validator's diagnostics land on the argument, and
/// reports what C# typing cannot catch (missing settings, null strings, undefined enum values).
/// </summary>
internal sealed class AttributeReadContext
{
    private readonly List<SpecLocation> _locations = [];

    public List<SpecDiagnostic> Diagnostics { get; } = [];

    public SpecLocations Locations => new(new EquatableArray<SpecLocation>(_locations));

    public void Record(string path, SourceSpan span)
    {
        if (_locations.All(l => l.Path != path))
            _locations.Add(new SpecLocation(path, span));
    }

    public void Report(SpecDiagnostic diagnostic) => Diagnostics.Add(diagnostic);

    /// <summary>A setting that must be written: reports TLD0003 at the attribute when it is not.</summary>
    public bool Require(Argument argument, string key, string container, SourceSpan containerSpan)
    {
        if (argument.IsSet)
            return true;
        Report(DiagnosticCatalog.MissingKey.At(containerSpan, key, container));
        return false;
    }

    public string? String(Argument argument, string path)
    {
        if (!argument.IsSet)
            return null;
        Record(path, argument.Span);
        if (argument.Value!.Value.Value is string text)
            return text;
        Report(DiagnosticCatalog.WrongType.At(argument.Span, path, "a string", "null"));
        return null;
    }

    public int? Int(Argument argument, string path)
    {
        if (!argument.IsSet)
            return null;
        Record(path, argument.Span);
        return argument.Value!.Value.Value is int value ? value : null;
    }

    public bool? Bool(Argument argument, string path)
    {
        if (!argument.IsSet)
            return null;
        Record(path, argument.Span);
        return argument.Value!.Value.Value is bool value ? value : null;
    }

    /// <summary>A finite number, as YAML requires: NaN and infinities are TLD0004.</summary>
    public double? Number(Argument argument, string path)
    {
        if (!argument.IsSet)
            return null;
        Record(path, argument.Span);
        if (argument.Value!.Value.Value is not double value)
            return null;
        if (!double.IsNaN(value) && !double.IsInfinity(value))
            return value;
        Report(DiagnosticCatalog.WrongType.At(argument.Span, path, "a finite number", value.ToString(CultureInfo.InvariantCulture)));
        return null;
    }

    /// <summary>An enum argument mapped to the spec's value; an undefined member (a cast number) is TLD0006.</summary>
    public T? Choice<T>(Argument argument, string path, string what, IReadOnlyList<(string Name, T Value)> members)
        where T : struct
    {
        if (!argument.IsSet)
            return null;
        Record(path, argument.Span);
        var raw = argument.Value!.Value.Value;
        var index = raw is int number ? number : -1;
        if (index >= 0 && index < members.Count)
            return members[index].Value;
        var text = System.Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "null";
        var names = members.Select(m => m.Name).ToList();
        Report(DiagnosticCatalog.UnknownValue.At(argument.Span, what, text, Naming.DidYouMean(text, names), string.Join(", ", names)));
        return null;
    }
}
