using System.Diagnostics;
using System.Text.Json;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx.TorchExports;

/// <summary>
/// A model exported by real PyTorch (Debian's python3-torch 1.13 and python3-torchvision 0.14, opset 17,
/// default settings) at test time, with what PyTorch computes on the same input.
/// </summary>
internal sealed class TorchExport : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string Install = "PyTorch is missing: run eng/install-prereqs.sh (Debian packages python3-torch and python3-torchvision).";

    private TorchExport(string folder)
    {
        Folder = folder;
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        var root = meta.RootElement;
        InputShape = root.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        FeatureShape = root.GetProperty("features_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        IsTokenIds = root.GetProperty("input_type").GetString() == "int64";
    }

    public string Folder { get; }

    public string ModelPath => Path.Combine(Folder, "model.onnx");

    public long[] InputShape { get; }

    public long[] FeatureShape { get; }

    public bool IsTokenIds { get; }

    /// <summary>The input PyTorch ran: float images, or int64 token ids.</summary>
    public Tensor Input()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "input.bin"));
        return IsTokenIds
            ? tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes).ToArray(), InputShape)
            : tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray(), InputShape);
    }

    /// <summary>PyTorch's features at the importer's automatic cut.</summary>
    public Tensor Features() =>
        tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(Folder, "features.bin"))).ToArray(), FeatureShape);

    /// <summary>Exports <paramref name="model"/> (a torchvision name or one of the script's tiny models) at <paramref name="size"/> pixels.</summary>
    public static TorchExport Run(string model, int size)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Onnx", "TorchExports", "export_torch_models.py");
        var folder = Path.Combine(Path.GetTempPath(), "tld-torch-export", $"{model}-{size}-{Guid.NewGuid():N}");
        if (!File.Exists(Python)) Assert.Fail($"{Python} not found. {Install}");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { script, model, size.ToString(System.Globalization.CultureInfo.InvariantCulture), folder })
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "2";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var errors = stderr.Result;
        if (errors.Contains("No module named 'torch", StringComparison.Ordinal)) Assert.Fail(Install);
        if (process.ExitCode != 0) Assert.Fail($"Exporting {model} with PyTorch failed ({process.ExitCode}):\n{errors}");
        return new TorchExport(folder);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
