using System.CommandLine;

namespace TLDeclarative.Tool.Runs;

/// <summary><c>tl runs</c>: the runs under an output folder (<c>&lt;output&gt;/runs/</c>), listed and compared.</summary>
internal static class RunsCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        new("runs", "List and compare training runs (the run folders under <output>/runs/).")
        {
            RunsListCommand.Create(output, error),
            RunsCompareCommand.Create(output, error),
        };

    /// <summary>Runs a command body; a missing or unreadable run folder prints one line and answers <see cref="ExitCodes.Usage"/>.</summary>
    public static int Guarded(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"tl: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
