namespace TLDeclarative.Augmentation;

/// <summary>The random draw for one image: the transform <see cref="BatchAugmenter"/> applies to it.</summary>
/// <param name="RotationDegrees">Rotation about the image centre.</param>
/// <param name="ShiftX">Horizontal shift as a fraction of the width; positive moves the content left (as Keras).</param>
/// <param name="ShiftY">Vertical shift as a fraction of the height; positive moves the content up.</param>
/// <param name="ShearDegrees">Shear angle.</param>
/// <param name="ZoomX">Horizontal zoom factor; above 1 shrinks the content.</param>
/// <param name="ZoomY">Vertical zoom factor; above 1 shrinks the content.</param>
/// <param name="Flip">Mirror left-right after the other transforms.</param>
public readonly record struct AffineParameters(
    double RotationDegrees,
    double ShiftX,
    double ShiftY,
    double ShearDegrees,
    double ZoomX,
    double ZoomY,
    bool Flip)
{
    /// <summary>Leaves the image as it is.</summary>
    public static AffineParameters Identity { get; } = new(0, 0, 0, 0, 1, 1, false);

    /// <summary>
    /// The 2x3 matrix affine_grid expects (align_corners false): it maps output coordinates, normalised to
    /// [-1,1], to input coordinates. It is Keras' matrix (rotation * shift * shear * zoom about the centre,
    /// in (x, y) order as Keras applies it since its axis swap), then the flip; built in pixels from the
    /// centre and rescaled to normalised units per axis. (Keras centres non-square images with height and
    /// width swapped; this uses the true centre.)
    /// </summary>
    /// <returns>theta row-major: [a, b, tx, c, d, ty].</returns>
    public double[] ToTheta(int height, int width)
    {
        var angle = RotationDegrees * Math.PI / 180;
        var shear = ShearDegrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));

        // Linear part L = Rotation * Shear * Zoom * Flip, in pixels.
        double[,] rotation = { { cos, -sin }, { sin, cos } };
        double[,] shearMatrix = { { 1, -Math.Sin(shear) }, { 0, Math.Cos(shear) } };
        double[,] scale = { { ZoomX * (Flip ? -1 : 1), 0 }, { 0, ZoomY } };
        var linear = Multiply(Multiply(rotation, shearMatrix), scale);

        // The shift sits between rotation and shear (Keras' order), so it is rotated too.
        var (sx, sy) = (ShiftX * width, ShiftY * height);
        var (tx, ty) = ((cos * sx) - (sin * sy), (sin * sx) + (cos * sy));

        // Normalised x is 2 * (pixel offset from centre) / width; likewise y with height.
        double w = width, h = height;
        return [linear[0, 0], linear[0, 1] * h / w, 2 * tx / w, linear[1, 0] * w / h, linear[1, 1], 2 * ty / h];
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var result = new double[2, 2];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                result[i, j] = (a[i, 0] * b[0, j]) + (a[i, 1] * b[1, j]);
            }
        }

        return result;
    }
}
