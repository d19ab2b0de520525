using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TLDeclarative.Runs;

namespace TLDeclarative.Tool.Runs;

/// <summary><c>tl runs list [OUTPUT] [--json]</c>: one row per run, oldest first.</summary>
internal static class RunsListCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("output") { Description = "The experiment's output folder (the one holding runs/).", DefaultValueFactory = _ => "." };
        var json = new Option<bool>("--json") { Description = "Print the runs as JSON instead of a table." };
        var command = new Command("list", "One row per run: name, spec version (git commit, or \"uncommitted\"), started, duration, epochs, best validation accuracy, test accuracy.")
        {
            folder, json,
        };
        command.SetAction(parsed => RunsCommand.Guarded(error, () =>
        {
            var outputFolder = parsed.GetValue(folder)!;
            if (!Directory.Exists(outputFolder))
                throw new DirectoryNotFoundException($"There is no folder '{outputFolder}'. Name the experiment's output folder (the spec's 'output').");
            var runs = RunSummary.All(outputFolder);
            if (parsed.GetValue(json))
                output.WriteLine(Json(runs));
            else if (runs.Count == 0)
                output.WriteLine($"No runs under '{RunFolders.RunsFolder(outputFolder)}'.");
            else
                Table(runs, output);
            return 0;
        }));
        return command;
    }

    private static void Table(IReadOnlyList<RunSummary> runs, TextWriter output)
    {
        var table = new Table().AddColumns("Run", "Spec version", "Started (UTC)", "Duration", "Epochs", "Best val_accuracy", "Test accuracy");
        foreach (var column in table.Columns.Skip(3))
            column.RightAligned();
        foreach (var run in runs)
        {
            table.AddRow(
                Markup.Escape(run.Name),
                Markup.Escape(run.Record.SpecVersion.Label),
                run.Record.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Duration(run),
                run.History.Epochs.Count.ToString(CultureInfo.InvariantCulture),
                Percent(run.BestValidationAccuracy),
                Percent(run.TestAccuracy));
        }

        // No terminal behind the writer: plain text, wide enough that run names are not wrapped.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.Write(table);
    }

    private static string Duration(RunSummary run) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Record.TotalSeconds:F1} s") + (run.Report is null ? " (unfinished)" : "");

    private static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "–";

    private static string Json(IReadOnlyList<RunSummary> runs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var run in runs)
            {
                var version = run.Record.SpecVersion;
                json.WriteStartObject();
                json.WriteString("name", run.Name);
                json.WriteString("folder", run.Folder);
                json.WriteString("experiment", run.Record.Experiment);
                json.WriteString("spec_hash", run.Record.SpecHash);
                json.WriteString("spec_version", version.Label);
                WriteOrNull(json, "spec_commit", version.Commit);
                json.WriteString("started", run.Record.Started);
                json.WriteNumber("duration_seconds", run.Record.TotalSeconds);
                json.WriteBoolean("finished", run.Report is not null);
                json.WriteNumber("epochs", run.History.Epochs.Count);
                WriteOrNull(json, "best_val_accuracy", run.BestValidationAccuracy);
                WriteOrNull(json, "test_accuracy", run.TestAccuracy);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }
}
