using ScottPlot;
using SkiaSharp;

namespace TLDeclarative.Reporting;

/// <summary>
/// Renders a ScottPlot figure onto our own white Skia surface and returns the PNG bytes (rather than
/// ScottPlot's SavePng), so callers can write the file atomically or embed it.
/// </summary>
internal static class PlotPng
{
    public static byte[] Render(Action<SKCanvas, PixelRect> draw, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not allocate a {width}x{height} surface.");
        surface.Canvas.Clear(SKColors.White);
        draw(surface.Canvas, new PixelRect(0, width, height, 0));
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
