using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TLDeclarative.Heads;

namespace TLDeclarative.Inference;

/// <summary>
/// A trained model as one file (a zip): <c>manifest.json</c>, the spec as written
/// (<c>spec.tl.yaml</c>) and the weights (<c>weights.dat</c>, TorchSharp's format, BatchNorm running
/// statistics included). Written atomically: a crash never leaves a half-written bundle.
/// </summary>
public static class ModelBundle
{
    public const string Extension = ".tlmodel";
    private const string ManifestEntry = "manifest.json";
    private const string SpecEntry = "spec.tl.yaml";
    private const string WeightsEntry = "weights.dat";

    public static void Save(string path, TransferModel model, BundleManifest manifest, string specText)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = File.Create(temporary))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                WriteEntry(zip, ManifestEntry, CompressionLevel.Optimal, s => JsonSerializer.Serialize(s, manifest, BundleJsonContext.Default.BundleManifest));
                WriteEntry(zip, SpecEntry, CompressionLevel.Optimal, s => s.Write(Encoding.UTF8.GetBytes(specText)));
                // Weights barely compress; storing them keeps saving fast.
                WriteEntry(zip, WeightsEntry, CompressionLevel.NoCompression, s => model.save(s));
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static BundleManifest ReadManifest(string path)
    {
        using var zip = Open(path);
        return ReadManifest(zip, path);
    }

    public static string ReadSpecText(string path)
    {
        using var zip = Open(path);
        using var reader = new StreamReader(Entry(zip, SpecEntry, path).Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the bundle's weights into <paramref name="model"/> (built by the same experiment).</summary>
    public static BundleManifest LoadInto(string path, TransferModel model)
    {
        using var zip = Open(path);
        var manifest = ReadManifest(zip, path);
        using var weights = new MemoryStream();
        using (var entry = Entry(zip, WeightsEntry, path).Open())
            entry.CopyTo(weights);
        weights.Position = 0;
        model.load(weights, strict: true);
        return manifest;
    }

    private static ZipArchive Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model bundle '{path}' does not exist. Train first, or pass the path of a {Extension} file.", path);
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a model bundle (not a zip archive): {e.Message}", e);
        }
    }

    private static BundleManifest ReadManifest(ZipArchive zip, string path)
    {
        using var stream = Entry(zip, ManifestEntry, path).Open();
        var manifest = JsonSerializer.Deserialize(stream, BundleJsonContext.Default.BundleManifest)
            ?? throw new InvalidDataException($"Model bundle '{path}' has an empty manifest.");
        if (manifest.FormatVersion != BundleManifest.CurrentFormatVersion)
            throw new InvalidDataException($"Model bundle '{path}' has format version {manifest.FormatVersion}; this version of TLDeclarative reads {BundleManifest.CurrentFormatVersion}.");
        return manifest;
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, string path) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"Model bundle '{path}' has no '{name}' entry.");

    private static void WriteEntry(ZipArchive zip, string name, CompressionLevel level, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        write(stream);
    }
}
