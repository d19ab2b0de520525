namespace TLDeclarative.Inference;

/// <summary>The model's answer for one image.</summary>
/// <param name="Label">The most probable class.</param>
/// <param name="Confidence">Its probability, 0..1.</param>
/// <param name="Probabilities">Every class's probability, in label order.</param>
public sealed record Prediction<TLabel>(TLabel Label, float Confidence, IReadOnlyDictionary<TLabel, float> Probabilities)
    where TLabel : struct, Enum;
