using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>Assertions over the generator's tracked pipeline steps (driver created with step tracking on).</summary>
internal static class PipelineAssert
{
    public static string[] TrackingNames { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    /// <summary>The reasons each output of a tracked step was produced for, in pipeline order.</summary>
    public static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string trackingName) =>
        result.TrackedSteps[trackingName].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();

    /// <summary>The reasons of the source outputs (generated files and diagnostics).</summary>
    public static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();

    /// <summary>Every tracked step and every output reused: nothing recomputed changed, nothing was emitted again.</summary>
    public static void AllCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var name in TrackingNames.Where(result.TrackedSteps.ContainsKey))
        {
            Assert.All(Reasons(result, name), reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} ran: {reason}"));
        }

        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    /// <summary>No output of the generator's own steps keeps a Compilation, symbol, syntax node or Location alive (they defeat caching).</summary>
    public static void HoldsOnlyPlainData(GeneratorRunResult result)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in TrackingNames.Where(result.TrackedSteps.ContainsKey).SelectMany(name => result.TrackedSteps[name]))
        {
            foreach (var (value, _) in step.Outputs)
                Visit(value, step.Name ?? "?", visited);
        }
    }

    private static void Visit(object? node, string step, HashSet<object> visited)
    {
        if (node is null || !visited.Add(node))
            return;
        Assert.False(
            node is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel,
            $"step {step} holds a {node.GetType().Name}");
        var type = node.GetType();
        if (type.IsPrimitive || type.IsEnum || node is string)
            return;
        if (node is IEnumerable items)
        {
            foreach (var item in items)
                Visit(item, step, visited);
            return;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                Visit(field.GetValue(node), step, visited);
        }
    }
}
