namespace TLDeclarative.Spec.Diagnostics
{
    /// <summary>
    /// Where a diagnostic points in a spec file. Lines and columns are 1-based (as editors and
    /// MSBuild show them); offsets are 0-based character indices into the file's text.
    /// </summary>
    public sealed record SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartOffset, int EndOffset)
    {
        public static SourceSpan Start { get; } = new SourceSpan(1, 1, 1, 1, 0, 0);
    }
}
