using System.Runtime.InteropServices;
using SkiaSharp;

namespace TLDeclarative.Data;

/// <summary>
/// Paints the synthetic images of <see cref="DemoDataSet"/>: one motif (shape family) per class on a noisy
/// gradient background, with random colours, sizes, positions and a small distractor from another family.
/// Colour and position carry no class information; only shape does.
/// </summary>
internal static class DemoPainter
{
    /// <summary>Motifs in class order: blobs, stripes, rings, triangles, checkers, crosses.</summary>
    public static IReadOnlyList<string> MotifNames { get; } =
        ["soft round blobs", "parallel elongated stripes", "hollow rings", "filled triangles", "checkerboard patches", "plus-shaped crosses"];

    public static SKBitmap Paint(int motif, int height, int width, Random random)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        try
        {
            PaintBackground(bitmap, random);
            using var canvas = new SKCanvas(bitmap);
            var unit = Math.Min(width, height);
            DrawMotif(canvas, motif, random, unit, width, height, count: random.Next(3, 6), scale: 1f);
            if (random.NextDouble() < 0.5)
            {
                // A small shape of another class: the model must look at what dominates, not at any one shape.
                var other = (motif + 1 + random.Next(MotifNames.Count - 1)) % MotifNames.Count;
                DrawMotif(canvas, other, random, unit, width, height, count: 1, scale: 0.5f);
            }

            canvas.Flush();
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    // A random base colour, a linear gradient and per-pixel noise, written directly as bytes.
    private static void PaintBackground(SKBitmap bitmap, Random random)
    {
        int width = bitmap.Width, height = bitmap.Height;
        Span<float> baseColour = [random.Next(40, 216), random.Next(40, 216), random.Next(40, 216)];
        var angle = random.NextDouble() * 2 * Math.PI;
        var (gx, gy) = ((float)Math.Cos(angle) * 40f / width, (float)Math.Sin(angle) * 40f / height);
        var noise = 10 + random.Next(20);
        var pixels = new byte[bitmap.RowBytes * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var shade = (gx * (x - (width / 2f))) + (gy * (y - (height / 2f)));
                var offset = (y * bitmap.RowBytes) + (4 * x);
                for (var c = 0; c < 3; c++)
                {
                    var value = baseColour[c] + shade + random.Next(-noise, noise + 1);
                    pixels[offset + c] = (byte)Math.Clamp(value, 0f, 255f);
                }

                pixels[offset + 3] = 255;
            }
        }

        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
    }

    private static void DrawMotif(SKCanvas canvas, int motif, Random random, int unit, int width, int height, int count, float scale)
    {
        var theme = Between(random, 0f, 360f);
        var orientation = Between(random, 0f, 180f);
        for (var i = 0; i < count; i++)
        {
            var centre = new SKPoint(Between(random, 0.15f, 0.85f) * width, Between(random, 0.15f, 0.85f) * height);
            var colour = SKColor.FromHsv((theme + Between(random, -40f, 40f) + 360f) % 360f, Between(random, 50f, 100f), Between(random, 55f, 100f));
            using var paint = new SKPaint { IsAntialias = true, Color = colour };
            var size = unit * scale;
            switch (motif)
            {
                case 0:
                    DrawBlob(canvas, paint, centre, size * Between(random, 0.08f, 0.17f));
                    break;
                case 1:
                    // All stripes of one image share an orientation, +-12 degrees.
                    DrawBar(canvas, paint, centre, size * Between(random, 0.35f, 0.7f), size * Between(random, 0.035f, 0.07f), orientation + Between(random, -12f, 12f));
                    break;
                case 2:
                    paint.Style = SKPaintStyle.Stroke;
                    paint.StrokeWidth = size * Between(random, 0.03f, 0.05f);
                    canvas.DrawCircle(centre, size * Between(random, 0.08f, 0.2f), paint);
                    break;
                case 3:
                    DrawTriangle(canvas, paint, centre, size * Between(random, 0.1f, 0.2f), Between(random, 0f, 360f));
                    break;
                case 4:
                    DrawChecker(canvas, paint, centre, size * Between(random, 0.04f, 0.07f), Between(random, 0f, 90f));
                    break;
                default:
                    var arm = size * Between(random, 0.2f, 0.35f);
                    var thickness = size * Between(random, 0.04f, 0.06f);
                    var rotation = Between(random, 0f, 90f);
                    DrawBar(canvas, paint, centre, arm, thickness, rotation);
                    DrawBar(canvas, paint, centre, arm, thickness, rotation + 90f);
                    break;
            }
        }
    }

    private static void DrawBlob(SKCanvas canvas, SKPaint paint, SKPoint centre, float radius)
    {
        // Opaque in the middle, fading to transparent at the rim: soft, like out-of-focus fur.
        var colour = paint.Color;
        using var shader = SKShader.CreateRadialGradient(
            centre, radius, [colour, colour, colour.WithAlpha(0)], [0f, 0.45f, 1f], SKShaderTileMode.Clamp);
        paint.Shader = shader;
        canvas.DrawCircle(centre, radius, paint);
    }

    private static void DrawBar(SKCanvas canvas, SKPaint paint, SKPoint centre, float length, float thickness, float degrees)
    {
        canvas.Save();
        canvas.RotateDegrees(degrees, centre.X, centre.Y);
        var rect = SKRect.Create(centre.X - (length / 2), centre.Y - (thickness / 2), length, thickness);
        canvas.DrawRoundRect(rect, thickness / 2, thickness / 2, paint);
        canvas.Restore();
    }

    private static void DrawTriangle(SKCanvas canvas, SKPaint paint, SKPoint centre, float radius, float degrees)
    {
        using var path = new SKPath();
        for (var k = 0; k < 3; k++)
        {
            var angle = (degrees + (120f * k)) * MathF.PI / 180f;
            var point = new SKPoint(centre.X + (radius * MathF.Cos(angle)), centre.Y + (radius * MathF.Sin(angle)));
            if (k == 0)
            {
                path.MoveTo(point);
            }
            else
            {
                path.LineTo(point);
            }
        }

        path.Close();
        canvas.DrawPath(path, paint);
    }

    private static void DrawChecker(SKCanvas canvas, SKPaint paint, SKPoint centre, float cell, float degrees)
    {
        canvas.Save();
        canvas.RotateDegrees(degrees, centre.X, centre.Y);
        const int Cells = 4;
        var origin = new SKPoint(centre.X - (Cells * cell / 2), centre.Y - (Cells * cell / 2));
        for (var row = 0; row < Cells; row++)
        {
            for (var column = (row % 2); column < Cells; column += 2)
            {
                canvas.DrawRect(SKRect.Create(origin.X + (column * cell), origin.Y + (row * cell), cell, cell), paint);
            }
        }

        canvas.Restore();
    }

    private static float Between(Random random, float low, float high) => low + ((float)random.NextDouble() * (high - low));
}
