using System.CommandLine;
using TLDeclarative.Tool.Runs;
using TLDeclarative.Tool.Validation;
using TLDeclarative.Tool.Weights;

namespace TLDeclarative.Tool;

/// <summary>
/// The <c>tl</c> command line. <see cref="Create"/> builds it against any pair of writers, so tests run
/// it in-process; <see cref="Run"/> is what the executable calls.
/// </summary>
public static class TlCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("TLDeclarative: declarative transfer-learning experiments (*.tl.yaml).");
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(WeightsCommand.Create(output, error));
        root.Subcommands.Add(RunsCommand.Create(output, error));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns one of <see cref="ExitCodes"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var parsed = Create(output, error).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine would answer 1, which means "a spec has errors" here.
            foreach (var problem in parsed.Errors)
                error.WriteLine($"tl: {problem.Message}");
            error.WriteLine("Run 'tl --help' for usage.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
