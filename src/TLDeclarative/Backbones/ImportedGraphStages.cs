using TLDeclarative.Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// Prefix and suffix runs of a backbone that is one imported graph split into stages by their last nodes
/// (the embedded resnet18, ONNX-file backbones): what lets the feature cache keep a frozen prefix's output
/// and train the later stages on it. A cut after stage k works only when that stage's output is the one
/// value later nodes read; a skip connection jumping over the boundary makes the cut impossible.
/// </summary>
internal sealed class ImportedGraphStages(OnnxGraphModule graph, IReadOnlyList<int> lastNodes)
{
    /// <summary>Per stage count 1..Stages-1: whether the nodes after that stage's last node need only its output.</summary>
    private readonly bool[] _cuttable = [.. Enumerable.Range(0, lastNodes.Count).Select(s => IsClean(graph, lastNodes[s]))];

    /// <summary>True at <paramref name="stage"/> = 1..Stages-1 when the boundary is clean, and at Stages (nothing left to run).</summary>
    public bool CanForwardFrom(int stage) =>
        stage == lastNodes.Count || (stage > 0 && stage < lastNodes.Count && _cuttable[stage - 1]);

    /// <summary>Runs only the first <paramref name="stageCount"/> stages' nodes (1..Stages-1) and returns the last one's output.</summary>
    public Tensor ForwardUntil(int stageCount, Tensor input) => graph.ForwardUntil(input, lastNodes[stageCount - 1]);

    /// <summary>Runs the nodes after stage <paramref name="stage"/> - 1 on its output (1..Stages-1, where <see cref="CanForwardFrom"/> holds).</summary>
    public Tensor ForwardFrom(int stage, Tensor stageInput) => graph.ForwardAfter(lastNodes[stage - 1], stageInput);

    private static bool IsClean(OnnxGraphModule graph, int lastNode)
    {
        if (lastNode >= graph.Nodes.Count - 1) return false;
        var crossing = graph.ValuesCrossing(lastNode);
        return crossing.Count == 1 && graph.Nodes[lastNode].Outputs.Count > 0 && crossing[0] == graph.Nodes[lastNode].Outputs[0];
    }
}
