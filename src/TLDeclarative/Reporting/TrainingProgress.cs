using Spectre.Console;

namespace TLDeclarative.Reporting;

/// <summary>Chooses the progress display that suits the current console.</summary>
public static class TrainingProgress
{
    /// <summary>
    /// The live <see cref="ConsoleProgress"/> on an interactive ANSI terminal; otherwise (output redirected,
    /// a CI server Spectre recognises, TERM=dumb) <see cref="PlainTextProgress"/> on standard output, so
    /// logs get plain lines and no escape codes.
    /// </summary>
    public static ITrainingProgress ForConsole()
    {
        var console = AnsiConsole.Console;
        var capabilities = console.Profile.Capabilities;
        return !Console.IsOutputRedirected && capabilities.Ansi && capabilities.Interactive
            ? new ConsoleProgress(console)
            : new PlainTextProgress(Console.Out);
    }
}
