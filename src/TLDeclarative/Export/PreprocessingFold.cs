using System.Globalization;
using System.Runtime.InteropServices;
using TLDeclarative.Backbones;
using static TorchSharp.torch;

namespace TLDeclarative.Export;

/// <summary>
/// Folds a backbone's <see cref="Backbone.Preprocess"/> into the graph, so callers feed plain RGB in
/// [0,1]. Every supported preprocessing (channel reorder, scale, mean/std or mean image) is an affine
/// map y = A·x + b over the channels at each pixel, so it is measured rather than assumed: b is the
/// output for a black image, column c of A the change a unit in input channel c makes. A random image
/// then checks that the map really is affine; a preprocessing that is not (a clamp, a gamma curve)
/// is refused instead of being exported wrongly.
/// </summary>
internal static class PreprocessingFold
{
    /// <summary>Relative tolerance of the affine check (float rounding of values up to a few hundred).</summary>
    private const double AffineTolerance = 1e-5;

    public static (string Output, string Description) Append(OnnxGraphWriter writer, Backbone backbone, string input, int height, int width)
    {
        var (matrix, offset) = Measure(backbone, height, width);
        try
        {
            return Write(writer, matrix, offset, input, height, width);
        }
        finally
        {
            offset.Dispose();
        }
    }

    /// <summary>A (3x3, output channel by input channel) and b ((1,3,H,W), float32), measured in float64 where the backbone allows.</summary>
    private static (double[,] Matrix, Tensor Offset) Measure(Backbone backbone, int height, int width)
    {
        return InferenceProbe.Run(backbone, () =>
        {
            using var scope = NewDisposeScope();
            var device = backbone.parameters().FirstOrDefault()?.device ?? CPU;
            var dtype = ScalarType.Float64;
            Tensor Run(Tensor x) => backbone.Preprocess(x.to(dtype, device)).to(ScalarType.Float64, CPU);

            Tensor black;
            try
            {
                black = Run(zeros(1, 3, height, width, ScalarType.Float64));
            }
            catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
            {
                dtype = ScalarType.Float32; // some preprocessing only accepts float32
                black = Run(zeros(1, 3, height, width, ScalarType.Float64));
            }

            if (!black.shape.SequenceEqual(new long[] { 1, 3, height, width }))
                throw Refuse(backbone, $"it maps (1,3,{height},{width}) to [{string.Join(",", black.shape)}]");

            var matrix = new double[3, 3];
            for (var c = 0; c < 3; c++)
            {
                var unit = zeros(1, 3, height, width, ScalarType.Float64);
                unit[0, c].fill_(1.0);
                var column = Run(unit) - black;
                for (var row = 0; row < 3; row++)
                {
                    var plane = column[0, row];
                    var (lowest, highest) = (plane.min().item<double>(), plane.max().item<double>());
                    if (highest - lowest > AffineTolerance * Math.Max(1, Math.Abs(highest)))
                        throw Refuse(backbone, $"the effect of input channel {c} on output channel {row} varies across pixels ({lowest:G6} to {highest:G6})");
                    matrix[row, c] = plane.mean().item<double>();
                }
            }

            // An image with every value different checks y = A·x + b, not just the probes it was built from.
            var generator = new TorchSharp.torch.Generator(12345);
            var random = rand([1, 3, height, width], generator: generator, dtype: ScalarType.Float64);
            var expected = black + einsum("oc,nchw->nohw", tensor(Flatten(matrix), [3, 3], ScalarType.Float64), random);
            var actual = Run(random);
            var worst = (actual - expected).abs().max().item<double>();
            var scale = Math.Max(1, actual.abs().max().item<double>());
            if (worst > AffineTolerance * scale)
                throw Refuse(backbone, $"it is not an affine map of the channels (off by up to {worst:G3} on a random image)");

            return (matrix, black.to(ScalarType.Float32).MoveToOuterDisposeScope());
        });
    }

    private static (string Output, string Description) Write(OnnxGraphWriter writer, double[,] matrix, Tensor offset, string input, int height, int width)
    {
        using var scope = NewDisposeScope();
        var steps = new List<string>();
        var value = input;
        if (ScaledPermutation(matrix) is var (order, scale))
        {
            if (!order.SequenceEqual([0L, 1L, 2L]))
            {
                var indices = writer.AddInitializer("preprocess_channel_order", order, 3);
                value = writer.AddNode("Gather", "preprocess_reorder", [value, indices], OnnxGraphWriter.IntAttribute("axis", 1));
                steps.Add($"channels reordered to input channels [{string.Join(",", order)}]{(order.SequenceEqual([2L, 1L, 0L]) ? " (RGB to BGR)" : "")}");
            }

            if (scale.Any(s => s != 1f))
            {
                var factors = writer.AddInitializer("preprocess_scale", scale, 1, 3, 1, 1);
                value = writer.AddNode("Mul", "preprocess_scale", [value, factors]);
                steps.Add(scale.Distinct().Count() == 1 ? $"multiplied by {Number(scale[0])}" : $"multiplied per channel by [{string.Join(", ", scale.Select(s => Number(s)))}]");
            }
        }
        else
        {
            // Channels are mixed (e.g. a grey conversion): a 1x1 convolution applies A exactly as measured.
            var weights = writer.AddInitializer("preprocess_channel_mix", Flatten(matrix).Select(v => (float)v).ToArray(), 3, 3, 1, 1);
            value = writer.AddNode("Conv", "preprocess_mix", [value, weights], OnnxGraphWriter.IntsAttribute("kernel_shape", [1, 1]));
            steps.Add("channels mixed by a 3x3 matrix (1x1 convolution)");
        }

        var perPixel = offset.amax([2, 3]).sub(offset.amin([2, 3])).abs().max().item<float>() > 0;
        var constantOffset = offset.narrow(2, 0, 1).narrow(3, 0, 1);
        var shift = perPixel ? offset : constantOffset;
        if (shift.abs().max().item<float>() > 0)
        {
            var name = writer.AddInitializer(perPixel ? "preprocess_offset_image" : "preprocess_offset", shift);
            value = writer.AddNode("Add", "preprocess_offset", [value, name]);
            steps.Add(perPixel
                ? $"plus a per-pixel offset image (1,3,{height},{width})"
                : $"plus [{string.Join(", ", shift.data<float>().ToArray().Select(v => Number(v)))}] per channel");
        }

        var description = steps.Count == 0
            ? "none: the network reads RGB in [0,1] as is"
            : "RGB in [0,1], " + string.Join(", then ", steps);
        return (value, description);
    }

    /// <summary>When each output channel reads exactly one input channel (a reorder and a scale), those; else null.</summary>
    private static (long[] Order, float[] Scale)? ScaledPermutation(double[,] matrix)
    {
        var order = new long[3];
        var scale = new float[3];
        for (var row = 0; row < 3; row++)
        {
            var nonZero = Enumerable.Range(0, 3).Where(c => matrix[row, c] != 0).ToList();
            if (nonZero.Count != 1) return null;
            order[row] = nonZero[0];
            scale[row] = (float)matrix[row, nonZero[0]];
        }

        return order.Distinct().Count() == 3 ? (order, scale) : null;
    }

    private static double[] Flatten(double[,] matrix) => [.. matrix.Cast<double>()];

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static NotSupportedException Refuse(Backbone backbone, string problem) =>
        new($"The preprocessing of backbone {backbone.GetType().Name} cannot be folded into the ONNX graph: {problem}. Only channel reorders, scales and mean/std or mean-image subtraction (affine maps) can be exported.");
}
