namespace TLDeclarative.Freezing;

/// <summary>What happens to the BatchNorm layers of frozen stages (YAML <c>batch_norm</c>).</summary>
public enum BatchNormPolicy
{
    /// <summary>
    /// Inference mode and no gradients: running statistics stay the pretrained ones even while the
    /// rest of the model trains (Keras' training=False). The default.
    /// </summary>
    Frozen,

    /// <summary>
    /// BatchNorm layers of frozen stages stay in training mode (their running statistics follow the
    /// new data) and their scale and shift train; convolutions of frozen stages stay frozen.
    /// </summary>
    Trainable,
}
