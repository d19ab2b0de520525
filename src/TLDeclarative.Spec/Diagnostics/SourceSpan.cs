namespace TLDeclarative.Spec.Diagnostics
{
    /// <summary>
    /// Where a diagnostic points in a spec file. Lines and columns are 1-based (as editors and
    /// MSBuild show them); offsets are 0-based character indices into the file's text.
    /// </summary>
    public sealed record SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartOffset, int EndOffset)
    {
        public static SourceSpan Start { get; } = new SourceSpan(1, 1, 1, 1, 0, 0);

        /// <summary>
        /// The file the span is in, when it is not the spec being loaded: a base spec the spec
        /// <c>extends</c>, whose value was merged in. Null means the spec itself.
        /// </summary>
        public string? FilePath { get; init; }
    }
}
