using System.Text.Json.Serialization;

namespace TLDeclarative.Inference;

/// <summary>What a model bundle says about itself: enough to check it belongs to an experiment and to use it.</summary>
public sealed record BundleManifest(
    int FormatVersion,
    string Experiment,
    IReadOnlyList<string> Classes,
    int ImageHeight,
    int ImageWidth,
    string Output,
    int EpochsTrained,
    double? ValidationAccuracy,
    DateTimeOffset CreatedUtc)
{
    public const int CurrentFormatVersion = 1;
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BundleManifest))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
