namespace TLDeclarative.Augmentation;

/// <summary>Draws from Beta(a, b) with a caller's <see cref="Random"/>, so mixup's lambda is seeded like every other draw.</summary>
/// <remarks>
/// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); Gamma by Marsaglia and Tsang (2000), with
/// the U^(1/a) boost for a &lt; 1. Written here because System.Random has no Beta and a numerics package
/// for one distribution is not worth the dependency.
/// </remarks>
public static class BetaDistribution
{
    public static double Sample(Random random, double a, double b)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        var sum = x + y;

        // Both underflow only for tiny shapes, where Beta puts its mass at 0 and 1 equally.
        return sum > 0 ? x / sum : (random.NextDouble() < 0.5 ? 0 : 1);
    }

    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            var u = random.NextDouble();
            return Gamma(random, shape + 1) * Math.Pow(u, 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
