using System.Globalization;

namespace TLDeclarative.Training;

/// <summary>
/// The loss became NaN or infinite: the run stops instead of training on garbage. The weights of the
/// last completed epoch stay in the run's checkpoint.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string phase, int epoch, int batch, double loss, double learningRate)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"Training diverged: the loss became {loss} in phase '{phase}', epoch {epoch}, batch {batch} (learning rate {learningRate:R}). The weights of the last completed epoch are kept in the run's checkpoints folder; lower the learning rate or set gradient_clipping."))
    {
        Phase = phase;
        Epoch = epoch;
        Batch = batch;
    }

    public string Phase { get; }

    public int Epoch { get; }

    public int Batch { get; }
}
