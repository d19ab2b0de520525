using static TorchSharp.torch;

namespace TLDeclarative.Tests.Augmentation;

/// <summary>Seeded random float images for augmentation tests.</summary>
internal static class AugmentationImages
{
    /// <summary>(count,3,height,width) values uniform in [low, high).</summary>
    public static Tensor Random(int count, int height, int width, double low = 0, double high = 1)
    {
        var random = new Random((count * 1000) + (height * 10) + width);
        var values = new float[count * 3 * height * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return tensor(values, [count, 3, height, width]);
    }

    /// <summary>One image of a single colour.</summary>
    public static Tensor Solid(float red, float green, float blue, int height = 2, int width = 3)
    {
        var plane = height * width;
        var values = Enumerable.Repeat(red, plane).Concat(Enumerable.Repeat(green, plane)).Concat(Enumerable.Repeat(blue, plane)).ToArray();
        return tensor(values, [1, 3, height, width]);
    }
}
