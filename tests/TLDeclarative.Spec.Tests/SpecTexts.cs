namespace TLDeclarative.Spec.Tests;

/// <summary>Spec texts the tests start from; each test breaks one thing.</summary>
internal static class SpecTexts
{
    /// <summary>The tutorial's experiment. Line numbers below are 1-based, as editors show them.</summary>
    public const string Valid = """
        experiment: CatsVsDogs
        seed: 7
        classes: [cats, dogs]
        data:
          train: data/train
          validation: data/validation
          image_size: [150, 160]
          batch_size: 16
        backbone: { name: resnet18, weights: imagenet }
        head:
          pooling: global_average
          layers:
            - dropout: 0.2
            - dense: { units: 64, activation: relu }
        augmentation:
          rotation: 20
          width_shift: 0.2
          height_shift: 0.1
          shear: 0.2
          zoom: 0.3
          horizontal_flip: true
          fill_mode: reflect
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: 10
          - name: fine_tuning
            freeze: { until: layer4 }
            optimizer: { rmsprop: { learning_rate: 1.0e-5, momentum: 0.5 } }
            epochs: 5
        output: artifacts/cats
        """;

    /// <summary>The valid spec with one line replaced (1-based line number).</summary>
    public static string WithLine(int line, string replacement)
    {
        var lines = Valid.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }
}
