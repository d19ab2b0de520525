using TLDeclarative.Onnx;
using TorchSharp;

namespace TLDeclarative.Backbones;

/// <summary>
/// Splits an imported graph into the stages a spec names by their last node: a stage holds its last
/// node and every ancestor of it that no earlier stage holds; nodes after the last named node (up to
/// the cut) join the last stage.
/// </summary>
internal sealed record OnnxStagePartition(IReadOnlyList<BackboneStage> Stages, IReadOnlyList<int> OutputNodes)
{
    public static OnnxStagePartition Split(OnnxGraphModule graph, IReadOnlyList<OnnxStage> stages, string wholeNetworkName)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var nodes = graph.Nodes;
        var last = nodes.Count - 1;
        if (stages.Count == 0)
            return new OnnxStagePartition([new BackboneStage(wholeNetworkName, Modules(nodes, Enumerable.Range(0, nodes.Count)))], [last]);

        var duplicate = stages.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new OnnxImportException($"'{graph.ModelPath}': stage name '{duplicate.Key}' is used twice.");

        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) indexByName.TryAdd(nodes[i].Name, i);
        var ancestors = Ancestors(nodes);
        var owner = Enumerable.Repeat(-1, nodes.Count).ToArray();
        var outputs = new List<int>();
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            if (!indexByName.TryGetValue(stage.LastNode, out var end))
            {
                var close = NameSuggestions.Closest(stage.LastNode, nodes.Select(n => n.Name).Where(n => n.Length > 0));
                throw new OnnxImportException(
                    $"'{graph.ModelPath}': stage '{stage.Name}' ends at node '{stage.LastNode}', which is not among the nodes up to the cut '{graph.Nodes[last].Name}'." +
                    (close.Count > 0 ? $" Close names: {string.Join(", ", close.Select(n => $"'{n}'"))}." : ""));
            }

            if (owner[end] >= 0)
            {
                throw new OnnxImportException(
                    $"'{graph.ModelPath}': stage '{stage.Name}' ends at node '{stage.LastNode}', which runs before the end of stage '{stages[owner[end]].Name}' ('{stages[owner[end]].LastNode}'); list stages in forward order.");
            }

            foreach (var n in ancestors[end].Append(end).Where(n => owner[n] < 0)) owner[n] = s;
            outputs.Add(end);
        }

        // What follows the last named node (up to the cut) belongs to the last stage, whose output is the cut.
        for (var n = 0; n < nodes.Count; n++)
        {
            if (owner[n] < 0) owner[n] = stages.Count - 1;
        }

        outputs[^1] = last;
        var built = stages.Select((stage, s) => new BackboneStage(stage.Name, Modules(nodes, Enumerable.Range(0, nodes.Count).Where(n => owner[n] == s)))).ToList();
        return new OnnxStagePartition(built, outputs);
    }

    private static List<torch.nn.Module> Modules(IReadOnlyList<OnnxNode> nodes, IEnumerable<int> members) =>
        members.Select(n => nodes[n].Module).OfType<torch.nn.Module>().ToList();

    private static HashSet<int>[] Ancestors(IReadOnlyList<OnnxNode> nodes)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = new HashSet<int>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            // Execution order: every producer's set is complete before it is read.
            sets[i] = [];
            foreach (var input in nodes[i].Inputs)
            {
                if (!producer.TryGetValue(input, out var p)) continue;
                sets[i].Add(p);
                sets[i].UnionWith(sets[p]);
            }

            foreach (var output in nodes[i].Outputs) producer[output] = i;
        }

        return sets;
    }
}
