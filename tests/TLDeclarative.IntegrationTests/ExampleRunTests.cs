using System.Text.Json;
using TLDeclarative.Tests.Runs;

namespace TLDeclarative.IntegrationTests;

/// <summary>
/// The generated CatsVsDogs experiment end to end, as a user runs it: both phases on the demo data,
/// the artifacts in a run folder, the report, `predict` with the saved bundle, then a second run into
/// the same output folder.
/// </summary>
public sealed class ExampleRunTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-example-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Trains_both_phases_writes_artifacts_predicts_with_the_bundle_and_a_second_run_gets_its_own_folder()
    {
        var output = Path.Combine(folder, "out");
        var reportFile = Path.Combine(folder, "report.json");

        var run = await ExampleApp.RunAsync(folder, "--demo", "--epochs", "1", "2", "--image-size", "64", "--output", output, "--report", reportFile);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(reportFile));
        var root = report.RootElement;
        Assert.Equal("CatsVsDogs", root.GetProperty("experiment").GetString());
        Assert.Equal(64, root.GetProperty("image_height").GetInt32());
        var phases = root.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["feature_extraction", "fine_tuning"], phases.Select(p => p.GetProperty("name").GetString()));
        // Epoch numbers continue across phases, like Keras' initial_epoch.
        Assert.Equal([[1], [2, 3]], phases.Select(p => p.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray()));
        Assert.Equal([1e-4, 1e-5], phases.Select(p => p.GetProperty("epochs")[0].GetProperty("learning_rate").GetDouble()));
        Assert.All(phases, p => Assert.True(p.GetProperty("train_images_per_second").GetDouble() > 0));
        Assert.InRange(root.GetProperty("final_validation_accuracy").GetDouble(), 0.75, 1.0);
        var runFolder = Path.Combine(output, "runs", File.ReadAllText(Path.Combine(output, "runs", "latest")).Trim());
        foreach (var file in new[] { "CatsVsDogs.tlmodel", "history.json", "history.csv", "curves.png", "report.json", "training-plan.md", "spec.tl.yaml", "run.json" })
            Assert.True(File.Exists(Path.Combine(runFolder, file)), file);
        // The last epoch's checkpoint became the finished bundle; the best one stays.
        Assert.Equal(["best.tlmodel"], Directory.GetFiles(Path.Combine(runFolder, "checkpoints")).Select(Path.GetFileName));

        var cat = Directory.GetFiles(Path.Combine(output, "demo-data", "validation", "cats")).Order().First();
        var dog = Directory.GetFiles(Path.Combine(output, "demo-data", "validation", "dogs")).Order().First();
        var predict = await ExampleApp.RunAsync(folder, "predict", cat, dog, "--model", Path.Combine(runFolder, "CatsVsDogs.tlmodel"));

        Assert.True(predict.ExitCode == 0, predict.Output + predict.Error);
        var lines = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(cat + "\tCats\t", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(dog + "\tDogs\t", lines[1], StringComparison.Ordinal);

        // A second run into the same output folder keeps the first one.
        var again = await ExampleApp.RunAsync(folder, "--demo", "--epochs", "1", "1", "--image-size", "32", "--output", output, "--run-name", "again");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        var runs = Directory.GetDirectories(Path.Combine(output, "runs")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(runFolder, runs[0]);
        Assert.EndsWith("-again", runs[1], StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(runs[1]) + "\n", File.ReadAllText(Path.Combine(output, "runs", "latest")));
        foreach (var (runPath, epochs) in runs.Zip(new[] { 3, 2 }))
        {
            // The resolved spec: the example's keys with the defaults filled in, the same in both runs.
            var spec = File.ReadAllText(Path.Combine(runPath, "spec.tl.yaml"));
            Assert.Contains("experiment: CatsVsDogs\n", spec, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(runs[0], "spec.tl.yaml")), spec);
            foreach (var split in new[] { "train", "validation" })
            {
                var events = TensorBoardReader.Read(Directory.GetFiles(Path.Combine(runPath, split)).Single());
                Assert.Equal("brain.Event:2", events[0].FileVersion);
                foreach (var tag in new[] { "epoch_loss", "epoch_accuracy" })
                    Assert.Equal(Enumerable.Range(1, epochs).Select(e => (long)e), events.Where(e => e.Values.Any(v => v.Tag == tag)).Select(e => e.Step));
            }
        }
    }

    [Fact]
    public async Task An_undeclared_class_folder_fails_before_anything_is_written()
    {
        var data = Path.Combine(folder, "data");
        foreach (var split in new[] { "train/cats", "train/birds", "validation/cats", "validation/dogs" })
            Directory.CreateDirectory(Path.Combine(data, split));
        var output = Path.Combine(folder, "out");

        var run = await ExampleApp.RunAsync(folder, "--data", data, "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("birds", run.Error, StringComparison.Ordinal);
        Assert.Contains("dogs", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Without_the_specs_data_folder_the_error_says_how_to_train_on_demo_or_own_data()
    {
        // Any option switches the example from its built-in demo data to the spec's data/ folder.
        var run = await ExampleApp.RunAsync(folder, "--epochs", "1", "1");

        Assert.Equal(1, run.ExitCode);
        var train = Path.Combine(folder, "data", "train");
        Assert.Contains(
            $"error: Data folder '{train}' does not exist (declared classes: [cats, dogs]). Pass --demo to train on the built-in demo data set, " +
            "or --data DIR to train on your own images (DIR/train and DIR/validation, one sub-folder per class).",
            run.Error,
            StringComparison.Ordinal);

        // A --data folder that is missing is the user's own path: no advice about the spec's folders.
        var missing = await ExampleApp.RunAsync(folder, "--data", Path.Combine(folder, "nowhere"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--demo", missing.Error, StringComparison.Ordinal);
    }
}
