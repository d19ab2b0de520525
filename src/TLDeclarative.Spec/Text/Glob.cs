using System.Collections.Generic;
using System.Linq;

namespace TLDeclarative.Spec.Text
{
    /// <summary>
    /// The globs of <c>freeze: { except: [...] }</c>: <c>*</c> matches any run of characters (dots
    /// included), <c>?</c> one character; everything else matches itself, case-sensitively.
    /// A glob without a dot names stages; one with a dot names parameters, spelled
    /// <c>stage.module.parameter</c> (layer3.1.weight: the weight of layer3's second module).
    /// </summary>
    public static class Glob
    {
        public static bool IsMatch(string pattern, string text) => Match(pattern, 0, text, 0);

        /// <summary>True for a glob over parameter names (it has a dot), false for a stage glob.</summary>
        public static bool IsParameterGlob(string pattern) => pattern.IndexOf('.') >= 0;

        /// <summary>
        /// Per stage, whether <c>except</c> globs leave it wholly frozen: no stage glob matches its
        /// name and no parameter glob can match inside it (its part before the first dot, or a leading
        /// <c>*</c>, matches the stage name).
        /// </summary>
        public static bool[] UntouchedStages(IEnumerable<string> patterns, IReadOnlyList<string> stages)
        {
            var list = patterns.ToList();
            return stages.Select(stage => !list.Any(p => CanReach(p, stage))).ToArray();
        }

        /// <summary>Whether a glob can match the stage or something inside it.</summary>
        public static bool CanReach(string pattern, string stage)
        {
            if (!IsParameterGlob(pattern))
                return IsMatch(pattern, stage);
            var head = pattern.Substring(0, pattern.IndexOf('.'));
            return IsMatch(head, stage) || (head.IndexOf('*') >= 0 && IsMatch(head + "*", stage));
        }

        private static bool Match(string pattern, int p, string text, int t)
        {
            while (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    for (var k = t; k <= text.Length; k++)
                    {
                        if (Match(pattern, p + 1, text, k))
                            return true;
                    }

                    return false;
                }

                if (t >= text.Length || (c != '?' && c != text[t]))
                    return false;
                p++;
                t++;
            }

            return t == text.Length;
        }
    }
}
