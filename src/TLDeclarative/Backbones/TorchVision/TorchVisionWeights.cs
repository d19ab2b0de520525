using static TorchSharp.torch;

namespace TLDeclarative.Backbones.TorchVision;

/// <summary>
/// Copies a state dict into a <see cref="TorchVisionBackbone"/>: the original classifier's keys are
/// skipped; every other key must match the backbone's names and shapes exactly, or nothing is copied
/// and the error lists what differs.
/// </summary>
internal static class TorchVisionWeights
{
    private const int Listed = 10;

    public static void Load(TorchVisionBackbone backbone, IReadOnlyDictionary<string, Tensor> source, string path)
    {
        var architecture = backbone.Architecture;
        var target = backbone.state_dict();
        // Sorted: a pickled state dict reads back as a hash table, and messages should not depend on it.
        var relevant = source.Keys.Where(k => !IsClassifierKey(architecture, k)).Order(StringComparer.Ordinal).ToList();
        // PyTorch itself accepts checkpoints saved before BatchNorm counted batches (the counter only
        // matters with momentum=None); such files lack num_batches_tracked and keep the module's value.
        var missing = target.Keys.Where(k => !source.ContainsKey(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = relevant.Where(k => !target.ContainsKey(k)).ToList();
        var reshaped = relevant.Where(k => target.TryGetValue(k, out var t) && !t.shape.SequenceEqual(source[k].shape))
            .Select(k => $"{k} {Shape(source[k].shape)} (expected {Shape(target[k].shape)})").ToList();

        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"missing {List(missing)}");
        if (unexpected.Count > 0) problems.Add($"unexpected {List(unexpected)}");
        if (reshaped.Count > 0) problems.Add($"other shapes {List(reshaped)}");
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"'{path}' does not hold the weights of torchvision's {architecture.Name} ({target.Count} keys expected; " +
                $"classifier keys {string.Join(", ", architecture.ClassifierRoots.Select(r => r + ".*"))} are skipped): {string.Join("; ", problems)}.");
        }

        using var noGrad = no_grad();
        foreach (var (key, tensor) in target)
        {
            if (source.TryGetValue(key, out var value)) tensor.copy_(value);
        }
    }

    private static bool IsClassifierKey(TorchVisionArchitecture architecture, string key) =>
        architecture.ClassifierRoots.Any(root => key.StartsWith(root + ".", StringComparison.Ordinal));

    /// <summary>"N key(s): a, b, ... and M more".</summary>
    private static string List(List<string> keys) =>
        $"{keys.Count} key(s): {string.Join(", ", keys.Take(Listed))}" + (keys.Count > Listed ? $" and {keys.Count - Listed} more" : "");

    private static string Shape(long[] shape) => "[" + string.Join(",", shape) + "]";
}
