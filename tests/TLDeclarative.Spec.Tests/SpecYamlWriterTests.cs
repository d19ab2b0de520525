using System.Globalization;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>The canonical YAML of a spec reads back to an equal spec (attribute experiments rely on it for their bundle).</summary>
public sealed class SpecYamlWriterTests
{
    [Fact]
    public void Tutorial_spec_round_trips()
    {
        var spec = SpecLoader.Load(SpecTexts.Valid).Document!.Spec;

        AssertRoundTrips(spec);
    }

    [Fact]
    public void Defaults_are_written_out_and_read_back_equal()
    {
        var spec = SpecLoader.Load("""
            experiment: Minimal
            classes: [a, b, c]
            data: { train: t, validation: v, image_size: 64 }
            backbone: { name: resnet18 }
            phases:
              - { name: only, freeze: none, optimizer: { sgd: { learning_rate: 0.01 } }, epochs: 1 }
            """).Document!.Spec;

        var text = AssertRoundTrips(spec);

        Assert.Contains("seed: 42\n", text, StringComparison.Ordinal);
        Assert.Contains("  image_size: [64, 64]\n", text, StringComparison.Ordinal);
        Assert.Contains("output: artifacts/Minimal\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("layers:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_kind_of_value_round_trips()
    {
        var spec = new ExperimentSpec(
            "Everything",
            0,
            new EquatableArray<string>(["t_shirt", "Ankle_boot2"]),
            new DataSpec("data/train", "data/val", "held-out/test", 180, 240, 1),
            new BackboneSpec("resnet18", "none"),
            new HeadSpec(PoolingKind.GlobalMax, new EquatableArray<HeadLayerSpec>(
            [
                new HeadLayerSpec(HeadLayerKind.Dense, 0, 256, ActivationKind.Relu),
                new HeadLayerSpec(HeadLayerKind.Dropout, 1.0 / 3, 0, ActivationKind.None),
                new HeadLayerSpec(HeadLayerKind.Dense, 0, 64, ActivationKind.None),
            ])),
            new AugmentationSpec(12.5, 0.1, 0, 0.3, 0.05, false, FillModeKind.Reflect),
            new EquatableArray<PhaseSpec>(
            [
                new PhaseSpec("a", FreezeSpec.All, new OptimizerSpec(OptimizerKind.Adam, 1e-4, 0), 1),
                new PhaseSpec("b", new FreezeSpec(FreezeKind.Until, "layer3"), new OptimizerSpec(OptimizerKind.RmsProp, 2.5e-5, 0.9), 2),
                new PhaseSpec("c", FreezeSpec.None, new OptimizerSpec(OptimizerKind.Sgd, 0.1, 0), 3),
                new PhaseSpec("d", FreezeSpec.None, new OptimizerSpec(OptimizerKind.Sgd, 1e-300, 5e-324), 4),
            ]),
            "out");

        AssertRoundTrips(spec);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("null")]
    [InlineData("True")]
    [InlineData("~")]
    [InlineData("123")]
    [InlineData("-dash")]
    [InlineData("a: b")]
    [InlineData("a #comment")]
    [InlineData("[not, a, list]")]
    [InlineData("{not: map}")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("%directive")]
    [InlineData("@at `tick` |pipe >fold")]
    [InlineData("quote \" backslash \\ tab \t newline \n return \r")]
    [InlineData("C:\\data\\val 'single'")]
    [InlineData("données/été \U0001F600")]
    [InlineData("line\u2028separator\u2029paragraph\u0085next")]
    [InlineData("nul \0 bell \a escape \u001B del \u007F bom \uFEFF")]
    [InlineData("lone \uD800 half \uDC00")]
    public void Strings_round_trip_whatever_they_hold(string value)
    {
        var spec = SpecLoader.Load(SpecTexts.Valid).Document!.Spec;

        AssertRoundTrips(spec with { Data = spec.Data with { Train = value, Test = value }, Output = value });
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture()
    {
        var spec = SpecLoader.Load(SpecTexts.Valid).Document!.Spec;
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var text = SpecYamlWriter.Write(spec);

            Assert.Contains("  width_shift: 0.2\n", text, StringComparison.Ordinal);
            Assert.Contains("learning_rate: 0.0001", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static string AssertRoundTrips(ExperimentSpec spec)
    {
        var text = SpecYamlWriter.Write(spec);

        var read = SpecReader.Read(text);

        Assert.True(read.Document is not null, text + "\n" + string.Join("\n", read.Diagnostics.Select(d => d.Format("spec"))));
        Assert.Equal(spec, read.Document.Spec);
        return text;
    }
}
