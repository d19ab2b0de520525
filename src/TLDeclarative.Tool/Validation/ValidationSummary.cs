using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Tool.Validation;

/// <summary>Counts for the closing line: "2 spec files checked: 1 error, 0 warnings, 1 info".</summary>
internal sealed class ValidationSummary
{
    public int Files { get; set; }

    public int Unreadable { get; set; }

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public int Infos { get; private set; }

    public void Count(SpecSeverity severity)
    {
        switch (severity)
        {
            case SpecSeverity.Error: Errors++; break;
            case SpecSeverity.Warning: Warnings++; break;
            default: Infos++; break;
        }
    }

    public override string ToString()
    {
        var text = $"{Plural(Files, "spec file")} checked: {Plural(Errors, "error")}, {Plural(Warnings, "warning")}, {Infos} info";
        return Unreadable > 0 ? $"{text}; {Plural(Unreadable, "file")} could not be read" : text;
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
