namespace TLDeclarative.Declarations;

/// <summary>
/// One training phase (an item of YAML <c>phases</c>). Phases are numbered 1, 2, 3, ... and run
/// in that order; epoch numbers continue from one phase to the next. Every phase sets a freeze
/// policy (<see cref="Freeze"/> or <see cref="FreezeUntil"/>), an <see cref="Optimizer"/>, a
/// <see cref="LearningRate"/> and its <see cref="Epochs"/>.
/// </summary>
/// <example>
/// <code>
/// [Phase(1, "feature_extraction", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-4, Epochs = 10)]
/// [Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 10)]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PhaseAttribute : Attribute
{
    /// <param name="number">Position of the phase: 1 for the first.</param>
    /// <param name="name">Phase name (YAML <c>name</c>), e.g. <c>"fine_tuning"</c>.</param>
    public PhaseAttribute(int number, string name)
    {
        Number = number;
        Name = name;
    }

    /// <summary>Position of the phase, from 1.</summary>
    public int Number { get; }

    /// <summary>Phase name.</summary>
    public string Name { get; }

    /// <summary>Freeze the whole backbone (<see cref="Freeze.All"/>) or nothing (<see cref="Freeze.None"/>) (YAML <c>freeze: all | none</c>).</summary>
    public Freeze Freeze { get; set; }

    /// <summary>
    /// The first backbone stage that trains; all stages before it stay frozen, BatchNorm included
    /// (YAML <c>freeze: { until: layer4 }</c>). Use instead of <see cref="Freeze"/>.
    /// </summary>
    public string? FreezeUntil { get; set; }

    /// <summary>The optimizer over the parameters that train in this phase.</summary>
    public Optimizer Optimizer { get; set; }

    /// <summary>Learning rate, greater than 0 and at most 1 (YAML <c>learning_rate</c>).</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum in [0, 1) for <see cref="Optimizer.Sgd"/> and <see cref="Optimizer.RmsProp"/>; none when not set.</summary>
    public double Momentum { get; set; }

    /// <summary>Epochs of this phase, at least 1.</summary>
    public int Epochs { get; set; }
}
