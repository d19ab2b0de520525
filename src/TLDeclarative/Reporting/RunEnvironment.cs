using System.Reflection;
using System.Runtime.InteropServices;
using TLDeclarative.Runtime;
using TorchSharp;

namespace TLDeclarative.Reporting;

/// <summary>Where a run ran, so its timings and results can be compared with another's.</summary>
/// <param name="OperatingSystem">OS description (e.g. "Ubuntu 24.04.1 LTS").</param>
/// <param name="Runtime">.NET runtime (e.g. ".NET 10.0.0").</param>
/// <param name="Architecture">Process architecture (e.g. "X64").</param>
/// <param name="TorchSharp">TorchSharp package version.</param>
/// <param name="LibTorch">libtorch version TorchSharp was built against.</param>
/// <param name="CpuCores">Logical processors available to the process.</param>
/// <param name="Device">Device the model ran on (e.g. "cpu", "cuda:0").</param>
public sealed record RunEnvironment(
    string OperatingSystem,
    string Runtime,
    string Architecture,
    string TorchSharp,
    string LibTorch,
    int CpuCores,
    string Device)
{
    /// <summary>CPU model as the OS names it (null in reports written before it was recorded).</summary>
    public string? Cpu { get; init; }

    /// <summary>The convolution guard's verdict and workaround in force (docs/numerics.md).</summary>
    public string? Convolutions { get; init; }

    /// <summary>The environment of this process, for a run on <paramref name="device"/>.</summary>
    public static RunEnvironment Capture(string device)
    {
        var torchAssembly = typeof(torch).Assembly;
        var torchSharp = torchAssembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? torchAssembly.GetName().Version?.ToString()
            ?? "unknown";

        // The informational version may carry "+<commit>"; the package version is what people compare.
        var plus = torchSharp.IndexOf('+', StringComparison.Ordinal);
        return new RunEnvironment(
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.ProcessArchitecture.ToString(),
            plus > 0 ? torchSharp[..plus] : torchSharp,
            torch.__version__,
            Environment.ProcessorCount,
            device)
        {
            Cpu = CpuDescription.Current.Model,
            Convolutions = ConvolutionGuard.State.Summary,
        };
    }
}
