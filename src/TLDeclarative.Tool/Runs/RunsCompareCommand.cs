using System.CommandLine;
using System.Globalization;
using TLDeclarative.Runs;
using TLDeclarative.Spec;

namespace TLDeclarative.Tool.Runs;

/// <summary>
/// <c>tl runs compare RUN... | --spec FILE [--output DIR] [--html FILE] [--markdown FILE]</c>: the
/// changed spec keys and settings, the metric deltas against the first run, and the validation curves
/// overlaid. Without a file option the keys and deltas are printed.
/// </summary>
internal static class RunsCompareCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders, or run names under --output's runs/ (the first is the baseline).", Arity = ArgumentArity.ZeroOrMore };
        var spec = new Option<string?>("--spec") { Description = "Compare every run of this spec file found under its output folder, ordered by spec version (git commit time)." };
        var outputFolder = new Option<string?>("--output") { Description = "The output folder holding runs/ (default: the current folder, or with --spec the spec's 'output')." };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML page (curves and data inline)." };
        var markdown = new Option<string?>("--markdown") { Description = "Write a markdown page; the curves go beside it as <name>.curves.png." };
        var command = new Command("compare", "Compare runs: spec keys that differ (e.g. phases[1].optimizer.rmsprop.learning_rate: 1e-05 → 3e-05), metric deltas, validation curves overlaid.")
        {
            runs, spec, outputFolder, html, markdown,
        };
        command.SetAction(parsed => RunsCommand.Guarded(error, () =>
        {
            var specFile = parsed.GetValue(spec);
            var names = parsed.GetValue(runs) ?? [];
            if ((specFile is null) == (names.Length == 0))
            {
                error.WriteLine("tl: name the runs to compare, or --spec FILE (not both).");
                return ExitCodes.Usage;
            }

            var selected = specFile is null
                ? names.Select(name => RunSummary.Read(Locate(name, parsed.GetValue(outputFolder) ?? "."))).ToList()
                : RunsOfSpec(specFile, parsed.GetValue(outputFolder));
            if (selected.Count == 0)
            {
                error.WriteLine($"tl: no runs of '{specFile}' were found.");
                return ExitCodes.Usage;
            }

            var comparison = RunComparison.Of(selected);
            var curves = ComparisonCurvesPlot.RenderPng(selected);
            var wroteFile = false;
            if (parsed.GetValue(html) is { } htmlPath)
            {
                File.WriteAllText(htmlPath, ComparisonHtml.Render(comparison, curves));
                output.WriteLine($"HTML: {htmlPath}");
                wroteFile = true;
            }

            if (parsed.GetValue(markdown) is { } markdownPath)
            {
                var png = Path.ChangeExtension(markdownPath, ".curves.png");
                File.WriteAllBytes(png, curves);
                File.WriteAllText(markdownPath, ComparisonMarkdown.Render(comparison, Path.GetFileName(png)));
                output.WriteLine($"Markdown: {markdownPath}");
                wroteFile = true;
            }

            if (!wroteFile)
                Print(comparison, output);
            return 0;
        }));
        return command;
    }

    /// <summary>A run folder path, or a run's name under <paramref name="outputFolder"/>.</summary>
    private static string Locate(string run, string outputFolder)
    {
        var named = Path.Combine(RunFolders.RunsFolder(outputFolder), run);
        if (Directory.Exists(named))
            return named;
        if (Directory.Exists(run))
            return run;
        throw new DirectoryNotFoundException($"There is no run '{run}': not a folder, and not a run under '{RunFolders.RunsFolder(outputFolder)}'. 'tl runs list {outputFolder}' lists the runs.");
    }

    private static List<RunSummary> RunsOfSpec(string specFile, string? outputFolder)
    {
        var loaded = SpecLoader.LoadFile(specFile);
        var document = loaded.Document
            ?? throw new InvalidDataException($"'{specFile}' is not a valid experiment spec ('tl validate {specFile}' says why).");
        var folder = outputFolder ?? document.Spec.Output;
        if (!Directory.Exists(RunFolders.RunsFolder(folder)))
            throw new DirectoryNotFoundException($"There are no runs under '{RunFolders.RunsFolder(folder)}' (the output of '{specFile}'); pass --output DIR if the runs were written elsewhere.");
        var name = Path.GetFileName(specFile);
        return [.. RunSummary.BySpecVersion(RunSummary.All(folder).Where(r => r.Record.Experiment == document.Spec.Name && r.Record.SpecFile == name))];
    }

    private static void Print(RunComparison comparison, TextWriter output)
    {
        for (var i = 0; i < comparison.Runs.Count; i++)
            output.WriteLine($"Run {i + 1}: {comparison.Runs[i].Name} (spec {comparison.Runs[i].Record.SpecVersion.Label})");
        output.WriteLine(comparison.ChangedKeys.Count == 0 ? "No spec key or setting differs." : "Changed keys:");
        foreach (var key in comparison.ChangedKeys)
            output.WriteLine("  " + key.Change);
        output.WriteLine("Metrics (Δ against run 1):");
        foreach (var metric in comparison.Metrics)
        {
            var values = metric.Values.Select((v, i) => (v is { } x ? x.ToString("0.####", CultureInfo.InvariantCulture) : "–")
                + (i > 0 && metric.Delta(i) is { } d ? " (" + d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) + ")" : ""));
            output.WriteLine($"  {metric.Name}: {string.Join(" | ", values)}");
        }
    }
}
