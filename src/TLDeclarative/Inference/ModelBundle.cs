using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;

namespace TLDeclarative.Inference;

/// <summary>
/// A trained model as one file (a zip): <c>manifest.json</c>, the spec as written
/// (<c>spec.tl.yaml</c>) and the weights (<c>weights.dat</c>, TorchSharp's format, BatchNorm running
/// statistics included). A run's checkpoints add their training state as further entries. Written
/// atomically: a crash never leaves a half-written bundle.
/// </summary>
public static class ModelBundle
{
    public const string Extension = ".tlmodel";
    private const string ManifestEntry = "manifest.json";
    private const string SpecEntry = "spec.tl.yaml";
    private const string WeightsEntry = "weights.dat";

    public static void Save(string path, TransferModel model, BundleManifest manifest, string specText) =>
        Save(path, WeightsOf(model), manifest, specText, []);

    /// <summary>
    /// Writes a bundle from serialized weights (see <see cref="WeightsOf"/>) plus <paramref name="extraEntries"/>
    /// (a checkpoint's training state). Atomic: the zip goes to a temporary file in the same folder,
    /// is flushed to disk, then renamed over <paramref name="path"/>; a failure or a kill in the middle
    /// leaves the previous file as it was.
    /// </summary>
    public static void Save(string path, byte[] weights, BundleManifest manifest, string specText, IReadOnlyList<BundleEntry> extraEntries)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(extraEntries);
        AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, ManifestEntry, CompressionLevel.Optimal, s => JsonSerializer.Serialize(s, manifest, BundleJsonContext.Default.BundleManifest));
            WriteEntry(zip, SpecEntry, CompressionLevel.Optimal, s => s.Write(Encoding.UTF8.GetBytes(specText)));
            // Weights barely compress; storing them keeps saving fast.
            WriteEntry(zip, WeightsEntry, CompressionLevel.NoCompression, s => s.Write(weights));
            foreach (var entry in extraEntries)
                WriteEntry(zip, entry.Name, CompressionLevel.Fastest, entry.Write);
        });
    }

    /// <summary>The model's weights (BatchNorm statistics included) in TorchSharp's format: what <c>weights.dat</c> holds.</summary>
    public static byte[] WeightsOf(TransferModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        model.save(stream);
        return stream.ToArray();
    }

    /// <summary>The bytes of the bundle's <c>weights.dat</c>.</summary>
    public static byte[] ReadWeights(string path) =>
        ReadEntry(path, WeightsEntry) ?? throw new InvalidDataException($"Model bundle '{path}' has no '{WeightsEntry}' entry.");

    /// <summary>The bytes of an entry, or null when the bundle has none of that name.</summary>
    public static byte[]? ReadEntry(string path, string name)
    {
        using var zip = Open(path);
        if (zip.GetEntry(name) is not { } entry)
            return null;
        using var content = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(content);
        return content.ToArray();
    }

    /// <summary>Loads serialized weights (from <see cref="WeightsOf"/> or <see cref="ReadWeights"/>) into a model of the same experiment.</summary>
    public static void LoadWeights(TransferModel model, byte[] weights)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        using var stream = new MemoryStream(weights);
        model.load(stream, strict: true);
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
