using TLDeclarative.Data;
using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// Augments a whole batch on its own device. Per image, in this order: random resized crop, the Keras
/// ImageDataGenerator affine (one matrix per image, affine_grid + grid_sample, bilinear as Keras' order-1
/// interpolation), vertical flip, brightness, contrast, saturation, hue, random erasing. Batch mixing
/// (mixup or cutmix) is a separate step, <see cref="Mix"/>, because it changes the targets too.
/// </summary>
/// <remarks>
/// The random numbers come from <see cref="Random"/>s seeded by (seed, epoch, batch index) and, for each
/// operation other than the affine, a fixed salt: drawn on the CPU and sent to the device in one tensor,
/// results repeat exactly for the same seed, on any device and whatever the thread timing. Every
/// operation has its own stream and every image draws all of its numbers, so enabling one transform does
/// not change the draws of another.
/// </remarks>
public sealed class BatchAugmenter
{
    // Salts of the per-operation random streams; the affine keeps the unsalted (seed, epoch, batch) stream.
    private const int CropSalt = 101;
    private const int VerticalFlipSalt = 102;
    private const int ColorSalt = 103;
    private const int ErasingSalt = 104;
    private const int MixSalt = 105;

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

    /// <summary>Augments float images (N,3,H,W) in [0,1] with every enabled per-image transform.</summary>
    /// <returns>
    /// The input itself when <see cref="AugmentationSettings.HasImageTransforms"/> is false; otherwise a new
    /// tensor of the same shape, dtype and device, values in [0,1], owned by the caller (or the current
    /// dispose scope).
    /// </returns>
    public Tensor Augment(Tensor images, int epoch, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!Settings.HasImageTransforms)
        {
            return images;
        }

        var (count, height, width) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var current = images;
        if (Settings.RandomResizedCrop is { } crop)
        {
            var random = Stream(epoch, batchIndex, CropSalt);
            var boxes = Enumerable.Range(0, count).Select(_ => Augmentation.RandomResizedCrop.SampleBox(random, height, width, crop)).ToList();
            current = Augmentation.RandomResizedCrop.Apply(current, boxes);
        }

        if (Settings.HasAffine)
        {
            current = Apply(current, SampleParameters(epoch, batchIndex, count), Settings.FillMode);
        }

        if (Settings.VerticalFlip)
        {
            var random = Stream(epoch, batchIndex, VerticalFlipSalt);
            var flips = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.5).ToArray();
            current = FlipVertically(current, flips);
        }

        if (Settings.HasColorJitter)
        {
            current = Jitter(current, epoch, batchIndex);
        }

        if (Settings.RandomErasing > 0)
        {
            var random = Stream(epoch, batchIndex, ErasingSalt);
            var boxes = Enumerable.Range(0, count).Select(_ => Augmentation.RandomErasing.SampleBox(random, height, width, Settings.RandomErasing)).ToList();
            current = Augmentation.RandomErasing.Apply(current, boxes);
        }

        return current.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mixup or cutmix of batch <paramref name="batchIndex"/>: one lambda ~ Beta(alpha, alpha) and one
    /// permutation per batch; with both enabled, each batch picks one of them with probability 0.5.
    /// </summary>
    /// <returns>Null when neither is enabled.</returns>
    public MixedBatch? Mix(Tensor images, Tensor labels, int epoch, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (!Settings.MixesBatches)
        {
            return null;
        }

        var random = Stream(epoch, batchIndex, MixSalt);
        var useCutMix = Settings.Mixup == 0 || (Settings.CutMix != 0 && random.NextDouble() < 0.5);
        var alpha = useCutMix ? Settings.CutMix : Settings.Mixup;
        var lambda = BetaDistribution.Sample(random, alpha, alpha);
        var permutation = BatchMixing.Permutation(random, (int)images.shape[0]);
        using var noGrad = no_grad();
        if (!useCutMix)
        {
            return BatchMixing.Mixup(images, labels, lambda, permutation);
        }

        var box = BatchMixing.CutMixBox(random, (int)images.shape[2], (int)images.shape[3], lambda);
        return BatchMixing.CutMix(images, labels, box, permutation);
    }

    /// <summary>Image i mirrored top-bottom where flips[i]; a new tensor.</summary>
    public static Tensor FlipVertically(Tensor images, IReadOnlyList<bool> flips)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(flips);
        using var scope = NewDisposeScope();
        var mask = tensor(flips.ToArray(), ScalarType.Bool, images.device).view(-1, 1, 1, 1);
        return where(mask, images.flip(2), images).MoveToOuterDisposeScope();
    }

    // torchvision draws each factor from [max(0, 1 - x), 1 + x] and the hue shift from [-hue, hue].
    // torchvision applies the four in a random order per call; here the order is fixed (brightness,
    // contrast, saturation, hue), so a batch needs no per-image branching.
    private Tensor Jitter(Tensor images, int epoch, int batchIndex)
    {
        var count = (int)images.shape[0];
        var random = Stream(epoch, batchIndex, ColorSalt);
        var brightness = new double[count];
        var contrast = new double[count];
        var saturation = new double[count];
        var hue = new double[count];
        for (var i = 0; i < count; i++)
        {
            brightness[i] = Factor(random, Settings.Brightness);
            contrast[i] = Factor(random, Settings.Contrast);
            saturation[i] = Factor(random, Settings.Saturation);
            hue[i] = Symmetric(random, Settings.Hue);
        }

        var current = images;
        if (Settings.Brightness != 0)
        {
            current = ColorJitter.AdjustBrightness(current, brightness);
        }

        if (Settings.Contrast != 0)
        {
            current = ColorJitter.AdjustContrast(current, contrast);
        }

        if (Settings.Saturation != 0)
        {
            current = ColorJitter.AdjustSaturation(current, saturation);
        }

        if (Settings.Hue != 0)
        {
            current = ColorJitter.AdjustHue(current, hue);
        }

        return current;
    }

    private Random Stream(int epoch, int batchIndex, int salt) => new(Seeds.Derive(_seed, epoch, batchIndex, salt));

    private static double Factor(Random random, double range)
    {
        var low = Math.Max(0, 1 - range);
        return low + ((1 + range - low) * random.NextDouble());
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
