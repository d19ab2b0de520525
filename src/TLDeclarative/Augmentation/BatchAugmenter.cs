using TLDeclarative.Data;
using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// Applies Keras ImageDataGenerator augmentations to a whole batch on its own device: one affine matrix
/// per image, then affine_grid + grid_sample (bilinear, as Keras' order-1 interpolation).
/// </summary>
/// <remarks>
/// The random parameters come from a <see cref="Random"/> seeded by (seed, epoch, batch index), drawn on
/// the CPU and sent to the device in one tensor: results repeat exactly for the same seed, on any device
/// and whatever the thread timing. Every image draws all seven numbers, so enabling one transform does
/// not change the draws of another.
/// </remarks>
public sealed class BatchAugmenter
{
    private readonly int _seed;

    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public BatchAugmenter(AugmentationSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _seed = seed;
    }

    public AugmentationSettings Settings { get; }

    /// <summary>The transforms batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/> gets.</summary>
    public IReadOnlyList<AffineParameters> SampleParameters(int epoch, int batchIndex, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(Seeds.Derive(_seed, epoch, batchIndex));
        var parameters = new AffineParameters[count];
        for (var i = 0; i < count; i++)
        {
            var rotation = Symmetric(random, Settings.Rotation);
            var shiftX = Symmetric(random, Settings.WidthShift);
            var shiftY = Symmetric(random, Settings.HeightShift);
            var shear = Symmetric(random, Settings.Shear);
            var zoomX = 1 + Symmetric(random, Settings.Zoom);
            var zoomY = 1 + Symmetric(random, Settings.Zoom);
            var flip = random.NextDouble() < 0.5 && Settings.HorizontalFlip;
            parameters[i] = new AffineParameters(rotation, shiftX, shiftY, shear, zoomX, zoomY, flip);
        }

        return parameters;
    }

    /// <summary>Augments float images (N,3,H,W) in [0,1].</summary>
    /// <returns>
    /// The input itself when <see cref="AugmentationSettings.IsIdentity"/>; otherwise a new tensor of the
    /// same shape, dtype and device, values in [0,1], owned by the caller (or the current dispose scope).
    /// </returns>
    public Tensor Augment(Tensor images, int epoch, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (Settings.IsIdentity)
        {
            return images;
        }

        return Apply(images, SampleParameters(epoch, batchIndex, (int)images.shape[0]), Settings.FillMode);
    }

    /// <summary>Applies one given transform per image (no randomness); the result is the caller's.</summary>
    public static Tensor Apply(Tensor images, IReadOnlyList<AffineParameters> parameters, FillMode fillMode)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(parameters);
        if (images.ndim != 4 || !images.is_floating_point())
        {
            throw new ArgumentException($"Expected floating-point images (N,C,H,W), got {images.dtype} with shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        var (count, height, width) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        if (parameters.Count != count)
        {
            throw new ArgumentException($"{parameters.Count} transforms for {count} images.", nameof(parameters));
        }

        var theta = parameters.SelectMany(p => p.ToTheta(height, width)).ToArray();
        using var noGrad = no_grad();
        using var thetaTensor = tensor(theta, [count, 2, 3], images.dtype, images.device);
        using var grid = nn.functional.affine_grid(thetaTensor, images.shape, align_corners: false);
        var output = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, Padding(fillMode), align_corners: false);

        // Bilinear weights can overshoot [0,1] by a rounding error; downstream code may rely on the range.
        return output.clamp_(0, 1);
    }

    private static GridSamplePaddingMode Padding(FillMode fillMode) => fillMode switch
    {
        FillMode.Nearest => GridSamplePaddingMode.Border,
        FillMode.Constant => GridSamplePaddingMode.Zeros,
        FillMode.Reflect => GridSamplePaddingMode.Reflection,
        _ => throw new ArgumentOutOfRangeException(nameof(fillMode), fillMode, "Unknown fill mode."),
    };

    private static double Symmetric(Random random, double range) => ((2 * random.NextDouble()) - 1) * range;
}
