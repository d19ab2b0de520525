namespace TLDeclarative.Onnx;

/// <summary>ONNX auto_pad, plus Explicit for NOTSET (pads attribute).</summary>
internal enum PaddingMode { Explicit, SameUpper, SameLower, Valid }

/// <summary>
/// Padding for one input size: symmetric amounts the torch kernel takes directly, or (when no
/// symmetric choice is exact) amounts for F.pad, last dimension first, with zero kernel padding.
/// </summary>
internal readonly record struct ResolvedPadding(long[] Symmetric, long[]? Explicit);

/// <summary>
/// The padding rule of a Conv or Pool node, resolved per input size. Torch kernels only pad
/// symmetrically, ONNX pads begin and end separately; this class bridges the two exactly.
/// </summary>
internal sealed class SpatialPadding
{
    private readonly long[] _kernel;
    private readonly long[] _strides;
    private readonly long[] _dilations;
    private readonly long[] _pads;
    private readonly bool _ceilMode;
    private readonly bool _limitToHalfKernel;

    public SpatialPadding(PaddingMode mode, long[] pads, long[] kernel, long[] strides, long[] dilations, bool ceilMode, bool limitToHalfKernel)
    {
        Mode = mode;
        _pads = pads;
        _kernel = kernel;
        _strides = strides;
        _dilations = dilations;
        _ceilMode = ceilMode;
        _limitToHalfKernel = limitToHalfKernel;
    }

    public PaddingMode Mode { get; private set; }

    private int Rank => _kernel.Length;

    /// <summary>Explicit pads with begin != end somewhere: only right for the size they were computed for.</summary>
    public bool IsAsymmetricExplicit =>
        Mode == PaddingMode.Explicit && Enumerable.Range(0, Rank).Any(i => _pads[i] != _pads[i + Rank]);

    /// <summary>
    /// Called with the input size the graph declares: asymmetric explicit pads that equal SAME there
    /// were SAME padding all along (CNTK writes them so); from now on they are recomputed per size.
    /// </summary>
    public void Calibrate(ReadOnlySpan<long> spatial)
    {
        if (!IsAsymmetricExplicit) return;
        if (ExplicitEquals(PaddingMode.SameLower, spatial)) Mode = PaddingMode.SameLower;
        else if (ExplicitEquals(PaddingMode.SameUpper, spatial)) Mode = PaddingMode.SameUpper;
    }

    public ResolvedPadding Resolve(ReadOnlySpan<long> spatial)
    {
        var symmetric = new long[Rank];
        var begin = new long[Rank];
        var end = new long[Rank];
        var exact = true;
        for (var i = 0; i < Rank; i++)
        {
            (begin[i], end[i]) = PadsFor(Mode, i, spatial[i]);
            symmetric[i] = Math.Max(begin[i], end[i]);
            // Padding the end as much as the begin is exact when the extra end is never read.
            exact &= begin[i] == end[i] || (begin[i] > end[i] && !_ceilMode
                && OutputSize(i, spatial[i], begin[i], begin[i]) == OutputSize(i, spatial[i], begin[i], end[i]));
            exact &= !_limitToHalfKernel || symmetric[i] <= _kernel[i] / 2;
        }

        if (exact) return new ResolvedPadding(symmetric, null);
        var pad = new long[2 * Rank];
        for (var i = 0; i < Rank; i++)
        {
            pad[2 * (Rank - 1 - i)] = begin[i];
            pad[(2 * (Rank - 1 - i)) + 1] = end[i];
        }

        return new ResolvedPadding(new long[Rank], pad);
    }

    /// <summary>The ONNX pads attribute (all begins, then all ends) this rule applies at one input size.</summary>
    public long[] OnnxPads(ReadOnlySpan<long> spatial)
    {
        var pads = new long[2 * Rank];
        for (var i = 0; i < Rank; i++) (pads[i], pads[i + Rank]) = PadsFor(Mode, i, spatial[i]);
        return pads;
    }

    private bool ExplicitEquals(PaddingMode same, ReadOnlySpan<long> spatial)
    {
        for (var i = 0; i < Rank; i++)
        {
            if (PadsFor(same, i, spatial[i]) != (_pads[i], _pads[i + Rank])) return false;
        }

        return true;
    }

    private (long Begin, long End) PadsFor(PaddingMode mode, int axis, long size)
    {
        switch (mode)
        {
            case PaddingMode.Explicit: return (_pads[axis], _pads[axis + Rank]);
            case PaddingMode.Valid: return (0, 0);
            default:
                var output = (size + _strides[axis] - 1) / _strides[axis];
                var total = Math.Max(((output - 1) * _strides[axis]) + EffectiveKernel(axis) - size, 0);
                var small = total / 2;
                return mode == PaddingMode.SameUpper ? (small, total - small) : (total - small, small);
        }
    }

    private long OutputSize(int axis, long size, long begin, long end)
    {
        var span = size + begin + end - EffectiveKernel(axis);
        var steps = _ceilMode ? (span + _strides[axis] - 1) / _strides[axis] : span / _strides[axis];
        return steps + 1;
    }

    private long EffectiveKernel(int axis) => ((_kernel[axis] - 1) * _dilations[axis]) + 1;
}
