using TLDeclarative.Reporting;

namespace TLDeclarative;

/// <summary>Run-time overrides of what the spec says; null means "as the spec says".</summary>
public sealed record TrainOptions
{
    /// <summary>A folder with train/ and validation/ inside; replaces the spec's data folders.</summary>
    public string? DataRoot { get; init; }

    /// <summary>Train on the built-in synthetic demo data set (written under the output folder).</summary>
    public bool Demo { get; init; }

    /// <summary>Held-out folder with the same class folders; accuracy on it goes into the report.</summary>
    public string? TestFolder { get; init; }

    /// <summary>Epochs per phase, in phase order; replaces the spec's phase lengths.</summary>
    public IReadOnlyList<int>? Epochs { get; init; }

    /// <summary>Square input size in pixels; replaces the spec's image_size.</summary>
    public int? ImageSize { get; init; }

    public string? Output { get; init; }

    public int? Seed { get; init; }

    /// <summary>Also write the run report (JSON) to this file.</summary>
    public string? ReportFile { get; init; }

    /// <summary>"auto" (CUDA when available), "cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Continue the latest run under <see cref="Output"/> (or <see cref="ResumeRun"/>) from its <c>checkpoints/last.tlmodel</c> (command line <c>--resume</c>).</summary>
    public bool Resume { get; init; }

    /// <summary>The run to continue: its folder name under <c>&lt;output&gt;/runs/</c> or its path (command line <c>--resume RUN</c>); implies <see cref="Resume"/>.</summary>
    public string? ResumeRun { get; init; }

    /// <summary>A readable suffix for the new run folder's name (command line <c>--run-name</c>).</summary>
    public string? RunName { get; init; }

    /// <summary>The arguments recorded in the run's <c>run.json</c>; the process's own when null.</summary>
    public IReadOnlyList<string>? CommandLine { get; init; }

    /// <summary>Where progress goes; the console display by default.</summary>
    public ITrainingProgress? Progress { get; init; }
}
