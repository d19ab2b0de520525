using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runtime;

/// <summary>One probe's outcome, as cached for a machine (CPU model and flags, libtorch, ISA variables).</summary>
internal sealed record ConvolutionProbeRecord(string Machine, double ForwardError, double InputGradientError, DateTimeOffset ProbedAt)
{
    [JsonIgnore]
    public bool Wrong => ForwardError > OneDnnConvolutionProbe.Tolerance || InputGradientError > OneDnnConvolutionProbe.Tolerance;
}

/// <summary>
/// Probe outcomes cached one file per machine key, in <c>$TL_CONV_GUARD_CACHE</c> or
/// <c>$XDG_CACHE_HOME/tldeclarative</c> (default <c>~/.cache/tldeclarative</c>). A shared home folder
/// across different machines holds one file per machine; a changed CPU, libtorch or ISA variable
/// makes a new key and a new probe.
/// </summary>
internal sealed class ConvolutionVerdictCache(string folder, string machine)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Machine { get; } = machine;

    public string FilePath { get; } = Path.Combine(folder, $"onednn-conv-{Hash(machine)}.json");

    public static string DefaultFolder()
    {
        var configured = Environment.GetEnvironmentVariable("TL_CONV_GUARD_CACHE");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "tldeclarative");
    }

    /// <summary>The machine key: everything oneDNN's kernel choice depends on that a process can see.</summary>
    public static string MachineKey(CpuDescription cpu, string libTorch, string isaVariables) =>
        $"cpu={cpu.Model}; flags={string.Join(' ', cpu.Flags)}; libtorch={libTorch}; isa={isaVariables}";

    /// <summary>The cached record for this machine, or null when none (or an unreadable one) exists.</summary>
    public ConvolutionProbeRecord? Read()
    {
        try
        {
            if (!File.Exists(FilePath)) return null;
            var record = JsonSerializer.Deserialize<ConvolutionProbeRecord>(File.ReadAllText(FilePath), Json);
            return record?.Machine == Machine ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // a damaged cache only costs a new probe
        }
    }

    /// <summary>Writes <paramref name="record"/>; returns why not when the folder cannot be written.</summary>
    public string? TryWrite(ConvolutionProbeRecord record)
    {
        try
        {
            AtomicFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(record, Json));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
