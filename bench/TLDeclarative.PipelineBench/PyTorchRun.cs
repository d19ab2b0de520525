using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TLDeclarative.Data;

namespace TLDeclarative.PipelineBench;

/// <summary>Runs bench/pytorch/two_phase.py on the same decoded images and reads its wall and CPU seconds per epoch and phase.</summary>
internal sealed record PyTorchRun(string Version, IReadOnlyDictionary<int, IReadOnlyList<Cost>> Costs)
{
    public static PyTorchRun? Run(BenchOptions options, DecodedImages data, string folder)
    {
        var imagesPath = Path.Combine(folder, "images.u8");
        var labelsPath = Path.Combine(folder, "labels.i64");
        File.WriteAllBytes(imagesPath, data.Images.contiguous().bytes.ToArray());
        File.WriteAllBytes(labelsPath, data.Labels.contiguous().bytes.ToArray());
        var script = Path.Combine(AppContext.BaseDirectory, "two_phase.py");
        var start = new ProcessStartInfo(options.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            script, "--images", imagesPath, "--labels", labelsPath, "--count", data.Count.ToString(CultureInfo.InvariantCulture),
            "--size", options.Size.ToString(CultureInfo.InvariantCulture), "--batch", options.BatchSize.ToString(CultureInfo.InvariantCulture),
            "--reps", options.Repetitions.ToString(CultureInfo.InvariantCulture), "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"PyTorch run failed (exit {process.ExitCode}): {errors.Result}");
                return null;
            }

            using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            var costs = new Dictionary<int, IReadOnlyList<Cost>>();
            foreach (var phase in new[] { 1, 2 })
            {
                var epochs = json.RootElement.GetProperty($"phase{phase}");
                var wall = epochs.GetProperty("wall").EnumerateArray().Select(e => e.GetDouble()).ToList();
                var cpu = epochs.GetProperty("cpu").EnumerateArray().Select(e => e.GetDouble()).ToList();
                costs[phase] = wall.Zip(cpu, (w, c) => new Cost(w, c)).ToList();
            }

            return new PyTorchRun(json.RootElement.GetProperty("torch").GetString() ?? "?", costs);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"Cannot start '{options.Python}': {e.Message}");
            return null;
        }
    }
}
