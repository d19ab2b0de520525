using System.Globalization;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace TLDeclarative.Runtime;

/// <summary>
/// Keeps this process's convolutions right on CPUs where libtorch's oneDNN computes some float32
/// convolutions wrong (AVX-512 kernels, in_channels &gt; 16 and not a multiple of 16; docs/numerics.md).
/// <para>
/// <c>TL_CONV_GUARD</c> = <c>auto</c> (default) | <c>pad</c> | <c>cap</c> | <c>off</c>. In auto mode a
/// probe measures two affected convolutions against float64 once per machine (cached), and if they are
/// wrong the affected layers run zero-padded to a multiple of 16 channels (<see cref="GuardedConvolution"/>),
/// which is exact and keeps AVX-512. The probe runs in this process at the instruction set the process
/// keeps anyway, so it poisons nothing: only <c>cap</c> changes the instruction set, and that is set
/// before libtorch's first convolution, by this assembly's module initializer.
/// A <c>DNNL_MAX_CPU_ISA</c> or <c>ONEDNN_MAX_CPU_ISA</c> the user set is never overridden.
/// </para>
/// </summary>
public static class ConvolutionGuard
{
    public const string ModeVariable = "TL_CONV_GUARD";
    internal const string IsaVariable = "DNNL_MAX_CPU_ISA";
    internal const string CappedIsa = "AVX2";
    private static readonly string[] IsaVariables = [IsaVariable, "ONEDNN_MAX_CPU_ISA"];

    private static readonly Lazy<Preparation> Prepared = new(PrepareOnce);
    private static readonly Lazy<ConvolutionGuardState> Decided = new(Decide);

    /// <summary>
    /// Sets the ISA cap in the native environment when <c>TL_CONV_GUARD=cap</c> (and the user set no ISA
    /// variable). Cheap and touches no tensor, so it can run first thing; idempotent.
    /// </summary>
    public static void PrepareNativeEnvironment() => _ = Prepared.Value;

    /// <summary>The guard's decision for this process (probes or reads the cache on first use).</summary>
    /// <exception cref="ArgumentException"><c>TL_CONV_GUARD</c> has an unknown value.</exception>
    public static ConvolutionGuardState State => Decided.Value;

    /// <summary>True when affected convolutions must run channel-padded in this process.</summary>
    public static bool PadsChannels => State.Workaround == ConvolutionWorkaround.ChannelPadding;

    /// <summary>Parses a <c>TL_CONV_GUARD</c> value (null or empty means auto).</summary>
    /// <exception cref="ArgumentException">Not one of auto, pad, cap, off.</exception>
    public static ConvolutionGuardMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ConvolutionGuardMode.Auto,
        "pad" => ConvolutionGuardMode.Pad,
        "cap" => ConvolutionGuardMode.Cap,
        "off" => ConvolutionGuardMode.Off,
        _ => throw new ArgumentException(
            $"{ModeVariable}='{value}' is not a convolution guard mode; use auto (the default), pad, cap or off (see docs/numerics.md)."),
    };

#pragma warning disable CA2255 // The cap only works if it is in the native environment before libtorch's first convolution.
    [ModuleInitializer]
    internal static void InitializeModule() => PrepareNativeEnvironment();
