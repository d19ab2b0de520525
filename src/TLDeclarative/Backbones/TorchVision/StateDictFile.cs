using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using TLDeclarative.Weights;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones.TorchVision;

/// <summary>
/// Reads a weight file into a state dict (parameter and buffer name to tensor) without a module, so
/// its keys can be checked before anything is copied: TorchSharp <c>.dat</c> (<c>Module.save</c>),
/// PyTorch <c>.pt</c>/<c>.pth</c> (<c>torch.save(model.state_dict())</c>, zip or legacy format) and <c>.safetensors</c>.
/// </summary>
public static class StateDictFile
{
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The extension is not one of .dat, .pt, .pth, .safetensors.</exception>
    /// <exception cref="InvalidDataException">The file is not a state dict of that format.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".dat" or ".pt" or ".pth" or ".safetensors"))
            throw new ArgumentException($"'{path}' is not a weight file: expected .dat (TorchSharp), .pt or .pth (PyTorch state dict) or .safetensors.", nameof(path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"Weight file '{Path.GetFullPath(path)}' does not exist.", path);

        try
        {
            return extension switch
            {
                ".dat" => ReadTorchSharp(path),
                ".safetensors" => Safetensors.LoadStateDict(path),
                _ => ReadPyTorch(path),
            };
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' could not be read as a {Describe(extension)}: {e.Message}", e);
        }
    }

    private static string Describe(string extension) => extension switch
    {
        ".dat" => "TorchSharp weight file (Module.save)",
        ".safetensors" => "safetensors file",
        _ => "PyTorch state dict (torch.save(model.state_dict()))",
    };

    // Zip archives through PyBridge; legacy pickle streams through our reader.
    private static Dictionary<string, Tensor> ReadPyTorch(string path)
    {
        if (LegacyTorchFile.IsLegacy(path))
            return LegacyTorchFile.Read(path);
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor value)
                throw new InvalidDataException(
                    $"'{path}' holds '{entry.Key}' ({entry.Value?.GetType().Name ?? "null"}), not a tensor: save the model's state dict itself, torch.save(model.state_dict(), path), not a checkpoint that wraps it.");
            state[key] = value;
        }

        return state;
    }

    /// <summary>Module.save's layout: entry count, then per entry its name and the tensor (all lengths LEB128).</summary>
    private static Dictionary<string, Tensor> ReadTorchSharp(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var count = ReadLeb128(reader);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            state[key] = TensorExtensionMethods.Load(reader);
        }

        if (stream.Position != stream.Length)
            throw new InvalidDataException($"'{path}' has {stream.Length - stream.Position} bytes after its {count} entries: not a TorchSharp weight file.");
        return state;
    }

    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }

        throw new InvalidDataException("Entry count is not a valid LEB128 number.");
    }
}
