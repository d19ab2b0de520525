using System.Linq;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Spec.Model
{
    /// <summary>Where a value of the spec came from, by path ("phases[1].freeze.until").</summary>
    public sealed record SpecLocation(string Path, SourceSpan Span) : System.IEquatable<SpecLocation>;

    /// <summary>
    /// The positions of every value the reader took, so that checks made after reading still point
    /// at the right line and column.
    /// </summary>
    public sealed record SpecLocations(EquatableArray<SpecLocation> Entries)
    {
        private static readonly char[] PathSeparators = { '.', '[' };

        /// <summary>The span of <paramref name="path"/>, else of its nearest recorded parent, else the file start.</summary>
        public SourceSpan Of(string path)
        {
            var current = path;
            while (true)
            {
                var hit = Entries.FirstOrDefault(e => e.Path == current);
                if (hit is not null)
                    return hit.Span;
                var cut = current.LastIndexOfAny(PathSeparators);
                if (cut <= 0)
                    return SourceSpan.Start;
                current = current.Substring(0, cut);
            }
        }
    }

    /// <summary>A spec together with the positions of its values.</summary>
    public sealed record SpecDocument(ExperimentSpec Spec, SpecLocations Locations);
}
