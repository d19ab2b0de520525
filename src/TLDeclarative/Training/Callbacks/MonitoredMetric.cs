namespace TLDeclarative.Training.Callbacks;

/// <summary>An epoch metric that early stopping and best checkpoints watch.</summary>
public enum MonitoredMetric
{
    /// <summary>val_loss: lower is better.</summary>
    ValidationLoss,

    /// <summary>val_accuracy: higher is better.</summary>
    ValidationAccuracy,

    /// <summary>val_f1: macro F1 on the validation set, higher is better.</summary>
    ValidationF1,

    /// <summary>loss: training loss, lower is better.</summary>
    TrainingLoss,

    /// <summary>accuracy: training accuracy, higher is better.</summary>
    TrainingAccuracy,
}