#pragma warning restore CA2255

    private sealed record Preparation(ConvolutionGuardMode? Mode, string? ModeError, string? UserIsa, bool CapSet);

    private static Preparation PrepareOnce()
    {
        var userIsa = IsaVariables
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(v => !string.IsNullOrWhiteSpace(v.value))
            .Select(v => $"{v.name}={v.value}")
            .FirstOrDefault();
        ConvolutionGuardMode mode;
        try
        {
            mode = ParseMode(Environment.GetEnvironmentVariable(ModeVariable));
        }
        catch (ArgumentException e)
        {
            return new Preparation(null, e.Message, userIsa, false); // reported where the state is first asked for
        }

        var capSet = mode == ConvolutionGuardMode.Cap && userIsa is null;
        if (capSet) NativeEnvironment.Set(IsaVariable, CappedIsa);
        return new Preparation(mode, null, userIsa, capSet);
    }

    private static ConvolutionGuardState Decide()
    {
        var prepared = Prepared.Value;
        if (prepared.Mode is not { } mode)
            throw new ArgumentException(prepared.ModeError);

        TorchNative.LoadOrThrow();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var isa = prepared.CapSet ? $"{IsaVariable}={CappedIsa}" : prepared.UserIsa;
        var state = new ConvolutionGuardState(mode, isa, prepared.UserIsa is not null);
        state = mode switch
        {
            ConvolutionGuardMode.Off => state,
            ConvolutionGuardMode.Pad => state with { Workaround = ConvolutionWorkaround.ChannelPadding },
            ConvolutionGuardMode.Cap => state with { Workaround = ConvolutionWorkaround.IsaCap },
            _ => Probe(state),
        };
        return state with { DecisionTime = clock.Elapsed };
    }

    private static ConvolutionGuardState Probe(ConvolutionGuardState state)
    {
        var cache = new ConvolutionVerdictCache(
            ConvolutionVerdictCache.DefaultFolder(),
            ConvolutionVerdictCache.MachineKey(CpuDescription.Current, torch.__version__, state.Isa ?? "default"));
        var record = cache.Read();
        var source = $"cached in {cache.FilePath}";
        if (record is null)
        {
            var (forward, inputGradient) = OneDnnConvolutionProbe.Run();
            record = new ConvolutionProbeRecord(cache.Machine, forward, inputGradient, DateTimeOffset.UtcNow);
            source = cache.TryWrite(record) is { } failure
                ? $"probed now; not cached ({failure})"
                : $"probed now, cached in {cache.FilePath}";
        }

        return state with
        {
            Verdict = record.Wrong ? ConvolutionVerdict.Wrong : ConvolutionVerdict.Right,
            ForwardError = record.ForwardError,
            InputGradientError = record.InputGradientError,
            VerdictSource = source,
            Workaround = record.Wrong ? ConvolutionWorkaround.ChannelPadding : ConvolutionWorkaround.None,
        };
    }
}

/// <summary>The convolution guard's decision, as the log, the run report and an experiment's <c>doctor</c> command show it.</summary>
/// <param name="Mode">What TL_CONV_GUARD asked for.</param>
/// <param name="Isa">The oneDNN ISA variable in force (the user's or the guard's cap), or null.</param>
/// <param name="IsaIsUsers">True when <paramref name="Isa"/> was set by the user, not by the guard.</param>
public sealed record ConvolutionGuardState(ConvolutionGuardMode Mode, string? Isa, bool IsaIsUsers)
{
    public ConvolutionVerdict Verdict { get; init; } = ConvolutionVerdict.NotProbed;

    /// <summary>Relative error of the probe's forward convolution against float64 (null when not probed).</summary>
    public double? ForwardError { get; init; }

    /// <summary>Relative error of the probe's input gradient against float64 (null when not probed).</summary>
    public double? InputGradientError { get; init; }

    /// <summary>Where the verdict came from (probed now, or the cache file).</summary>
    public string? VerdictSource { get; init; }

    public ConvolutionWorkaround Workaround { get; init; } = ConvolutionWorkaround.None;

    /// <summary>What deciding cost this process after libtorch had loaded (a cached verdict: file reads only).</summary>
    public TimeSpan DecisionTime { get; init; }

    /// <summary>One line: the verdict and what is in force, e.g. for the log and the run report.</summary>
    public string Summary
    {
        get
        {
            var verdict = Verdict switch
            {
                ConvolutionVerdict.NotProbed => "not probed",
                _ => string.Create(CultureInfo.InvariantCulture,
                    $"{(Verdict == ConvolutionVerdict.Wrong ? "WRONG" : "right")} on this CPU (forward {ForwardError:0.0e+00}, input gradient {InputGradientError:0.0e+00} from float64)"),
            };
            var action = Workaround switch
            {
                ConvolutionWorkaround.ChannelPadding => "affected layers padded to multiples of 16 channels",
                ConvolutionWorkaround.IsaCap => $"oneDNN capped by {Isa}",
                _ => Isa is null ? "no workaround" : $"no workaround; {Isa} in force",
            };
            var isaOwner = Isa is not null && IsaIsUsers ? " (user's variable respected)" : "";
            return $"oneDNN convolutions: {verdict}; {action}{isaOwner} [{ConvolutionGuard.ModeVariable}={Mode.ToString().ToLowerInvariant()}]";
        }
    }
}
