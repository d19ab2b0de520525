using System.Text.Json;

namespace TLDeclarative.IntegrationTests;

/// <summary>
/// The generated CatsVsDogs experiment end to end, as a user runs it: both phases on the demo data,
/// the artifacts, the report, then `predict` with the saved bundle.
/// </summary>
public sealed class ExampleRunTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-example-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Trains_both_phases_writes_artifacts_and_predicts_with_the_bundle()
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
        foreach (var file in new[] { "CatsVsDogs.tlmodel", "history.json", "history.csv", "curves.png", "report.json", "training-plan.md" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        // The last epoch's checkpoint became the finished bundle; the best one stays.
        Assert.Equal(["best.tlmodel"], Directory.GetFiles(Path.Combine(output, "checkpoints")).Select(Path.GetFileName));

        var cat = Directory.GetFiles(Path.Combine(output, "demo-data", "validation", "cats")).Order().First();
        var dog = Directory.GetFiles(Path.Combine(output, "demo-data", "validation", "dogs")).Order().First();
        var predict = await ExampleApp.RunAsync(folder, "predict", cat, dog, "--model", Path.Combine(output, "CatsVsDogs.tlmodel"));

        Assert.True(predict.ExitCode == 0, predict.Output + predict.Error);
        var lines = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(cat + "\tCats\t", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(dog + "\tDogs\t", lines[1], StringComparison.Ordinal);
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
