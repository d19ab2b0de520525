using System.Runtime.InteropServices;

namespace TLDeclarative.Runtime;

/// <summary>The processor as the operating system names it: model and instruction-set flags.</summary>
/// <param name="Model">e.g. "AMD EPYC 9R14 96-Core Processor".</param>
/// <param name="Flags">Every flag the kernel reports, in its order (empty where unknown).</param>
public sealed record CpuDescription(string Model, IReadOnlyList<string> Flags)
{
    private static readonly string[] VectorFlagPrefixes = ["sse", "ssse", "avx", "fma", "amx", "f16c", "vnni"];

    /// <summary>The SIMD flags oneDNN chooses its kernels by (SSE*, AVX*, FMA, AMX, ...).</summary>
    public IReadOnlyList<string> VectorFlags =>
        Flags.Where(f => VectorFlagPrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>Reads /proc/cpuinfo on Linux; elsewhere the architecture only.</summary>
    public static CpuDescription Current { get; } = Read();

    private static CpuDescription Read()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(cpuInfo))
            return new CpuDescription(RuntimeInformation.ProcessArchitecture.ToString(), []);

        string? model = null;
        string[] flags = [];
        foreach (var line in File.ReadLines(cpuInfo))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key == "model name") model ??= value;
            else if (key is "flags" or "Features" && flags.Length == 0) flags = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (model is not null && flags.Length > 0) break;
        }

        return new CpuDescription(model ?? RuntimeInformation.ProcessArchitecture.ToString(), flags);
    }
}
