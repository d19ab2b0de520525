using System.Text.Json;
using System.Text.RegularExpressions;
using SkiaSharp;
using TLDeclarative.Reporting;
using TLDeclarative.ResumeHost;

namespace TLDeclarative.Tool.Tests;

/// <summary>
/// <c>tl runs list</c> and <c>tl runs compare</c> on two real runs of a tiny experiment (two versions of
/// its spec: the fine-tuning learning rate changed, and the seed), the page rendered by headless Chromium.
/// </summary>
public sealed class RunsCommandTests : IClassFixture<RunsCommandTests.TwoRuns>
{
    private readonly TwoRuns runs;

    public RunsCommandTests(TwoRuns runs) => this.runs = runs;

    [Fact]
    public void List_shows_one_row_per_run_as_a_table_and_as_json()
    {
        var (exitCode, table, error) = ToolRun.Tl("runs", "list", runs.Output);
        Assert.True(exitCode == 0, error);
        Assert.Contains(table, line => line.Contains("Best val_accuracy", StringComparison.Ordinal));
        var rows = table.Where(line => Regex.IsMatch(line, @"\d{8}-\d{6}-[0-9a-f]{8}-(base|lower-lr)")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("-base", rows[0], StringComparison.Ordinal);
        Assert.Contains("-lower-lr", rows[1], StringComparison.Ordinal);

        var (jsonExit, json, jsonError) = ToolRun.Tl("runs", "list", runs.Output, "--json");
        Assert.True(jsonExit == 0, jsonError);
        using var document = JsonDocument.Parse(string.Join("\n", json));
        var listed = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(runs.Names, listed.Select(r => r.GetProperty("name").GetString()));
        Assert.All(listed, r => Assert.Equal(2, r.GetProperty("epochs").GetInt32()));
        Assert.All(listed, r => Assert.True(r.GetProperty("finished").GetBoolean()));
        for (var i = 0; i < 2; i++)
        {
            var history = HistoryReader.ReadJson(Path.Combine(runs.Folders[i], "history.json"));
            Assert.Equal(history.Epochs.Max(e => e.ValidationAccuracy), listed[i].GetProperty("best_val_accuracy").GetDouble());
        }
    }

    [Fact]
    public void Compare_prints_the_changed_keys_and_the_deltas()
    {
        var (exitCode, lines, error) = ToolRun.Tl("runs", "compare", runs.Names[0], runs.Names[1], "--output", runs.Output);

        Assert.True(exitCode == 0, error);
        Assert.Equal(
            ["  phases[1].optimizer.sgd.learning_rate: 0.05 → 0.02", "  run.seed: 7 → 8"],
            lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains('→', StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("  epochs: 2 | 2 (0)", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_writes_an_html_page_that_chromium_renders_with_the_runs_the_changed_keys_and_the_curves()
    {
        var page = Path.Combine(runs.Folder, "compare.html");
        var markdown = Path.Combine(runs.Folder, "compare.md");
        var (exitCode, _, error) = ToolRun.Tl("runs", "compare", runs.Folders[0], runs.Folders[1], "--html", page, "--markdown", markdown);
        Assert.True(exitCode == 0, error);

        var dom = HeadlessChromium.DumpDom(page);
        var names = Regex.Matches(dom, "<td class=\"run-name\">([^<]+)</td>").Select(m => m.Groups[1].Value);
        Assert.Equal(runs.Names, names);
        var keys = Regex.Matches(dom, "<tr class=\"changed-key\"[^>]*><td><code>([^<]+)</code></td><td>([^<]+)</td><td>([^<]+)</td></tr>")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
        Assert.Equal([("phases[1].optimizer.sgd.learning_rate", "0.05", "0.02"), ("run.seed", "7", "8")], keys);
        Assert.Matches("<img id=\"curves\" [^>]*src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\"", dom);
        // Self-contained: nothing in the page reaches for the network.
        Assert.DoesNotMatch("(src|href)=\"https?:", File.ReadAllText(page));

        // The curves image decodes and is drawn: the screenshot holds the plot's first line colour.
        var screenshot = Path.Combine(runs.Folder, "compare.png");
        HeadlessChromium.Screenshot(page, screenshot, 1100, 1400);
        using var bitmap = SKBitmap.Decode(screenshot);
        var blue = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 31) < 20 && Math.Abs(c.Green - 119) < 20 && Math.Abs(c.Blue - 180) < 20)
                    blue++;
            }
        }

        Assert.True(blue > 200, $"{blue} pixels of the first curve's colour in the screenshot");

        var md = File.ReadAllText(markdown);
        Assert.Contains("- `phases[1].optimizer.sgd.learning_rate`: 0.05 → 0.02\n", md, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runs.Folder, "compare.curves.png")));
    }

    [Fact]
    public void Compare_by_spec_finds_every_run_of_the_spec_under_its_output_folder()
    {
        var spec = Path.Combine(runs.Folder, "resume-host.tl.yaml");
        File.WriteAllText(spec, $"""
            experiment: ResumeHost
            classes: [cats, dogs]
            data: {"{"}train: data/train, validation: data/validation, image_size: [32, 32]{"}"}
            backbone: {"{"}name: resnet18, weights: imagenet{"}"}
            phases:
              - {"{"}name: feature_extraction, freeze: all, optimizer: {"{"}adam: {"{"}learning_rate: 0.01{"}"}{"}"}, epochs: 2{"}"}
            output: {runs.Output}
            """);

        var (exitCode, lines, error) = ToolRun.Tl("runs", "compare", "--spec", spec);

        Assert.True(exitCode == 0, error);
        Assert.Equal(runs.Names.Select((n, i) => $"Run {i + 1}: {n}"), lines.Where(l => l.StartsWith("Run ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(" (", StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_missing_run_is_named_with_the_command_that_lists_the_runs()
    {
        var (exitCode, _, error) = ToolRun.Tl("runs", "compare", "nope", "--output", runs.Output);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"tl: There is no run 'nope': not a folder, and not a run under '{Path.Combine(runs.Output, "runs")}'. 'tl runs list {runs.Output}' lists the runs.\n", error);
    }

    /// <summary>Two runs of the tiny experiment into one output folder, made once for these tests.</summary>
    public sealed class TwoRuns : IDisposable
    {
        public TwoRuns()
        {
            Folder = Directory.CreateTempSubdirectory("tld-runs-").FullName;
            Output = Path.Combine(Folder, "out");
            var first = new TinyExperiment(0.05).Train(Options("base", seed: 7));
            var second = new TinyExperiment(0.02).Train(Options("lower-lr", seed: 8));
            Folders = [first.RunFolder, second.RunFolder];
        }

        public string Folder { get; }

        public string Output { get; }

        public IReadOnlyList<string> Folders { get; }

        public IReadOnlyList<string> Names => Folders.Select(Path.GetFileName).ToList()!;

        public void Dispose() => Directory.Delete(Folder, recursive: true);

        private TrainOptions Options(string name, int seed) => new()
        {
            Demo = true,
            Epochs = [1, 1],
            Output = Output,
            Seed = seed,
            Device = "cpu",
            RunName = name,
            CommandLine = ["--demo", "--run-name", name],
            Progress = NullTrainingProgress.Instance,
        };
    }
}
