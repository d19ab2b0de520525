using System.Globalization;
using TLDeclarative.Reporting;

namespace TLDeclarative.Hosting;

/// <summary>
/// Writes the experiment's build-time training plan as <c>training-plan.md</c> in the run's output
/// folder, so what a run was meant to train sits next to what it did. Options that change the
/// plan's numbers (--epochs, --image-size) are noted below it.
/// </summary>
internal static class TrainingPlanFile
{
    public const string FileName = "training-plan.md";

    /// <returns>The file written, or null when the definition carries no plan.</returns>
    public static string? Write(ExperimentDefinition definition, RunSettings settings, string runFolder)
    {
        if (definition.TrainingPlan is null)
            return null;
        var text = definition.TrainingPlan;
        var overrides = Overrides(definition, settings);
        if (overrides.Count > 0)
            text = text.TrimEnd('\n') + "\n\n## This run\n\n" + string.Concat(overrides.Select(o => "- " + o + "\n"));
        var path = Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
        return path;
    }

    private static List<string> Overrides(ExperimentDefinition definition, RunSettings settings)
    {
        var notes = new List<string>();
        var planned = definition.Phases.Select(p => (p.FirstEpoch, p.LastEpoch));
        if (!planned.SequenceEqual(settings.Phases.Select(p => (p.FirstEpoch, p.LastEpoch))))
        {
            notes.Add("Epochs overridden: " + string.Join(", ", settings.Phases.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.FirstEpoch}-{p.LastEpoch}"))));
        }

        if (settings.ImageHeight != definition.Data.ImageHeight || settings.ImageWidth != definition.Data.ImageWidth)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Image size overridden: {settings.ImageHeight}x{settings.ImageWidth}"));
        return notes;
    }
}
