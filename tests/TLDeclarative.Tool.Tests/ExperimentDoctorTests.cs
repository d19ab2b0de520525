using System.Diagnostics;
using System.Globalization;

namespace TLDeclarative.Tool.Tests;

/// <summary>
/// An experiment's <c>doctor</c> command (here the tiny ResumeHost experiment's) and the convolution guard
/// behind it, each in a fresh child process: the guard's decisions (and the ISA cap) are fixed once per
/// process, before libtorch's first convolution. It lives beside the tool's tests because it replaced
/// <c>tl doctor</c>: the tool carries no libtorch.
/// </summary>
public sealed class ExperimentDoctorTests : IDisposable
{
    private readonly string cacheFolder = Directory.CreateTempSubdirectory("tld-guard-cache-").FullName;

    [Fact]
    public void Doctor_prints_versions_cpu_and_a_working_guard()
    {
        var run = Doctor();
        Assert.Equal(0, run.ExitCode);
        foreach (var name in new[] { "TorchSharp", "libtorch", ".NET", "CPU", "CPU vector flags", "Threads", "Device", "Convolution guard", "conv2d check" })
            Assert.Contains(run.Lines, l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Contains("[TL_CONV_GUARD=auto]", Value(run, "Convolution guard"), StringComparison.Ordinal);
        Assert.True(GuardedError(run) < 1e-4, run.Text);
        // The verdict and the plain check agree: padding is in force exactly where plain libtorch is wrong.
        Assert.Equal(PlainError(run) > 1e-4, Value(run, "Convolution guard").Contains("padded", StringComparison.Ordinal));
    }

    [Fact]
    public void The_verdict_is_cached_per_machine_and_read_back()
    {
        var first = Doctor();
        Assert.StartsWith("probed now, cached in " + cacheFolder, Value(first, "Verdict from"), StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(cacheFolder, "onednn-conv-*.json"));
        Assert.Contains("libtorch=", File.ReadAllText(file), StringComparison.Ordinal);

        var second = Doctor();
        Assert.Equal("cached in " + file, Value(second, "Verdict from"));
        Assert.Equal(Value(first, "Convolution guard"), Value(second, "Convolution guard"));
    }

    [Fact]
    public void Forced_off_leaves_convolutions_as_libtorch_runs_them()
    {
        var run = Doctor(("TL_CONV_GUARD", "off"));
        Assert.Equal("oneDNN convolutions: not probed; no workaround [TL_CONV_GUARD=off]", Value(run, "Convolution guard"));
        Assert.Equal(PlainError(run), GuardedError(run));
        Assert.Empty(Directory.GetFiles(cacheFolder));
    }

    [Fact]
    public void Forced_padding_is_right_without_a_probe()
    {
        var run = Doctor(("TL_CONV_GUARD", "pad"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("oneDNN convolutions: not probed; affected layers padded to multiples of 16 channels [TL_CONV_GUARD=pad]", Value(run, "Convolution guard"));
        Assert.True(GuardedError(run) < 1e-4, run.Text);
    }

    [Fact]
    public void Forced_cap_reaches_libtorch_and_makes_plain_convolutions_right()
    {
        var run = Doctor(("TL_CONV_GUARD", "cap"));
        Assert.Equal("oneDNN convolutions: not probed; oneDNN capped by DNNL_MAX_CPU_ISA=AVX2 [TL_CONV_GUARD=cap]", Value(run, "Convolution guard"));
        Assert.Equal("DNNL_MAX_CPU_ISA=AVX2 (set by the guard)", Value(run, "oneDNN ISA variable"));
        Assert.True(PlainError(run) < 1e-4, run.Text);
    }

    [Fact]
    public void A_users_own_isa_variable_is_respected_and_probed_under()
    {
        var run = Doctor(("ONEDNN_MAX_CPU_ISA", "AVX2"), ("TL_CONV_GUARD", "cap"));
        Assert.Equal("ONEDNN_MAX_CPU_ISA=AVX2 (yours)", Value(run, "oneDNN ISA variable"));
        Assert.DoesNotContain("DNNL_MAX_CPU_ISA=", run.Text.Replace("ONEDNN_MAX_CPU_ISA", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var auto = Doctor(("DNNL_MAX_CPU_ISA", "AVX2"));
        Assert.Equal("DNNL_MAX_CPU_ISA=AVX2 (yours)", Value(auto, "oneDNN ISA variable"));
        Assert.StartsWith("oneDNN convolutions: right on this CPU", Value(auto, "Convolution guard"), StringComparison.Ordinal);
        Assert.EndsWith("no workaround; DNNL_MAX_CPU_ISA=AVX2 in force (user's variable respected) [TL_CONV_GUARD=auto]", Value(auto, "Convolution guard"), StringComparison.Ordinal);
        Assert.True(PlainError(auto) < 1e-4, auto.Text);
    }

    [Fact]
    public void An_unknown_mode_is_a_usage_error_naming_the_variable()
    {
        var run = Doctor(("TL_CONV_GUARD", "sometimes"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("TL_CONV_GUARD='sometimes' is not a convolution guard mode; use auto (the default), pad, cap or off", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(cacheFolder, recursive: true);

    private sealed record Run(int ExitCode, string[] Lines, string Error)
    {
        public string Text => string.Join('\n', Lines) + "\n" + Error;
    }

    private static string Value(Run run, string name)
    {
        var line = run.Lines.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"doctor printed no '{name}' line:\n{run.Text}");
        return line[name.Length..].Trim();
    }

    private static double PlainError(Run run) => CheckValue(run, "plain libtorch ");

    private static double GuardedError(Run run) => CheckValue(run, "through the run time ");

    private static double CheckValue(Run run, string label)
    {
        var check = Value(run, "conv2d check");
        var start = check.IndexOf(label, StringComparison.Ordinal) + label.Length;
        var end = check.IndexOf(',', start);
        return double.Parse(end < 0 ? check[start..] : check[start..end], CultureInfo.InvariantCulture);
    }

    private Run Doctor(params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TLDeclarative.ResumeHost.dll"));
        info.ArgumentList.Add("doctor");
        foreach (var inherited in new[] { "TL_CONV_GUARD", "DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA" })
            info.Environment.Remove(inherited);
        info.Environment["TL_CONV_GUARD_CACHE"] = cacheFolder;
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Run(process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), error.Result);
    }
}
