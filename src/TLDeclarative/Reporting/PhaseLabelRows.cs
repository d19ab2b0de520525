namespace TLDeclarative.Reporting;

/// <summary>
/// Places phase-start labels so that they stay readable: a label sits right of its line, or left of it
/// when it would run past the plot's right edge, and goes one row lower when the row above is still
/// occupied there (short phases put their lines close together). Widths are estimates (about 7 px per
/// character at the 12 px label font); a little slack is cheaper than measuring text with a font that
/// may not even exist on the machine.
/// </summary>
internal static class PhaseLabelRows
{
    private const double PixelsPerCharacter = 7;
    private const double Gap = 10;

    /// <summary>Row (0 = top) and side of each label, in the order given.</summary>
    /// <param name="labels">Label text and the pixel x of its line inside the data area.</param>
    /// <param name="dataWidth">Width of the data area in pixels.</param>
    public static IReadOnlyList<(int Row, bool LeftOfLine)> Assign(IReadOnlyList<(string Text, double X)> labels, double dataWidth)
    {
        var rowEnds = new List<double>();
        var placed = new List<(int, bool)>(labels.Count);
        foreach (var (text, x) in labels)
        {
            var width = (text.Length * PixelsPerCharacter) + Gap;
            var leftOfLine = x + width > dataWidth && x - width >= 0;
            var start = leftOfLine ? x - width : x;
            var row = rowEnds.FindIndex(end => start >= end);
            if (row < 0)
            {
                row = rowEnds.Count;
                rowEnds.Add(0);
            }

            rowEnds[row] = leftOfLine ? x + Gap : x + width;
            placed.Add((row, leftOfLine));
        }

        return placed;
    }
}
