namespace TLDeclarative.Heads;

/// <summary>How the head's last layer turns into class probabilities, and the loss that goes with it.</summary>
public enum ClassifierOutput
{
    /// <summary>Two classes: one logit, sigmoid, binary cross-entropy (Keras' Dense(1) + BCE).</summary>
    Sigmoid,

    /// <summary>Three or more classes: one logit per class, softmax, cross-entropy.</summary>
    Softmax,
}
