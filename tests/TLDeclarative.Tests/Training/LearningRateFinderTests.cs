using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using SkiaSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

[Collection(TorchRandomGroup.Name)]
public sealed class LearningRateFinderTests(ITestOutputHelper output)
{
    [Fact]
    public void Range_test_suggests_a_sane_rate_writes_its_files_and_leaves_the_model_as_it_was()
    {
        using var folder = new TempFolder();
        using var trainData = DarkAndBright(folder.Path, perClass: 32);
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.All);
        var before = ModelBundle.WeightsOf(model);
        var phase = new PhaseDefinition("tune", FreezePolicy.None, 1, 1, p => optim.Adam(p, lr: 1e-3));

        var result = LearningRateFinder.Run(model, phase, new BatchLoader(trainData, 8, CPU, shuffle: true, seed: 1), null, LearningRateFinderSettings.Default);
        var (csv, png) = LearningRateFinderFiles.Write(result, folder.Path);
        output.WriteLine($"steepest {result.SteepestRate}, minimum/10 {result.MinimumRateOverTen}, {result.Points.Count} steps");

        // The rate grows by (1e8)^(1/99) a step from 1e-7. Measured here: steepest 0.055, minimum/10 0.0079.
        Assert.Equal(1e-7, result.Points[0].LearningRate, 1e-20);
        Assert.Equal(Math.Pow(1e8, 1.0 / 99), result.Points[1].LearningRate / result.Points[0].LearningRate, 9);
        Assert.True(result.SteepestRate is >= 1e-4 and <= 1 && result.MinimumRateOverTen is >= 1e-4 and <= 1, $"steepest {result.SteepestRate}, minimum/10 {result.MinimumRateOverTen}\n" + string.Join("\n", result.Points));
        Assert.Equal(result.StoppedEarly ? result.Points.Count : 100, result.Points.Count);
        Assert.Equal(before, ModelBundle.WeightsOf(model));
        Assert.Equal(FreezePolicy.All, model.Freeze);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("step,learning_rate,loss,smoothed_loss", lines[0]);
        Assert.Equal(result.Points.Count + 1, lines.Length);
        using var image = SKBitmap.Decode(png);
        Assert.Equal((800, 500), (image.Width, image.Height));
    }

    [Fact]
    public void Range_test_stops_once_the_smoothed_loss_exceeds_the_factor_times_its_minimum()
    {
        using var folder = new TempFolder();
        using var trainData = DarkAndBright(folder.Path, perClass: 32);
        using var model = TinyModels.TwoClass();
        var phase = new PhaseDefinition("tune", FreezePolicy.None, 1, 1, p => optim.Adam(p, lr: 1e-3));

        // No smoothing and a factor of 2: the first loss twice the lowest so far ends the test.
        var result = LearningRateFinder.Run(model, phase, new BatchLoader(trainData, 8, CPU, shuffle: true, seed: 1), null, new LearningRateFinderSettings(Steps: 100, DivergenceFactor: 2, Smoothing: 0));

        Assert.True(result.StoppedEarly);
        var losses = result.Points.Select(p => p.SmoothedLoss).ToList();
        Assert.Equal(result.Points.Select(p => p.Loss), losses);
        Assert.True(losses[^1] > 2 * losses.SkipLast(1).Min());
        Assert.All(Enumerable.Range(1, losses.Count - 2), i => Assert.True(losses[i] <= 2 * losses.Take(i).Min()));
    }

    /// <summary>
    /// A problem with the classic range-test curve: dark images are cats and bright ones dogs, but an
    /// eighth of each class has the other brightness. The loss falls towards the noise floor at good
    /// rates; at large ones the logits overshoot and the mislabeled eighth sends the loss up.
    /// </summary>
    private static DecodedImages DarkAndBright(string root, int perClass)
    {
        var random = new Random(4);
        foreach (var (label, brightness) in new[] { ("cats", 0), ("dogs", 150) })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            for (var i = 0; i < perClass; i++)
            {
                var low = i % 8 == 7 ? 150 - brightness : brightness;
                using var bitmap = new SKBitmap(TinyModels.ImageSize, TinyModels.ImageSize);
                for (var y = 0; y < bitmap.Height; y++)
                {
                    for (var x = 0; x < bitmap.Width; x++)
                        bitmap.SetPixel(x, y, new SKColor((byte)(low + random.Next(105)), (byte)(low + random.Next(105)), (byte)(low + random.Next(105))));
                }

                using var file = File.Create(Path.Combine(root, label, $"{i}.png"));
                bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
            }
        }

        return DecodedImages.Decode(ImageFolder.Scan(root, ["cats", "dogs"]), TinyModels.ImageSize, TinyModels.ImageSize);
    }
}
