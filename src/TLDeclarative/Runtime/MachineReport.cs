using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace TLDeclarative.Runtime;

/// <summary>
/// What an experiment's <c>doctor</c> command prints: the facts to paste into a bug report (versions, CPU
/// and its vector flags, threads, device) and whether this machine's convolutions are right (the
/// convolution guard's verdict, what it does about it, and a check that it works in this very process).
/// It lives where libtorch is: an experiment app carries it, the small <c>tl</c> tool does not.
/// </summary>
public static class MachineReport
{
    /// <summary>Writes the report; returns true when the run time's convolutions are right here.</summary>
    /// <exception cref="TorchNativeException">libtorch cannot be loaded.</exception>
    /// <exception cref="ArgumentException"><c>TL_CONV_GUARD</c> has an unknown value.</exception>
    public static bool Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TorchNative.EnsureLoaded();
        var guard = ConvolutionGuard.State;
        var cpu = CpuDescription.Current;
        var (plain, guarded) = ConvolutionSelfCheck.Run();
        var line = (string name, string value) => output.WriteLine($"{name,-22}{value}");
        line("TLDeclarative", Version(typeof(ConvolutionGuard).Assembly));
        line("TorchSharp", Version(typeof(torch).Assembly));
        line("libtorch", torch.__version__);
        line(".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})");
        line("OS", RuntimeInformation.OSDescription);
        line("CPU", $"{cpu.Model} ({Environment.ProcessorCount} logical processors)");
        line("CPU vector flags", cpu.VectorFlags.Count == 0 ? "(unknown)" : string.Join(' ', cpu.VectorFlags));
        line("Threads", $"{torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op");
        line("Device", torch.cuda.is_available() ? $"cuda ({torch.cuda.device_count()} GPU(s)); cpu" : "cpu (CUDA not available)");
        line("oneDNN ISA variable", guard.Isa is null ? "(none: oneDNN uses the best the CPU has)" : $"{guard.Isa}{(guard.IsaIsUsers ? " (yours)" : " (set by the guard)")}");
        line("Convolution guard", guard.Summary);
        line("Verdict from", guard.VerdictSource ?? "(no probe: the mode needs none)");
        line("Guard decided in", string.Create(CultureInfo.InvariantCulture, $"{guard.DecisionTime.TotalMilliseconds:F1} ms (after libtorch loaded)"));
        line("conv2d check", string.Create(CultureInfo.InvariantCulture,
            $"24->64 3x3, batch 8, 14x14 against float64: plain libtorch {plain:0.0e+00}, through the run time {guarded:0.0e+00}"));
        var right = guarded < 1e-4;
        output.WriteLine(right
            ? "Convolutions run by TLDeclarative are right on this machine."
            : "Convolutions run by TLDeclarative are WRONG on this machine: see docs/numerics.md (TL_CONV_GUARD=auto or pad fixes it).");
        return right;
    }

    private static string Version(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
