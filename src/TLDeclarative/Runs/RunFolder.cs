using System.Text;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runs;

/// <summary>
/// The folder of the run in progress and its <see cref="RunRecord"/>: opened new (with the resolved
/// spec and the record) or reopened by <c>--resume</c> (a new session in the same record).
/// </summary>
internal sealed class RunFolder
{
    private RunFolder(string path, RunRecord record)
    {
        Path = path;
        Record = record;
    }

    public string Path { get; }

    public RunRecord Record { get; private set; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>A new run folder holding <c>spec.tl.yaml</c> and <c>run.json</c>.</summary>
    public static RunFolder Start(ExperimentDefinition definition, string output, string? runName, int seed, IReadOnlyDictionary<string, string> settings, string device, IReadOnlyList<string> commandLine)
    {
        var now = DateTimeOffset.UtcNow;
        var path = RunFolders.Create(output, definition.SpecHash, runName, now);
        AtomicFile.WriteAllBytes(System.IO.Path.Combine(path, RunRecord.SpecFileName), Encoding.UTF8.GetBytes(definition.NormalizedSpec ?? definition.SpecText));
        var record = new RunRecord(
            System.IO.Path.GetFileName(path),
            definition.Name,
            definition.SpecFile,
            definition.SpecHash,
            SpecVersion.Capture(definition.SpecFile),
            commandLine,
            seed,
            settings,
            RunEnvironment.Capture(device),
            [new RunSession(now, now, null, commandLine)]);
        record.Write(path);
        return new RunFolder(path, record);
    }

    /// <summary>
    /// The named run (or the latest) with a new session for this resume. The record on disk gets the
    /// session with the first epoch (or the end), so a resume refused for a changed spec leaves no trace.
    /// </summary>
    public static RunFolder Resume(string output, string? runName, IReadOnlyList<string> commandLine)
    {
        var path = RunFolders.Find(output, runName);
        return new RunFolder(path, RunRecord.Read(path).WithSession(DateTimeOffset.UtcNow, commandLine));
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Records that the session is still going (after each epoch), or that it ended.</summary>
    public void Progress(bool ended = false)
    {
        Record = Record.WithProgress(DateTimeOffset.UtcNow, ended);
        Record.Write(Path);
    }
}
