using Json.Schema;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Schema;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Tests;

/// <summary>
/// One description of every key (<see cref="SpecSchema"/>) behind the reader, the validator, the
/// JSON Schema editors use and the reference docs: the committed files are current, and the schema
/// accepts what the reader accepts and refuses what it refuses.
/// </summary>
public sealed class SchemaTests
{
    private const string SchemaFile = "schema/tl.schema.json";
    private const string ReferenceFile = "docs/spec-reference.md";

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(GeneratedFiles.PathOf(SchemaFile))));

    [Fact]
    public void Committed_json_schema_is_current()
    {
        GeneratedFiles.Verify(SchemaFile, JsonSchemaWriter.Write());
    }

    [Fact]
    public void Committed_spec_reference_table_is_current()
    {
        var document = File.ReadAllText(GeneratedFiles.PathOf(ReferenceFile));

        Assert.Contains(SpecReferenceWriter.BeginMarker, document, StringComparison.Ordinal);
        GeneratedFiles.Verify(ReferenceFile, SpecReferenceWriter.Update(document));
    }

    [Fact]
    public void Every_key_is_in_the_reference_table()
    {
        var table = SpecReferenceWriter.WriteTable();

        Assert.All(SpecSchema.All.Where(n => n.Key.Length > 0), node => Assert.Contains("| `" + node.Path + "` |", table, StringComparison.Ordinal));
        Assert.Contains("| `phases[].optimizer.rmsprop.momentum` | number [0, 1) | `0` |", table, StringComparison.Ordinal);
        Assert.Contains("| `data.image_size` | integer 1..4096 or list of integer 1..4096, exactly 2 | required |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_spec_is_valid_against_the_schema()
    {
        AssertValid(File.ReadAllText(GeneratedFiles.PathOf("examples/CatsVsDogs/cats-vs-dogs.tl.yaml")));
    }

    [Fact]
    public void Every_key_of_the_example_is_a_schema_key()
    {
        // Without a validator: walk the example and find each key's path among the schema's.
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(GeneratedFiles.PathOf("examples/CatsVsDogs/cats-vs-dogs.tl.yaml"))));
        var paths = SpecSchema.All.Select(n => n.Path).ToHashSet(StringComparer.Ordinal);

        var keys = KeyPaths(stream.Documents[0].RootNode, string.Empty).ToList();

        Assert.Contains("phases[].optimizer.adam.learning_rate", keys);
        Assert.All(keys, key => Assert.Contains(key, paths));
    }

    [Theory]
    [InlineData("flowers")]
    [InlineData("fashion-sgd")]
    [InlineData("odd-strings")]
    [InlineData("data-and-callbacks")]
    [InlineData("onnx-backbone")]
    public void Test_specs_are_valid_against_the_schema(string name)
    {
        AssertValid(File.ReadAllText(GeneratedFiles.PathOf("tests/TLDeclarative.Generators.Tests/Specs/" + name + ".tl.yaml")));
    }

    [Fact]
    public void The_spec_tests_valid_spec_is_valid_against_the_schema()
    {
        AssertValid(SpecTexts.Valid);
    }

    [Fact]
    public void Written_specs_are_valid_against_the_schema()
    {
        // What SpecYamlWriter writes for experiments declared with attributes goes into model bundles.
        AssertValid(Yaml.SpecYamlWriter.Write(SpecLoader.Load(SpecTexts.Valid).Document!.Spec));
    }

    [Fact]
    public void Base_specs_and_extending_specs_need_no_required_keys()
    {
        AssertValid("data: { train: t }\nbackbone: { weights: none }\n");
        AssertValid("extends: base.tl.yaml\nexperiment: Child\nseed: 3\n");
        AssertInvalid("experiment: Incomplete\nseed: 3\n");
        AssertInvalid("extends: base.yaml\nexperiment: Child\n");
    }

    [Theory]
    [InlineData(2, "sed: 7")]
    [InlineData(22, "  fill_mode: wrap")]
    [InlineData(27, "    epochs: 0")]
    [InlineData(27, "    epochs: \"10\"")]
    [InlineData(21, "  horizontal_flip: yes")]
    [InlineData(13, "    - dropout: 1.0")]
    [InlineData(26, "    optimizer: { adam: { learning_rate: 0 } }")]
    [InlineData(26, "    optimizer: { adam: { learning_rate: 1.0e-4 }, sgd: { learning_rate: 1.0e-4 } }")]
    [InlineData(26, "    optimizer: { adam: { learning_rate: 1.0e-4, momentum: 0.9 } }")]
    [InlineData(29, "    freeze: some")]
    [InlineData(7, "  image_size: [150, 160, 3]")]
    [InlineData(1, "experiment: 1Cats")]
    [InlineData(3, "classes: [cats]")]
    [InlineData(9, "backbone: { name: resnet81, weights: imagenet }")]
    public void Schema_refuses_what_the_reader_refuses(int line, string replacement)
    {
        var text = SpecTexts.WithLine(line, replacement);
        Assert.True(SpecLoader.Load(text).HasErrors, "the reader accepts it");

        AssertInvalid(text);
    }

    [Fact]
    public void Defaults_in_the_schema_are_the_readers_defaults()
    {
        var spec = SpecLoader.Load("""
            experiment: Minimal
            classes: [a, b]
            data: { train: t, validation: v, image_size: 64 }
            backbone: { name: resnet18 }
            head: { layers: [ { dense: { units: 8 } } ] }
            augmentation: {}
            phases: [ { name: p, freeze: all, optimizer: { sgd: { learning_rate: 0.1 } }, epochs: 1 } ]
            """).Document!.Spec;

        Assert.Equal(Default("seed"), spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Default("data.batch_size"), spec.Data.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Default("backbone.weights"), spec.Backbone.Weights);
        Assert.Equal(SpecSchema.EnumOf<PoolingKind>([Default("head.pooling")]).Single().Value, spec.Head.Pooling);
        Assert.Equal(SpecSchema.EnumOf<ActivationKind>([Default("head.layers[].dense.activation")]).Single().Value, spec.Head.Layers[0].Activation);
        Assert.Equal(SpecSchema.EnumOf<FillModeKind>([Default("augmentation.fill_mode")]).Single().Value, spec.Augmentation.FillMode);
        Assert.Equal(bool.Parse(Default("augmentation.horizontal_flip")), spec.Augmentation.HorizontalFlip);
        Assert.All(
            ["augmentation.rotation", "augmentation.width_shift", "augmentation.height_shift", "augmentation.shear", "augmentation.zoom", "phases[].optimizer.sgd.momentum"],
            path => Assert.Equal("0", Default(path)));
        Assert.Equal(AugmentationSpec.None with { FillMode = spec.Augmentation.FillMode }, spec.Augmentation);
        Assert.Equal(0, spec.Phases[0].Optimizer.Momentum);
        Assert.Equal("artifacts/Minimal", spec.Output);
    }

    [Fact]
    public void Every_node_is_described()
    {
        Assert.All(SpecSchema.All, node => Assert.False(string.IsNullOrWhiteSpace(node.Description), node.Path));
        Assert.All(SpecSchema.All.Where(n => n.Kind == SchemaKind.Mapping), node => Assert.False(string.IsNullOrEmpty(node.Label), node.Path));
        Assert.All(SpecSchema.All.Where(n => n.Kind is SchemaKind.Integer or SchemaKind.Number), node => Assert.NotNull(node.Range));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1e-9, true)]
    [InlineData(1.0, true)]
    [InlineData(1.5, false)]
    public void Ranges_check_and_say_the_same(double value, bool allowed)
    {
        Assert.Equal(allowed, SpecSchema.LearningRate.Contains(value));
        Assert.Equal("greater than 0 and at most 1", SpecSchema.LearningRate.Text);
        Assert.Equal("a fraction of the width in [0, 1)", SpecSchema.WidthShift.Text);
        Assert.Equal("between 0 and 180 degrees", SpecSchema.Rotation.Text);
        Assert.Equal("0 or more", SpecSchema.Seed.Text);
    }

    private static string Default(string path) => SpecSchema.All.Single(n => n.Path == path && n.Key.Length > 0).Default!;

    private static IEnumerable<string> KeyPaths(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                var child = path.Length == 0 ? ((YamlScalarNode)key).Value! : path + "." + ((YamlScalarNode)key).Value;
                yield return child;
                foreach (var below in KeyPaths(value, child))
                    yield return below;
            }
        }
        else if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                foreach (var below in KeyPaths(item, path + "[]"))
                    yield return below;
            }
        }
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Value.Evaluate(
            System.Text.Json.JsonSerializer.SerializeToElement(SpecYamlAsJson.Convert(yaml)),
            new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static void AssertValid(string yaml)
    {
        var results = Evaluate(yaml);
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))));
    }

    private static void AssertInvalid(string yaml) => Assert.False(Evaluate(yaml).IsValid, "the schema accepts:\n" + yaml);
}
