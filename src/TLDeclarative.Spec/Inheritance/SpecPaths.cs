using System;
using System.Collections.Generic;

namespace TLDeclarative.Spec.Inheritance
{
    /// <summary>
    /// Paths of spec files as plain strings, with no file system: the generator may not touch the
    /// disk, and a path written on Windows must resolve the same way on Linux. Both separators are
    /// understood; the spec's own separator is kept.
    /// </summary>
    public static class SpecPaths
    {
        /// <summary>The file extension of spec files, base specs included.</summary>
        public const string Extension = ".tl.yaml";

        private static readonly char[] Separators = { '/', '\\' };

        public static bool IsSpecPath(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        /// <summary>The file name of <paramref name="path"/>, for messages.</summary>
        public static string FileName(string path) => path.Substring(path.LastIndexOfAny(Separators) + 1);

        /// <summary>
        /// The path <paramref name="relative"/> (an <c>extends</c> value) names, seen from the spec
        /// at <paramref name="specPath"/>: relative to the spec's folder unless rooted.
        /// </summary>
        public static string Resolve(string specPath, string relative)
        {
            var separator = SeparatorOf(specPath);
            if (IsRooted(relative))
                return Normalize(relative, separator);
            var cut = specPath.LastIndexOfAny(Separators);
            var folder = cut < 0 ? string.Empty : specPath.Substring(0, cut + 1);
            return Normalize(folder + relative, separator);
        }

        /// <summary>
        /// <paramref name="path"/> as <see cref="Resolve"/> writes paths: its own separator (a backslash
        /// only when it has no slash) throughout, no <c>.</c> or <c>..</c> segments, no doubled separators.
        /// </summary>
        public static string Normalize(string path) => Normalize(path, SeparatorOf(path));

        /// <summary>One separator throughout, no <c>.</c> or <c>..</c> segments (where a parent is known), no doubled separators.</summary>
        public static string Normalize(string path, char separator)
        {
            var rooted = path.Length > 0 && Array.IndexOf(Separators, path[0]) >= 0;
            var segments = new List<string>();
            foreach (var segment in path.Split(Separators))
            {
                if (segment.Length == 0 || segment == ".")
                    continue;
                if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != ".." && !IsDrive(segments[segments.Count - 1], segments.Count - 1))
                    segments.RemoveAt(segments.Count - 1);
                else if (segment == ".." && (rooted || (segments.Count == 1 && IsDrive(segments[0], 0))))
                    continue; // above the root is the root
                else
                    segments.Add(segment);
            }

            var joined = string.Join(separator.ToString(), segments);
            return rooted ? separator + joined : joined;
        }

        private static char SeparatorOf(string path) => path.IndexOf('/') < 0 && path.IndexOf('\\') >= 0 ? '\\' : '/';

        private static bool IsRooted(string path) =>
            path.Length > 0 && (Array.IndexOf(Separators, path[0]) >= 0 || (path.Length > 1 && path[1] == ':'));

        private static bool IsDrive(string segment, int index) => index == 0 && segment.Length == 2 && segment[1] == ':';
    }
}
