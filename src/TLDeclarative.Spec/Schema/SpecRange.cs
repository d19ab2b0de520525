using System.Globalization;

namespace TLDeclarative.Spec.Schema
{
    /// <summary>
    /// The allowed values of a number in a spec. One description serves the validator (the check and
    /// the words of its TLD0005 message), the JSON Schema (minimum/maximum) and the reference docs.
    /// </summary>
    /// <param name="Minimum">The lower bound.</param>
    /// <param name="Maximum">The upper bound, or none.</param>
    /// <param name="MinimumExclusive">The lower bound itself is not allowed.</param>
    /// <param name="MaximumExclusive">The upper bound itself is not allowed.</param>
    /// <param name="Phrase">Words before a half-open interval: "a fraction of the width" in [0, 1).</param>
    /// <param name="Unit">Words after a closed interval: between 0 and 180 "degrees".</param>
    public sealed record SpecRange(
        double Minimum,
        double? Maximum,
        bool MinimumExclusive = false,
        bool MaximumExclusive = false,
        string? Phrase = null,
        string? Unit = null)
    {
        public bool Contains(double value) =>
            (MinimumExclusive ? value > Minimum : value >= Minimum)
            && (Maximum is not { } max || (MaximumExclusive ? value < max : value <= max));

        /// <summary>What a value must be, as the validator's messages say it: "between 1 and 4096", "in [0, 1)".</summary>
        public string Text
        {
            get
            {
                var min = Number(Minimum);
                if (Maximum is not { } maximum)
                    return MinimumExclusive ? "greater than " + min : min + " or more";
                var max = Number(maximum);
                if (!MinimumExclusive && !MaximumExclusive)
                    return "between " + min + " and " + max + (Unit is null ? string.Empty : " " + Unit);
                var text = MinimumExclusive && !MaximumExclusive
                    ? "greater than " + min + " and at most " + max
                    : "in " + (MinimumExclusive ? "(" : "[") + min + ", " + max + (MaximumExclusive ? ")" : "]");
                return Phrase is null ? text : Phrase + " " + text;
            }
        }

        /// <summary>Short form for tables: "1..4096", "[0, 1)", "(0, 1]", "≥ 0".</summary>
        public string Interval
        {
            get
            {
                var min = Number(Minimum);
                if (Maximum is not { } maximum)
                    return (MinimumExclusive ? "> " : "≥ ") + min;
                var max = Number(maximum);
                if (!MinimumExclusive && !MaximumExclusive)
                    return min + ".." + max;
                return (MinimumExclusive ? "(" : "[") + min + ", " + max + (MaximumExclusive ? ")" : "]");
            }
        }

        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
