using System.IO.Compression;
using System.Text.Json;

namespace TLDeclarative.IntegrationTests;

/// <summary>
/// The crash-safety promise end to end: a run killed with SIGKILL in the middle of its second phase
/// and resumed with --resume ends exactly where an uninterrupted run with the same seed ends.
/// </summary>
public sealed class ResumeAfterKillTests : IDisposable
{
    // Two epochs of feature extraction, two of fine-tuning, on the built-in demo images (32x32).
    private static readonly string[] Epochs22 = ["--demo", "--epochs", "2", "2"];

    private readonly string folder = Directory.CreateTempSubdirectory("tld-resume-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_run_killed_in_phase_two_and_resumed_matches_an_uninterrupted_run()
    {
        var uninterrupted = Path.Combine(folder, "uninterrupted");
        var interrupted = Path.Combine(folder, "interrupted");

        // The two runs are separate processes: running them side by side changes only their timings.
        var fullRun = ResumeHostApp.RunAsync(folder, [.. Epochs22, "--output", uninterrupted]);
        var killedAfter = await KillOnceAPhaseTwoEpochIsDone(interrupted);
        var full = await fullRun;
        Assert.True(full.ExitCode == 0, full.Output + full.Error);
        Assert.Equal(3, killedAfter);
        Assert.False(File.Exists(Path.Combine(RunFolder(interrupted), "ResumeHost.tlmodel")), "the killed run must not have finished");

        var resumed = await ResumeHostApp.RunAsync(folder, [.. Epochs22, "--output", interrupted, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains("Resuming from ", resumed.Output, StringComparison.Ordinal);

        var expected = Epochs(uninterrupted);
        var actual = Epochs(interrupted);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Select(e => e.Epoch), actual.Select(e => e.Epoch));
        Assert.Equal(expected.Select(e => e.Phase), actual.Select(e => e.Phase));
        // Measured on CPU: every metric and every weight identical to the last bit (see docs/training.md).
        Assert.Equal(expected.Select(e => e.Metrics), actual.Select(e => e.Metrics));
        Assert.Equal(Weights(Path.Combine(RunFolder(uninterrupted), "ResumeHost.tlmodel")), Weights(Path.Combine(RunFolder(interrupted), "ResumeHost.tlmodel")));
        Assert.Equal(Weights(Path.Combine(RunFolder(uninterrupted), "checkpoints", "best.tlmodel")), Weights(Path.Combine(RunFolder(interrupted), "checkpoints", "best.tlmodel")));

        // The resume continued the same run folder: one run, two sessions, and the report's total time
        // counts both (the killed session up to its last epoch).
        Assert.Single(Directory.GetDirectories(Path.Combine(interrupted, "runs")));
        using var record = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder(interrupted), "run.json")));
        var sessions = record.RootElement.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(JsonValueKind.Null, sessions[0].GetProperty("ended").ValueKind);
        var firstSession = (sessions[0].GetProperty("last_progress").GetDateTimeOffset() - sessions[0].GetProperty("started").GetDateTimeOffset()).TotalSeconds;
        var secondSession = (sessions[1].GetProperty("ended").GetDateTimeOffset() - sessions[1].GetProperty("started").GetDateTimeOffset()).TotalSeconds;
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder(interrupted), "report.json")));
        Assert.Equal(firstSession + secondSession, report.RootElement.GetProperty("total_seconds").GetDouble(), 6);
        Assert.True(firstSession > 0 && secondSession > 0);

        var again = await ResumeHostApp.RunAsync(folder, [.. Epochs22, "--output", interrupted, "--resume"]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already finished (4 epochs)", again.Error, StringComparison.Ordinal);
    }

    /// <returns>The last epoch the killed run had completed.</returns>
    private static async Task<int> KillOnceAPhaseTwoEpochIsDone(string output)
    {
        // Slow each training step a little so the kill lands inside phase 2, not after the run.
        using var process = ResumeHostApp.Start(Path.GetDirectoryName(output)!, new Dictionary<string, string> { ["TLD_RESUME_HOST_DELAY_MS"] = "25" }, [.. Epochs22, "--output", output]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (HasHistory(output) && Epochs(output) is { } epochs && epochs.Any(e => e.PhaseIndex == 1))
            {
                process.Kill(); // SIGKILL on Unix: no handler, no flush, no cleanup.
                await process.WaitForExitAsync();
                return epochs[^1].Epoch;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"The run ended or stalled before a phase-2 epoch was recorded:\n{await stdout}\n{await stderr}");
        return 0;
    }

    /// <summary>The run folder the output folder's <c>runs/latest</c> names.</summary>
    private static string RunFolder(string output) =>
        Path.Combine(output, "runs", File.ReadAllText(Path.Combine(output, "runs", "latest")).Trim());

    private static bool HasHistory(string output) =>
        File.Exists(Path.Combine(output, "runs", "latest")) && File.Exists(Path.Combine(RunFolder(output), "history.json"));

    private static List<(int Epoch, int PhaseIndex, string Phase, string Metrics)> Epochs(string output)
    {
        // history.json is replaced atomically, so a reader never sees half a file.
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder(output), "history.json")));
        return document.RootElement.GetProperty("epochs").EnumerateArray().Select(e => (
            e.GetProperty("epoch").GetInt32(),
            e.GetProperty("phase_index").GetInt32(),
            e.GetProperty("phase").GetString()!,
            // Everything but wall time and throughput, as written (shortest round-trip doubles).
            string.Join(", ", e.EnumerateObject().Where(p => p.Name is not ("seconds" or "train_images_per_second")).Select(p => $"{p.Name}={p.Value.GetRawText()}")))).ToList();
    }

    private static byte[] Weights(string bundle)
    {
        using var zip = ZipFile.OpenRead(bundle);
        using var stream = zip.GetEntry("weights.dat")!.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
