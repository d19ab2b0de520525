using TLDeclarative.Onnx;

namespace TLDeclarative.Tests.Backbones;

/// <summary>The padding rules for the CNTK ResNet-18's asymmetric pads (computed for 224x224).</summary>
public sealed class SpatialPaddingTests
{
    private static SpatialPadding Padding(long[] pads, long kernel, long stride, bool pool = false) =>
        new(PaddingMode.Explicit, pads, [kernel, kernel], [stride, stride], [1, 1], ceilMode: false, limitToHalfKernel: pool);

    [Fact]
    public void The_stem_convolution_is_SAME_lower_and_then_plain_symmetric_padding()
    {
        var stem = Padding([3, 3, 2, 2], kernel: 7, stride: 2);
        stem.Calibrate([224, 224]);

        Assert.Equal(PaddingMode.SameLower, stem.Mode);
        Assert.Equal([3, 3], stem.Resolve([224, 224]).Symmetric);
        Assert.Equal([3, 3], stem.Resolve([150, 150]).Symmetric);
        Assert.Null(stem.Resolve([151, 150]).Explicit);
    }

    [Fact]
    public void Literal_pads_would_shrink_the_max_pool_output_at_150()
    {
        // After the stem, 150x150 input is 75x75: SAME gives 38, the literal pads [1,1,0,0] 37.
        var literal = Padding([1, 1, 0, 0], kernel: 3, stride: 2, pool: true);
        Assert.Equal([1, 0, 1, 0], literal.Resolve([75, 75]).Explicit!);

        var recovered = Padding([1, 1, 0, 0], kernel: 3, stride: 2, pool: true);
        recovered.Calibrate([112, 112]);
        Assert.Equal(PaddingMode.SameLower, recovered.Mode);
        var at75 = recovered.Resolve([75, 75]);
        Assert.Null(at75.Explicit);
        Assert.Equal([1, 1], at75.Symmetric);
    }

    [Fact]
    public void Symmetric_pads_are_kept_literally()
    {
        var padding = Padding([1, 1, 1, 1], kernel: 3, stride: 1);
        padding.Calibrate([56, 56]);

        Assert.Equal(PaddingMode.Explicit, padding.Mode);
        Assert.Equal([1, 1], padding.Resolve([19, 19]).Symmetric);
    }

    [Fact]
    public void More_padding_at_the_end_needs_an_explicit_pad()
    {
        // SAME_UPPER, 3x3 stride 2 on an even size: 0 before, 1 after; F.pad lists width first.
        var padding = new SpatialPadding(PaddingMode.SameUpper, [0, 0, 0, 0], [3, 3], [2, 2], [1, 1], false, false);
        var resolved = padding.Resolve([8, 9]);

        Assert.Equal([0, 0], resolved.Symmetric);
        Assert.Equal([1, 1, 0, 1], resolved.Explicit!);
    }
}
