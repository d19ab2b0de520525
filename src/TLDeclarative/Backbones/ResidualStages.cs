using TLDeclarative.Onnx;
using TorchSharp.Modules;

namespace TLDeclarative.Backbones;

/// <summary>
/// Derives the stages of an imported ResNet from its graph rather than from guessed names: every Add
/// of two computed values closes a residual block; a block that downsamples (a strided Conv) opens a
/// new stage; whatever precedes the first block's fork is the stem.
/// </summary>
internal static class ResidualStages
{
    public static ResidualPartition Partition(IReadOnlyList<OnnxNode> nodes, string stemName, string stagePrefix)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs) producer[output] = i;
        }

        var ancestors = AncestorSets(nodes, producer);
        var owner = Enumerable.Repeat(-1, nodes.Count).ToArray();
        var groups = 1; // group 0 is the stem
        for (var add = 0; add < nodes.Count; add++)
        {
            if (nodes[add].OpType != "Add" || !nodes[add].Inputs.All(producer.ContainsKey)) continue;

            // Nodes both branches depend on come before the block's fork: they belong to what precedes it.
            var branches = nodes[add].Inputs.Select(v => WithSelf(ancestors, producer[v])).ToArray();
            var shared = branches[0].Intersect(branches[1]).ToHashSet();
            foreach (var n in WithSelf(ancestors, add).Where(n => owner[n] < 0))
                owner[n] = shared.Contains(n) ? groups - 1 : groups;
            groups++;
        }

        if (groups == 1) throw new InvalidDataException("The graph has no residual additions; it is not a ResNet.");
        for (var n = 0; n < nodes.Count; n++)
        {
            if (owner[n] < 0) owner[n] = groups - 1; // after the last block: its output activation
        }

        return BuildStages(nodes, owner, groups, stemName, stagePrefix);
    }

    private static ResidualPartition BuildStages(IReadOnlyList<OnnxNode> nodes, int[] owner, int groups, string stemName, string stagePrefix)
    {
        var stages = new List<(string Name, List<TorchSharp.torch.nn.Module> Modules)> { (stemName, []) };
        var lastNodes = new List<int> { -1 };
        for (var group = 0; group < groups; group++)
        {
            var members = Enumerable.Range(0, nodes.Count).Where(n => owner[n] == group).Select(n => nodes[n]).ToList();
            var downsamples = members.Any(m => m.Module is Conv2d conv && conv.stride.Any(s => s > 1));
            if (group == 1 || (group > 1 && downsamples))
            {
                stages.Add(($"{stagePrefix}{stages.Count}", []));
                lastNodes.Add(-1);
            }

            stages[^1].Modules.AddRange(members.Select(m => m.Module).OfType<TorchSharp.torch.nn.Module>());
            lastNodes[^1] = Math.Max(lastNodes[^1], Enumerable.Range(0, nodes.Count).Where(n => owner[n] == group).DefaultIfEmpty(-1).Max());
        }

        return new ResidualPartition(stages.Select(s => new BackboneStage(s.Name, s.Modules)).ToList(), lastNodes);
    }

    private static HashSet<int>[] AncestorSets(IReadOnlyList<OnnxNode> nodes, Dictionary<string, int> producer)
    {
        // Nodes are in execution order, so every producer's set is complete before it is read.
        var sets = new HashSet<int>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            sets[i] = [];
            foreach (var input in nodes[i].Inputs)
            {
                if (!producer.TryGetValue(input, out var p)) continue;
                sets[i].Add(p);
                sets[i].UnionWith(sets[p]);
            }
        }

        return sets;
    }

    private static HashSet<int> WithSelf(HashSet<int>[] ancestors, int node) => [.. ancestors[node], node];
}

/// <summary>The stages of a residual graph and, per stage, the index of its last node in execution order.</summary>
/// <param name="LastNodes">The node whose output is the stage's output (what the next stage reads).</param>
internal sealed record ResidualPartition(IReadOnlyList<BackboneStage> Stages, IReadOnlyList<int> LastNodes);
