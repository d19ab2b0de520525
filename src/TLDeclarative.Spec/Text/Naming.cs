using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TLDeclarative.Spec.Text
{
    /// <summary>Identifier rules and the conversions from spec names to C# names.</summary>
    public static class Naming
    {
        private static readonly HashSet<string> CSharpKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
            "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
            "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
            "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
            "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
            "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
            "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
            "ushort", "using", "virtual", "void", "volatile", "while",
        };

        /// <summary>ASCII letters, digits and underscores, starting with a letter: safe as a C# identifier and as a folder name.</summary>
        public static bool IsSimpleIdentifier(string value) =>
            value.Length > 0 && value.Length <= 100
            && IsAsciiLetter(value[0])
            && value.All(c => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_');

        public static bool IsCSharpKeyword(string value) => CSharpKeywords.Contains(value);

        /// <summary>"ankle_boot" -> "AnkleBoot", "cats" -> "Cats": enum members for class names.</summary>
        public static string ToPascalCase(string value)
        {
            var builder = new StringBuilder(value.Length);
            var upperNext = true;
            foreach (var c in value)
            {
                if (c == '_' || c == '-' || c == ' ')
                {
                    upperNext = true;
                    continue;
                }

                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }

            return builder.ToString();
        }

        /// <summary>
        /// The candidate closest to <paramref name="value"/>, if it is close enough to be a likely typo
        /// and no other candidate is as close (layer5 is as near to layer1 as to layer4: no guess).
        /// </summary>
        public static string? Nearest(string value, IEnumerable<string> candidates)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            var tied = false;
            foreach (var candidate in candidates)
            {
                var distance = EditDistance(value.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = candidate;
                    tied = false;
                }
                else if (distance == bestDistance)
                {
                    tied = true;
                }
            }

            var tolerance = Math.Max(2, value.Length / 3);
            return bestDistance <= tolerance && !tied ? best : null;
        }

        /// <summary>" (did you mean 'x'?)" or nothing: appended to unknown-key and unknown-value messages.</summary>
        public static string DidYouMean(string value, IEnumerable<string> candidates)
        {
            var nearest = Nearest(value, candidates);
            return nearest is null ? string.Empty : " (did you mean '" + nearest + "'?)";
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static int EditDistance(string a, string b)
        {
            if (a.Length > 200 || b.Length > 200)
                return int.MaxValue; // never worth suggesting; keeps hostile input cheap
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
                previous[j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
