using Onnx;

namespace TLDeclarative.Onnx;

/// <summary>Chooses the nodes an output needs and puts them in an order where inputs come first.</summary>
internal static class GraphPlanner
{
    /// <summary>Nodes needed for <paramref name="output"/>, topologically sorted (file order among equals).</summary>
    public static IReadOnlyList<NodeProto> Plan(GraphProto graph, string output, string modelPath)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Node.Count; i++)
        {
            foreach (var name in graph.Node[i].Output.Where(n => n.Length > 0))
                producer[name] = i;
        }

        if (!producer.TryGetValue(output, out var last))
            throw new OnnxImportException($"'{modelPath}' has no node producing '{output}'.");

        // Iterative post-order DFS: deep graphs must not exhaust the stack.
        var state = new byte[graph.Node.Count]; // 0 new, 1 open, 2 done
        var order = new List<NodeProto>();
        var stack = new Stack<(int Node, bool Expanded)>();
        stack.Push((last, false));
        while (stack.Count > 0)
        {
            var (index, expanded) = stack.Pop();
            if (expanded)
            {
                state[index] = 2;
                order.Add(graph.Node[index]);
                continue;
            }

            if (state[index] == 2) continue;
            if (state[index] == 1)
                throw new OnnxImportException($"'{modelPath}' has a cycle through node '{graph.Node[index].Name}'.");
            state[index] = 1;
            stack.Push((index, true));
            var inputs = graph.Node[index].Input;
            for (var k = inputs.Count - 1; k >= 0; k--)
            {
                if (producer.TryGetValue(inputs[k], out var p) && state[p] != 2)
                {
                    if (state[p] == 1)
                        throw new OnnxImportException($"'{modelPath}' has a cycle through node '{graph.Node[p].Name}'.");
                    stack.Push((p, false));
                }
            }
        }

        return order;
    }
}
