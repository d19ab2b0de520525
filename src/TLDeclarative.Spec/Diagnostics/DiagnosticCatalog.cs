using System.Collections.Generic;
using System.Globalization;

namespace TLDeclarative.Spec.Diagnostics
{
    /// <summary>One rule of the catalogue: a stable ID, a title and a message template.</summary>
    public sealed record DiagnosticRule(string Id, SpecSeverity Severity, string Title, string MessageFormat)
    {
        public SpecDiagnostic At(SourceSpan span, params object[] args) =>
            new SpecDiagnostic(Id, Severity, string.Format(CultureInfo.InvariantCulture, MessageFormat, args), span);
    }

    /// <summary>Every diagnostic a spec can produce. IDs are stable: never reuse a retired one.</summary>
    public static class DiagnosticCatalog
    {
        public static readonly DiagnosticRule YamlSyntax = new DiagnosticRule(
            "TLD0001", SpecSeverity.Error, "YAML syntax error", "YAML syntax error: {0}");

        public static readonly DiagnosticRule UnknownKey = new DiagnosticRule(
            "TLD0002", SpecSeverity.Error, "Unknown key", "Unknown key '{0}' in {1}{2}");

        public static readonly DiagnosticRule MissingKey = new DiagnosticRule(
            "TLD0003", SpecSeverity.Error, "Missing required key", "Missing required key '{0}' in {1}");

        public static readonly DiagnosticRule WrongType = new DiagnosticRule(
            "TLD0004", SpecSeverity.Error, "Value has the wrong type", "'{0}' must be {1}, but the value is {2}");

        public static readonly DiagnosticRule OutOfRange = new DiagnosticRule(
            "TLD0005", SpecSeverity.Error, "Value out of range", "'{0}' must be {1}, but is {2}");

        public static readonly DiagnosticRule UnknownValue = new DiagnosticRule(
            "TLD0006", SpecSeverity.Error, "Unknown value", "Unknown {0} '{1}'{2}; valid values: {3}");

        public static readonly DiagnosticRule InvalidName = new DiagnosticRule(
            "TLD0007", SpecSeverity.Error, "Invalid name", "{0} '{1}' is not valid: {2}");

        public static readonly DiagnosticRule DuplicateName = new DiagnosticRule(
            "TLD0008", SpecSeverity.Error, "Duplicate name", "{0} '{1}' is declared more than once");

        public static readonly DiagnosticRule UnknownStage = new DiagnosticRule(
            "TLD0009", SpecSeverity.Error, "Unknown backbone stage", "Backbone '{0}' has no stage '{1}'{2}; its stages are: {3}");

        public static readonly DiagnosticRule ImageTooSmall = new DiagnosticRule(
            "TLD0010", SpecSeverity.Error, "Image size too small for the backbone", "Backbone '{0}' needs images of at least {1}x{1} pixels, but image_size is {2}x{3}");

        public static readonly DiagnosticRule FreezesMoreThanBefore = new DiagnosticRule(
            "TLD0011", SpecSeverity.Warning, "Phase freezes more than the phase before", "Phase '{0}' freezes more of the backbone than phase '{1}' before it; fine-tuning usually unfreezes more, not less");

        public static readonly DiagnosticRule TooDeep = new DiagnosticRule(
            "TLD0012", SpecSeverity.Error, "Spec too large or too deeply nested", "The spec is too large or too deeply nested to be an experiment: {0}");

        public static readonly DiagnosticRule TooFewItems = new DiagnosticRule(
            "TLD0013", SpecSeverity.Error, "Too few items", "'{0}' needs at least {1}, but has {2}");

        public static readonly DiagnosticRule BaseNotFound = new DiagnosticRule(
            "TLD0014", SpecSeverity.Error, "Base spec not found", "Base spec '{0}' not found: {1}");

        public static readonly DiagnosticRule InheritanceCycle = new DiagnosticRule(
            "TLD0015", SpecSeverity.Error, "Inheritance cycle", "'extends' leads back to this spec: {0}");

        public static readonly DiagnosticRule BaseSpec = new DiagnosticRule(
            "TLD0016", SpecSeverity.Info, "Spec without 'experiment' is a base spec", "'{0}' has no 'experiment' key, so it is a base spec: no code is generated from it, and it is checked with each spec that extends it");

        public static readonly DiagnosticRule BaseHasErrors = new DiagnosticRule(
            "TLD0017", SpecSeverity.Error, "Base spec has errors", "Base spec '{0}' has {1}; the first: {2}");

        public static readonly DiagnosticRule IncompatibleSettings = new DiagnosticRule(
            "TLD0018", SpecSeverity.Error, "Settings that cannot be combined", "{0} cannot be combined with {1}: {2}");

        public static readonly DiagnosticRule ConflictingKeys = new DiagnosticRule(
            "TLD0019", SpecSeverity.Error, "Keys that exclude each other", "'{0}' and '{1}' cannot both be set in {2}: {3}");

        public static readonly DiagnosticRule MissingOneOfKeys = new DiagnosticRule(
            "TLD0020", SpecSeverity.Error, "Missing one of two keys", "{0} needs '{1}' or '{2}': {3}");

        public static readonly DiagnosticRule ClassWeightsMismatch = new DiagnosticRule(
            "TLD0021", SpecSeverity.Error, "Class weights do not match the classes", "'data.class_weights' {0}; give one weight for each declared class ({1}), or write class_weights: auto");

        public static readonly DiagnosticRule WeightsUnavailable = new DiagnosticRule(
            "TLD0022", SpecSeverity.Error, "Backbone has no such weights", "Backbone '{0}' has no weights '{1}': its weights are {2}, and it {3}");

        public static IReadOnlyList<DiagnosticRule> All { get; } = new[]
        {
            YamlSyntax, UnknownKey, MissingKey, WrongType, OutOfRange, UnknownValue, InvalidName,
            DuplicateName, UnknownStage, ImageTooSmall, FreezesMoreThanBefore, TooDeep, TooFewItems,
            BaseNotFound, InheritanceCycle, BaseSpec, BaseHasErrors, IncompatibleSettings,
            ConflictingKeys, MissingOneOfKeys, ClassWeightsMismatch, WeightsUnavailable,
        };
    }
}
