using System.CommandLine;

namespace TLDeclarative.Tool.Validation;

/// <summary><c>tl validate &lt;paths...&gt;</c>: files, or folders searched for <c>*.tl.yaml</c>.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Spec files, or folders to search for *.tl.yaml (recursively; bin/, obj/ and hidden folders are skipped).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "validate",
            "Check experiment specs with the same reader and validator as the source generator. Prints diagnostics as "
            + "'file(line,col): error TLD0001: message'; exit code 0 when no spec has an error, 1 when one has, 2 on a usage problem.")
        {
            paths,
        };
        command.SetAction(parsed => Execute(parsed.GetValue(paths) ?? [], output, error));
        return command;
    }

    private static int Execute(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        var search = SpecFileSearch.Find(paths);
        foreach (var problem in search.Problems)
            error.WriteLine($"tl: {problem}");
        if (search.Problems.Count > 0)
            return ExitCodes.Usage;

        var summary = new ValidationSummary();
        // A problem in a base spec is found with every spec that extends it: print it once.
        var printed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in search.Files)
        {
            var check = SpecFileCheck.Run(file);
            if (check.ReadError is not null)
            {
                error.WriteLine($"tl: cannot read '{file}': {check.ReadError}");
                summary.Unreadable++;
                continue;
            }

            foreach (var diagnostic in check.Diagnostics)
            {
                var line = diagnostic.Format(file);
                if (!printed.Add(line))
                    continue;
                output.WriteLine(line);
                summary.Count(diagnostic.Severity);
            }

            summary.Files++;
        }

        output.WriteLine(summary.ToString());
        return summary.Unreadable > 0 ? ExitCodes.Usage
            : summary.Errors > 0 ? ExitCodes.Invalid
            : ExitCodes.Valid;
    }
}
