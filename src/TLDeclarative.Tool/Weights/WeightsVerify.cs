using TLDeclarative.Spec.Catalog;
using TLDeclarative.Weights;

namespace TLDeclarative.Tool.Weights;

/// <summary><c>tl weights verify</c>: hashes every cached official file again and records the result.</summary>
internal static class WeightsVerify
{
    public static int Run(WeightsEnvironment environment, TextWriter output, TextWriter error)
    {
        var bad = 0;
        var checkedFiles = 0;
        foreach (var weights in PretrainedWeightsTable.All)
        {
            var path = Path.Combine(environment.CacheFolder, weights.FileName);
            if (!File.Exists(path)) continue;
            checkedFiles++;
            var actual = VerifiedMarker.HashAndRecord(path);
            if (actual.StartsWith(weights.HashPrefix, StringComparison.Ordinal))
            {
                output.WriteLine($"ok   {weights.FileName}");
                continue;
            }

            VerifiedMarker.Delete(path);
            error.WriteLine($"bad  {path}: SHA-256 {actual}, but the name promises one starting with {weights.HashPrefix}. "
                + $"Delete it and run 'tl weights fetch {weights.Architecture} --weights {weights.Name}'.");
            bad++;
        }

        output.WriteLine($"{checkedFiles} cached file(s) checked in {environment.CacheFolder}, {bad} bad.");
        return bad > 0 ? ExitCodes.Invalid : ExitCodes.Valid;
    }
}
