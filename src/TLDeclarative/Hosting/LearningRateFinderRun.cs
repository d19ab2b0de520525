using System.Globalization;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Reporting;
using TLDeclarative.Runtime;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Hosting;

/// <summary>
/// <c>--lr-find [PHASE]</c>: the range test on a freshly built model (the one a run would start from),
/// writing lr-find.csv and lr-find.png to the output folder. No training run, no checkpoints.
/// </summary>
internal static class LearningRateFinderRun
{
    public static (LearningRateFinderResult Result, string Csv, string Png) Execute(ExperimentDefinition definition, RunSettings settings, string? phaseName, ITrainingProgress progress)
    {
        var phase = phaseName is null
            ? settings.Phases[0]
            : settings.Phases.FirstOrDefault(p => p.Name == phaseName)
              ?? throw new ArgumentException($"--lr-find: there is no phase '{phaseName}'; the phases are {string.Join(", ", settings.Phases.Select(p => p.Name))}.");
        var device = DeviceSelection.Choose(settings.Device);
        if (settings.DemoRoot is not null)
        {
            progress.Message($"Writing the built-in synthetic demo data set to {settings.DemoRoot}.");
            DemoDataSet.Write(settings.DemoRoot, definition.Classes, RunSettings.DemoTrainPerClass, RunSettings.DemoValidationPerClass, settings.ImageHeight, settings.ImageWidth, settings.Seed, overwrite: true);
        }

        // The images a run would train on: same sources, validation_split and corrupt-file policy.
        var samples = RunData.Train(definition, settings);
        using var images = RunData.Decode(definition, settings, samples, "train", progress);
        random.manual_seed(settings.Seed);
        using var model = definition.BuildModel();
        model.to(device);
        var loader = new BatchLoader(images, settings.BatchSize, device, shuffle: true, settings.Seed, sampler: definition.Data.Sampler);
        var augmenter = definition.Augmentation.IsIdentity ? null : new BatchAugmenter(definition.Augmentation, settings.Seed);
        progress.Message($"Learning-rate range test of phase '{phase.Name}' on {images.Count} training images ({device}).");
        var result = LearningRateFinder.Run(model, phase, loader, augmenter);
        Directory.CreateDirectory(settings.Output);
        var (csv, png) = LearningRateFinderFiles.Write(result, settings.Output);
        progress.Message(string.Create(
            CultureInfo.InvariantCulture,
            $"Suggested learning rate for '{phase.Name}': {result.SteepestRate:0.###e+0} (steepest descent of the smoothed loss); minimum/10: {result.MinimumRateOverTen:0.###e+0}. Curve: {png}"));
        return (result, csv, png);
    }
}
