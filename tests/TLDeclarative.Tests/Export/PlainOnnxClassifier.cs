using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// The docs/export.md snippet: an exported model used with ONNX Runtime and an image decoder only,
/// no TLDeclarative or TorchSharp. Keep the two in step.
/// </summary>
internal sealed class PlainOnnxClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _classes;
    private readonly int _height;
    private readonly int _width;

    public PlainOnnxClassifier(string modelPath)
    {
        _session = new InferenceSession(modelPath);
        var metadata = _session.ModelMetadata.CustomMetadataMap;
        _classes = JsonSerializer.Deserialize<string[]>(metadata["classes"])!;
        _height = int.Parse(metadata["image_height"], CultureInfo.InvariantCulture);
        _width = int.Parse(metadata["image_width"], CultureInfo.InvariantCulture);
    }

    public (string Label, float[] Probabilities) Classify(string imagePath)
    {
        // RGB in [0,1], channel-first (1,3,H,W), at the size the model was trained at.
        using var decoded = SKBitmap.Decode(imagePath);
        using var image = decoded.Width == _width && decoded.Height == _height
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(_width, _height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var plane = _height * _width;
        var pixels = new float[3 * plane];
        for (var y = 0; y < _height; y++)
        {
            for (var x = 0; x < _width; x++)
            {
                var color = image.GetPixel(x, y);
                pixels[(y * _width) + x] = color.Red / 255f;
                pixels[plane + (y * _width) + x] = color.Green / 255f;
                pixels[(2 * plane) + (y * _width) + x] = color.Blue / 255f;
            }
        }

        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, _height, _width]);
        using var options = new RunOptions();
        using var results = _session.Run(options, ["image"], [input], ["probabilities"]);
        var probabilities = results[0].GetTensorDataAsSpan<float>().ToArray();
        return (_classes[Array.IndexOf(probabilities, probabilities.Max())], probabilities);
    }

    public void Dispose() => _session.Dispose();
}
