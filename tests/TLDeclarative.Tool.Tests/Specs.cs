namespace TLDeclarative.Tool.Tests;

/// <summary>Spec texts; line numbers in the tests are 1-based, as editors show them.</summary>
internal static class Specs
{
    public const string Valid = """
        experiment: CatsVsDogs
        seed: 42
        classes: [cats, dogs]
        data: { train: data/train, validation: data/validation, image_size: [150, 150], batch_size: 32 }
        backbone: { name: resnet18, weights: imagenet }
        head:
          pooling: global_average
          layers: [ { dropout: 0.2 } ]
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: 3
          - name: fine_tuning
            freeze: { until: layer4 }
            optimizer: { rmsprop: { learning_rate: 1.0e-5 } }
            epochs: 3
        output: artifacts/cats-vs-dogs
        """;

    /// <summary>The valid spec with one line replaced (1-based line number).</summary>
    public static string WithLine(int line, string replacement)
    {
        var lines = Valid.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    /// <summary>A valid spec for another experiment name.</summary>
    public static string Named(string experiment) => WithLine(1, $"experiment: {experiment}");
}
