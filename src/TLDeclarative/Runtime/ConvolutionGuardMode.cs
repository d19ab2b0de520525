namespace TLDeclarative.Runtime;

/// <summary>What <c>TL_CONV_GUARD</c> asks of the convolution guard (see docs/numerics.md).</summary>
public enum ConvolutionGuardMode
{
    /// <summary>Probe this machine once (cached) and pad the affected layers only where oneDNN is wrong.</summary>
    Auto,

    /// <summary>Pad the affected layers whatever the probe would say.</summary>
    Pad,

    /// <summary>Cap oneDNN at AVX2 for the whole process (slower, see docs/performance.md).</summary>
    Cap,

    /// <summary>Do nothing: oneDNN runs as it is.</summary>
    Off,
}

/// <summary>What the guard does to the convolutions of this process.</summary>
public enum ConvolutionWorkaround
{
    /// <summary>Convolutions run as libtorch runs them.</summary>
    None,

    /// <summary>Affected layers run with their channels zero-padded to a multiple of 16 (exact).</summary>
    ChannelPadding,

    /// <summary>oneDNN is capped at an instruction set (DNNL_MAX_CPU_ISA) for the whole process.</summary>
    IsaCap,
}

/// <summary>Whether oneDNN's float32 convolutions matched a float64 reference on this machine.</summary>
public enum ConvolutionVerdict
{
    Right,
    Wrong,

    /// <summary>No probe ran: the mode did not need one.</summary>
    NotProbed,
}
