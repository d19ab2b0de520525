using TLDeclarative.Reporting;

namespace TLDeclarative.Training.Callbacks;

/// <summary>How each <see cref="MonitoredMetric"/> is named, read from an epoch, and compared.</summary>
public static class MonitoredMetrics
{
    /// <summary>The spec's name of the metric (val_loss, val_accuracy, val_f1, loss, accuracy).</summary>
    public static string Key(this MonitoredMetric metric) => metric switch
    {
        MonitoredMetric.ValidationLoss => "val_loss",
        MonitoredMetric.ValidationAccuracy => "val_accuracy",
        MonitoredMetric.ValidationF1 => "val_f1",
        MonitoredMetric.TrainingLoss => "loss",
        MonitoredMetric.TrainingAccuracy => "accuracy",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown monitored metric."),
    };

    /// <summary>Losses improve downwards; accuracy and F1 upwards.</summary>
    public static bool HigherIsBetter(this MonitoredMetric metric) =>
        metric is MonitoredMetric.ValidationAccuracy or MonitoredMetric.ValidationF1 or MonitoredMetric.TrainingAccuracy;

    /// <summary>Whether the metric needs the validation set.</summary>
    public static bool NeedsValidation(this MonitoredMetric metric) =>
        metric is MonitoredMetric.ValidationLoss or MonitoredMetric.ValidationAccuracy or MonitoredMetric.ValidationF1;

    /// <summary>The metric's value for an epoch; <paramref name="validationF1"/> is computed apart (history keeps loss and accuracy only).</summary>
    public static double? ValueOf(this MonitoredMetric metric, EpochMetrics epoch, double? validationF1)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return metric switch
        {
            MonitoredMetric.ValidationLoss => epoch.ValidationLoss,
            MonitoredMetric.ValidationAccuracy => epoch.ValidationAccuracy,
            MonitoredMetric.ValidationF1 => validationF1,
            MonitoredMetric.TrainingLoss => epoch.TrainLoss,
            MonitoredMetric.TrainingAccuracy => epoch.TrainAccuracy,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown monitored metric."),
        };
    }
}
