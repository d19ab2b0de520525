using TLDeclarative.Runs;
using TLDeclarative.Tests.Support;

namespace TLDeclarative.Tests.Runs;

public sealed class RunFoldersTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Runs_started_in_the_same_second_get_their_own_folders_and_latest_names_the_newest()
    {
        using var folder = new TempFolder();
        var now = new DateTimeOffset(2026, 12, 6, 5, 4, 3, TimeSpan.Zero);

        var first = RunFolders.Create(folder.Path, Hash, null, now);
        var second = RunFolders.Create(folder.Path, Hash, null, now);
        var named = RunFolders.Create(folder.Path, Hash, "lr-3e-5", now.AddSeconds(1));

        Assert.Equal(["20261206-050403-01234567", "20261206-050403-01234567-2", "20261206-050404-01234567-lr-3e-5"], new[] { first, second, named }.Select(Path.GetFileName));
        Assert.Equal("20261206-050404-01234567-lr-3e-5\n", File.ReadAllText(folder.Combine("runs", "latest")));
        Assert.Equal(named, RunFolders.Latest(folder.Path));
        Assert.Equal([first, second, named], RunFolders.All(folder.Path));
        Assert.Equal(second, RunFolders.Find(folder.Path, "20261206-050403-01234567-2"));
        Assert.Equal(named, RunFolders.Find(folder.Path, null));
    }

    [Fact]
    public void A_bad_run_name_or_a_missing_run_is_explained()
    {
        using var folder = new TempFolder();
        var badName = Assert.Throws<ArgumentException>(() => RunFolders.Create(folder.Path, Hash, "a/b", DateTimeOffset.UtcNow));
        Assert.Equal("--run-name 'a/b': use letters, digits, '.', '_' and '-' only (it becomes part of a folder name).", badName.Message);
        var none = Assert.Throws<DirectoryNotFoundException>(() => RunFolders.Find(folder.Path, null));
        Assert.Equal($"Cannot resume: there is no run under '{folder.Combine("runs")}' (no 'latest' file). Start the run without --resume.", none.Message);

        var run = RunFolders.Create(folder.Path, Hash, null, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var missing = Assert.Throws<DirectoryNotFoundException>(() => RunFolders.Find(folder.Path, "nope"));
        Assert.Equal($"Cannot resume: there is no run 'nope' under '{folder.Combine("runs")}'; the runs are: {Path.GetFileName(run)}.", missing.Message);
    }

    [Fact]
    public void Total_time_adds_every_session_and_a_killed_one_counts_to_its_last_epoch()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var record = new RunRecord("r", "Tiny", "tiny.tl.yaml", Hash, new SpecVersion(null, null, null, null), ["--demo"], 1, new Dictionary<string, string>(), TLDeclarative.Reporting.RunEnvironment.Capture("cpu"), [new RunSession(t0, t0.AddSeconds(30), null, ["--demo"])]);

        var resumed = record.WithSession(t0.AddSeconds(100), ["--resume"]).WithProgress(t0.AddSeconds(145), ended: true);

        Assert.Equal(30 + 45, resumed.TotalSeconds, 9);
        Assert.Equal(t0.AddSeconds(145), resumed.Ended);
        Assert.Equal(t0, resumed.Started);
    }

    [Fact]
    public void Runs_order_by_spec_version_then_uncommitted_after_their_commit_then_without_git_last()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        RunSummary Run(string name, int startedAfter, int? commitTime, bool? uncommitted) => new(
            name,
            new RunRecord(name, "Tiny", "tiny.tl.yaml", Hash, new SpecVersion(null, commitTime is null ? null : "c" + commitTime, commitTime is { } t ? t0.AddHours(t) : null, uncommitted), [], 1, new Dictionary<string, string>(), TLDeclarative.Reporting.RunEnvironment.Capture("cpu"), [new RunSession(t0.AddDays(startedAfter), t0.AddDays(startedAfter), null, [])]),
            "",
            new TLDeclarative.Reporting.TrainingHistory(),
            null);

        var ordered = RunSummary.BySpecVersion([
            Run("no-git", 0, null, null),
            Run("v2", 1, 2, false),
            Run("v1-edited", 2, 1, true),
            Run("v1-later", 4, 1, false),
            Run("v1", 3, 1, false),
        ]);

        Assert.Equal(["v1", "v1-later", "v1-edited", "v2", "no-git"], ordered.Select(r => r.Name));
    }
}
