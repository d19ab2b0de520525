using System.Text.Json;
using System.Text.Json.Serialization;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runs;

/// <summary>
/// A run folder's <c>run.json</c>: what ran (spec hash and version, command line, seed, machine) and
/// when, one session per start or <c>--resume</c>. Rewritten atomically at every epoch, so a killed
/// session still counts up to its last epoch.
/// </summary>
/// <param name="Name">The run folder's name.</param>
/// <param name="SpecFile">The spec file's name.</param>
/// <param name="SpecHash">SHA-256 of the resolved spec (<c>spec.tl.yaml</c>).</param>
/// <param name="CommandLine">The arguments of the first session.</param>
/// <param name="Settings">The run's settings beside the spec (seed, image size, batch size, epochs per phase), as text.</param>
public sealed record RunRecord(
    string Name,
    string Experiment,
    string SpecFile,
    string SpecHash,
    SpecVersion SpecVersion,
    IReadOnlyList<string> CommandLine,
    int Seed,
    IReadOnlyDictionary<string, string> Settings,
    RunEnvironment Environment,
    IReadOnlyList<RunSession> Sessions)
{
    public const string FileName = "run.json";

    /// <summary>The resolved spec (after <c>extends</c> and defaults) as the run used it.</summary>
    public const string SpecFileName = "spec.tl.yaml";

    public DateTimeOffset Started => Sessions[0].Started;

    /// <summary>End of the last session; null while it runs or when it was killed.</summary>
    public DateTimeOffset? Ended => Sessions[^1].Ended;

    /// <summary>Wall time of every session together (a killed session counts to its last epoch).</summary>
    public double TotalSeconds => Sessions.Sum(s => ((s.Ended ?? s.LastProgress) - s.Started).TotalSeconds);

    public static RunRecord Read(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), RunsJsonContext.Default.RunRecord)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a run record ({e.Message}).", e);
        }
    }

    public void Write(string runFolder) =>
        AtomicFile.WriteAllBytes(Path.Combine(runFolder, FileName), [.. JsonSerializer.SerializeToUtf8Bytes(this, RunsJsonContext.Default.RunRecord), (byte)'\n']);

    /// <summary>This record with a new session (a resume) starting now.</summary>
    public RunRecord WithSession(DateTimeOffset now, IReadOnlyList<string> commandLine) =>
        this with { Sessions = [.. Sessions, new RunSession(now, now, null, commandLine)] };

    /// <summary>This record with the current session's progress (or end) set to <paramref name="now"/>.</summary>
    public RunRecord WithProgress(DateTimeOffset now, bool ended) =>
        this with { Sessions = [.. Sessions.SkipLast(1), Sessions[^1] with { LastProgress = now, Ended = ended ? now : null }] };
}

/// <summary>One start or resume of a run.</summary>
/// <param name="LastProgress">When the session last finished an epoch (or started).</param>
/// <param name="Ended">When it finished; null while running or after a crash.</param>
/// <param name="CommandLine">This session's arguments.</param>
public sealed record RunSession(DateTimeOffset Started, DateTimeOffset LastProgress, DateTimeOffset? Ended, IReadOnlyList<string> CommandLine);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    IgnoreReadOnlyProperties = false)]
[JsonSerializable(typeof(RunRecord))]
internal sealed partial class RunsJsonContext : JsonSerializerContext;
