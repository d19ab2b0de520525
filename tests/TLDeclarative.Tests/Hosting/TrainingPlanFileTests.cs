using TLDeclarative.Augmentation;
using TLDeclarative.Freezing;
using TLDeclarative.Hosting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;

namespace TLDeclarative.Tests.Hosting;

/// <summary>A run writes the build-time training plan next to its artifacts, noting what its options changed.</summary>
public sealed class TrainingPlanFileTests
{
    private const string Plan = "# Training plan: Tiny\n\n## Phase 1: head (epochs 1-2)\n";

    [Fact]
    public void Plan_is_written_to_the_run_folder_as_it_was_built()
    {
        using var folder = new TempFolder();
        var definition = Definition(Plan);

        var path = TrainingPlanFile.Write(definition, Settings(definition, folder.Path, new TrainOptions()), folder.Path);

        Assert.Equal(Path.Combine(folder.Path, "training-plan.md"), path);
        Assert.Equal(Plan, File.ReadAllText(path!));
    }

    [Fact]
    public void Epoch_and_image_size_overrides_are_noted_below_the_plan()
    {
        using var folder = new TempFolder();
        var definition = Definition(Plan);

        var path = TrainingPlanFile.Write(definition, Settings(definition, folder.Path, new TrainOptions { Epochs = [1, 3], ImageSize = 64 }), folder.Path);

        Assert.Equal(
            Plan + "\n## This run\n\n- Epochs overridden: head 1-1, tune 2-4\n- Image size overridden: 64x64\n",
            File.ReadAllText(path!));
    }

    [Fact]
    public void Definition_without_a_plan_writes_nothing()
    {
        using var folder = new TempFolder();
        var definition = Definition(null);

        Assert.Null(TrainingPlanFile.Write(definition, Settings(definition, folder.Path, new TrainOptions()), folder.Path));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private static RunSettings Settings(ExperimentDefinition definition, string output, TrainOptions options) =>
        RunSettings.Resolve(definition, options with { Output = output });

    private static ExperimentDefinition Definition(string? plan) => new()
    {
        Name = "Tiny",
        SpecFile = "tiny.tl.yaml",
        SpecText = "experiment: Tiny\n",
        Seed = 1,
        Classes = ["a", "b"],
        Data = new DataSettings("train", "validation", null, 32, 32, 4),
        Augmentation = AugmentationSettings.None,
        Phases =
        [
            new PhaseDefinition("head", FreezePolicy.All, 1, 2, _ => throw new InvalidOperationException("not trained here")),
            new PhaseDefinition("tune", FreezePolicy.None, 3, 3, _ => throw new InvalidOperationException("not trained here")),
        ],
        Output = "unused",
        BuildModel = () => throw new InvalidOperationException("not built here"),
        TrainingPlan = plan,
    };
}
