using System.Text.Json.Serialization;

namespace TLDeclarative.Reporting;

/// <summary>
/// Source-generated JSON metadata (no reflection, trim-safe). snake_case matches the YAML spec; named
/// floating-point literals let a diverged loss (NaN, Infinity) be written instead of failing the run.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(HistoryDocument))]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportingJsonContext : JsonSerializerContext;
