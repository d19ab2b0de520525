using System.Globalization;
using TLDeclarative.Training;

namespace TLDeclarative.Hosting;

/// <summary>The spec's settings with the run's overrides applied: what one run actually uses.</summary>
internal sealed record RunSettings(
    string Train,
    string Validation,
    string? Test,
    string? DemoRoot,
    int ImageHeight,
    int ImageWidth,
    int BatchSize,
    int Seed,
    IReadOnlyList<PhaseDefinition> Phases,
    string Output,
    string? ReportFile,
    string Device)
{
    /// <summary>Demo images per class (train, validation): enough to learn, small enough for minutes on 2 cores.</summary>
    public const int DemoTrainPerClass = 100;
    public const int DemoValidationPerClass = 50;

    /// <summary>Continue a run from its last checkpoint: <see cref="ResumeRun"/>, or the latest run.</summary>
    public bool Resume { get; init; }

    /// <summary>The run folder (name under <c>runs/</c>, or path) to resume; null for the latest.</summary>
    public string? ResumeRun { get; init; }

    /// <summary>A readable suffix for a new run folder's name.</summary>
    public string? RunName { get; init; }

    /// <summary>The arguments the run was started with, for its record.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>The settings a run records beside its spec (they may override it), as text.</summary>
    public IReadOnlyDictionary<string, string> Described() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["image_size"] = string.Create(CultureInfo.InvariantCulture, $"{ImageHeight}x{ImageWidth}"),
        ["batch_size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["epochs"] = string.Join(" ", Phases.Select(p => p.EpochCount.ToString(CultureInfo.InvariantCulture))),
    };

    public static RunSettings Resolve(ExperimentDefinition definition, TrainOptions options)
    {
        if (options.Demo && options.DataRoot is not null)
            throw new ArgumentException("Use either --demo or --data DIR, not both.");
        var output = options.Output ?? definition.Output;
        var demoRoot = options.Demo ? Path.Combine(output, "demo-data") : null;
        var dataRoot = demoRoot ?? options.DataRoot;
        var train = dataRoot is null ? definition.Data.Train : Path.Combine(dataRoot, Data.DataSplits.Train);
        var validation = dataRoot is null ? definition.Data.Validation : Path.Combine(dataRoot, Data.DataSplits.Validation);
        var height = options.ImageSize ?? definition.Data.ImageHeight;
        var width = options.ImageSize ?? definition.Data.ImageWidth;
        if (options.ImageSize is < 32)
            throw new ArgumentException($"--image-size must be at least 32, not {options.ImageSize}.");
        return new RunSettings(
            train,
            validation,
            options.TestFolder ?? definition.Data.Test,
            demoRoot,
            height,
            width,
            definition.Data.BatchSize,
            options.Seed ?? definition.Seed,
            WithEpochs(definition.Phases, options.Epochs),
            output,
            options.ReportFile,
            options.Device)
        {
            Resume = options.Resume || options.ResumeRun is not null,
            ResumeRun = options.ResumeRun,
            RunName = options.RunName,
            CommandLine = options.CommandLine ?? Environment.GetCommandLineArgs(),
        };
    }

    /// <summary>Replaces the phase lengths and renumbers, so epochs still continue from phase to phase.</summary>
    private static IReadOnlyList<PhaseDefinition> WithEpochs(IReadOnlyList<PhaseDefinition> phases, IReadOnlyList<int>? epochs)
    {
        if (epochs is null)
            return phases;
        if (epochs.Count != phases.Count)
        {
            throw new ArgumentException(
                $"--epochs needs one number per phase ({phases.Count}: {string.Join(", ", phases.Select(p => p.Name))}), but got {epochs.Count}.");
        }

        if (epochs.Any(e => e < 1))
            throw new ArgumentException("--epochs values must be at least 1.");
        var renumbered = new List<PhaseDefinition>();
        var next = 1;
        for (var i = 0; i < phases.Count; i++)
        {
            renumbered.Add(phases[i] with { FirstEpoch = next, LastEpoch = next + epochs[i] - 1 });
            next += epochs[i];
        }

        return renumbered;
    }
}
