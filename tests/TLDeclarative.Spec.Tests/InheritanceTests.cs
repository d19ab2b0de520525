using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary><c>extends</c>: deep-merged mappings, replaced lists, chains, and every way a chain can break.</summary>
public sealed class InheritanceTests
{
    // Line numbers (1-based) are referred to below.
    private const string Base = """
        seed: 7
        classes: [cats, dogs]
        data:
          train: data/train
          validation: data/validation
          image_size: [150, 150]
          batch_size: 16
        backbone: { name: resnet18, weights: imagenet }
        head:
          pooling: global_max
          layers:
            - dropout: 0.2
            - dense: 64
        augmentation: { rotation: 20, zoom: 0.2, horizontal_flip: true }
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: 10
        output: artifacts/base
        """;

    private const string Child = """
        extends: base.tl.yaml
        experiment: Child
        data:
          batch_size: 32
        augmentation: { zoom: 0.1 }
        head:
          layers: [ { dropout: 0.5 } ]
        """;

    [Fact]
    public void Mappings_merge_key_by_key_and_the_extending_spec_wins()
    {
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", Base));

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal("Child", spec.Name);
        Assert.Equal(7, spec.Seed);
        Assert.Equal(new DataSpec("data/train", "data/validation", null, 150, 150, 32), spec.Data);
        Assert.Equal(new AugmentationSpec(20, 0, 0, 0, 0.1, true, FillModeKind.Nearest), spec.Augmentation);
        Assert.Equal(PoolingKind.GlobalMax, spec.Head.Pooling);
        Assert.Equal("artifacts/base", spec.Output);
        Assert.Equal(["/p/base.tl.yaml"], result.BaseFiles);
    }

    [Fact]
    public void Lists_are_replaced_whole_not_merged()
    {
        var result = Load(("/p/child.tl.yaml", Child + "\nclasses: [a, b, c]"), ("/p/base.tl.yaml", Base));

        var spec = result.Document!.Spec;
        Assert.Equal([new HeadLayerSpec(HeadLayerKind.Dropout, 0.5, 0, ActivationKind.None)], spec.Head.Layers);
        Assert.Equal(["a", "b", "c"], spec.Classes);
    }

    [Fact]
    public void A_base_may_extend_another_base()
    {
        var middle = """
            extends: ../base.tl.yaml
            seed: 9
            backbone: { weights: none }
            """;
        var top = """
            extends: middle/middle.tl.yaml
            experiment: Top
            data: { image_size: 64 }
            """;

        var result = Load(("/p/top.tl.yaml", top), ("/p/middle/middle.tl.yaml", middle), ("/p/base.tl.yaml", Base));

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal((9, 64, 64, 16), (spec.Seed, spec.Data.ImageHeight, spec.Data.ImageWidth, spec.Data.BatchSize));
        Assert.Equal(new BackboneSpec("resnet18", "none"), spec.Backbone);
        Assert.Equal(["/p/middle/middle.tl.yaml", "/p/base.tl.yaml"], result.BaseFiles);
    }

    [Fact]
    public void A_spec_may_extend_a_complete_experiment_and_rename_it()
    {
        var complete = SpecTexts.Valid;
        var longer = "extends: cats.tl.yaml\nexperiment: CatsLonger\nseed: 8\n";

        var result = Load(("/p/longer.tl.yaml", longer), ("/p/cats.tl.yaml", complete));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(("CatsLonger", 8), (result.Document!.Spec.Name, result.Document.Spec.Seed));
        Assert.Equal(SpecLoader.Load(complete).Document!.Spec.Phases, result.Document.Spec.Phases);
    }

    [Fact]
    public void Cycle_is_reported_at_the_extends_value_of_each_spec_in_it()
    {
        var a = "extends: b.tl.yaml\nexperiment: A\n";
        var b = "experiment: B\nextends: a.tl.yaml\n";
        (string, string)[] files = [("/p/a.tl.yaml", a), ("/p/b.tl.yaml", b)];

        var atA = Assert.Single(Load(files).Diagnostics);
        var atB = Assert.Single(Load(files[1], files[0]).Diagnostics);

        AssertAt(atA, "TLD0015", SpecSeverity.Error, 1, 10);
        Assert.Equal("'extends' leads back to this spec: a.tl.yaml -> b.tl.yaml -> a.tl.yaml", atA.Message);
        AssertAt(atB, "TLD0015", SpecSeverity.Error, 2, 10);
        Assert.Equal("'extends' leads back to this spec: b.tl.yaml -> a.tl.yaml -> b.tl.yaml", atB.Message);
    }

    [Fact]
    public void Extending_itself_is_a_cycle()
    {
        var diagnostic = Assert.Single(Load(("/p/a.tl.yaml", "experiment: A\nextends: ./a.tl.yaml\n")).Diagnostics);

        AssertAt(diagnostic, "TLD0015", SpecSeverity.Error, 2, 10);
        Assert.EndsWith("a.tl.yaml -> a.tl.yaml", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_further_up_the_chain_makes_the_base_broken()
    {
        var result = Load(
            ("/p/a.tl.yaml", "extends: b.tl.yaml\nexperiment: A\n"),
            ("/p/b.tl.yaml", "extends: c.tl.yaml\n"),
            ("/p/c.tl.yaml", "extends: b.tl.yaml\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0017", SpecSeverity.Error, 1, 10);
        Assert.Equal(
            "Base spec 'b.tl.yaml' has 1 error; the first: b.tl.yaml(1,10): TLD0015: 'extends' leads back to this spec: b.tl.yaml -> c.tl.yaml -> b.tl.yaml",
            diagnostic.Message);
    }

    [Fact]
    public void A_chain_longer_than_the_limit_is_refused()
    {
        var files = Enumerable.Range(0, SpecExtends.MaxChain + 3)
            .Select(i => ("/p/s" + i + ".tl.yaml", (i == 0 ? "experiment: S\n" : string.Empty) + "extends: s" + (i + 1) + ".tl.yaml\n"))
            .Append(("/p/s" + (SpecExtends.MaxChain + 3) + ".tl.yaml", Base))
            .ToArray();

        var diagnostic = Assert.Single(Load(files).Diagnostics);

        AssertAt(diagnostic, "TLD0012", SpecSeverity.Error, 2, 10);
        Assert.Contains("base specs extend each other more than 16 levels deep", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_in_a_base_do_not_blow_up_the_merge()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\n";

        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", bomb));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TLD0017", diagnostic.Id);
        Assert.Contains("has 6 errors", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_base_is_reported_at_the_extends_value()
    {
        var result = Load(("/p/specs/child.tl.yaml", "experiment: Child\nextends:   ../bases/gone.tl.yaml\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0014", SpecSeverity.Error, 2, 12);
        Assert.StartsWith("Base spec '../bases/gone.tl.yaml' not found: no spec file /p/bases/gone.tl.yaml", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void A_spec_without_a_path_cannot_extend()
    {
        var diagnostic = Assert.Single(SpecLoader.Load("extends: base.tl.yaml\nexperiment: A\n").Diagnostics);

        AssertAt(diagnostic, "TLD0014", SpecSeverity.Error, 1, 10);
        Assert.Contains("own path is unknown", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extends: base.yaml", "'base.yaml'")]
    [InlineData("extends: [base.tl.yaml]", "a list")]
    [InlineData("extends: ", "''")]
    public void Extends_must_name_a_spec_file(string line, string shown)
    {
        var diagnostic = Assert.Single(Load(("/p/a.tl.yaml", "experiment: A\n" + line + "\n"), ("/p/base.yaml", Base)).Diagnostics);

        Assert.Equal(("TLD0004", 2), (diagnostic.Id, diagnostic.Span.StartLine));
        Assert.Equal("'extends' must be the path of a .tl.yaml file, relative to this spec, but the value is " + shown, diagnostic.Message);
    }

    [Fact]
    public void A_merged_value_is_reported_where_it_is_written_in_the_base()
    {
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", Base.Replace("epochs: 10", "epochs: 0", StringComparison.Ordinal)));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0005", SpecSeverity.Error, 19, 13);
        Assert.Equal("/p/base.tl.yaml", diagnostic.Span.FilePath);
        Assert.Equal("'phases[0].epochs' must be between 1 and 100000, but is 0 (in the spec merged into child.tl.yaml)", diagnostic.Message);
        Assert.StartsWith("/p/base.tl.yaml(19,13): error TLD0005:", diagnostic.Format("/p/child.tl.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_extending_spec_writes_is_reported_in_its_own_file()
    {
        var result = Load(("/p/child.tl.yaml", Child.Replace("batch_size: 32", "batch_size: 0", StringComparison.Ordinal)), ("/p/base.tl.yaml", Base));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0005", SpecSeverity.Error, 4, 15);
        Assert.Null(diagnostic.Span.FilePath);
    }

    [Fact]
    public void A_cross_check_between_files_points_at_the_value_in_the_base()
    {
        // The freeze stage is the base's; the backbone it must belong to is fine: a stage typo in the base.
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", Base.Replace("freeze: all", "freeze: { until: layr4 }", StringComparison.Ordinal)));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0009", SpecSeverity.Error, 17, 22);
        Assert.Equal("/p/base.tl.yaml", diagnostic.Span.FilePath);
    }

    [Fact]
    public void Missing_key_of_a_merged_mapping_points_at_the_extending_specs_mapping()
    {
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", Base.Replace("  validation: data/validation\n", string.Empty, StringComparison.Ordinal)));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0020", SpecSeverity.Error, 4, 3);
        Assert.Null(diagnostic.Span.FilePath);
        Assert.Equal("data needs 'validation' or 'validation_split': validate on a folder or list file, or hold out a fraction of the training images", diagnostic.Message);
    }

    [Fact]
    public void An_extending_spec_may_switch_from_the_bases_validation_folder_to_a_split()
    {
        var child = Child.Replace("  batch_size: 32\n", "  batch_size: 32\n  validation_split: 0.25\n", StringComparison.Ordinal);

        var result = Load(("/p/child.tl.yaml", child), ("/p/base.tl.yaml", Base));

        Assert.Empty(result.Diagnostics);
        Assert.Equal((string.Empty, 0.25), (result.Document!.Spec.Data.Validation, result.Document.Spec.Data.ValidationSplit));
    }

    [Fact]
    public void Both_alternatives_in_one_file_are_still_an_error_when_merged()
    {
        var child = Child.Replace("  batch_size: 32\n", "  batch_size: 32\n  validation: v\n  validation_split: 0.25\n", StringComparison.Ordinal);

        var diagnostic = Assert.Single(Load(("/p/child.tl.yaml", child), ("/p/base.tl.yaml", Base)).Diagnostics);

        AssertAt(diagnostic, "TLD0019", SpecSeverity.Error, 6, 21);
    }

    [Fact]
    public void A_base_with_errors_of_its_own_is_one_error_at_the_extends_value()
    {
        var broken = Base.Replace("  batch_size: 16", "  batch_sise: 16", StringComparison.Ordinal).Replace("seed: 7", "seed: seven", StringComparison.Ordinal);

        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", broken));

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "TLD0017", SpecSeverity.Error, 1, 10);
        Assert.Equal(
            "Base spec 'base.tl.yaml' has 2 errors; the first: base.tl.yaml(1,7): TLD0004: 'seed' must be an integer, but the value is 'seven'",
            diagnostic.Message);
        Assert.Null(result.Document);
    }

    [Fact]
    public void A_base_with_a_yaml_syntax_error_is_one_error_at_the_extends_value()
    {
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", "classes: [cats, dogs\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TLD0017", diagnostic.Id);
        Assert.Matches(@"the first: base\.tl\.yaml\([0-9]+,[0-9]+\): TLD0001: YAML syntax error", diagnostic.Message);
    }

    [Fact]
    public void The_extending_specs_own_problems_are_still_reported_when_its_base_is_broken()
    {
        var result = Load(("/p/child.tl.yaml", Child + "\nsed: 3"), ("/p/base.tl.yaml", "seed: x\n"));

        Assert.Equal(["TLD0017", "TLD0002"], result.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void A_spec_without_an_experiment_key_is_a_base()
    {
        var result = Load(("/p/base.tl.yaml", Base));

        var info = Assert.Single(result.Diagnostics);
        AssertAt(info, "TLD0016", SpecSeverity.Info, 1, 1);
        Assert.Equal("'base.tl.yaml' has no 'experiment' key, so it is a base spec: no code is generated from it, and it is checked with each spec that extends it", info.Message);
        Assert.True(result.IsBase);
        Assert.Null(result.Document);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void A_base_is_checked_for_unknown_keys_and_types_on_its_own()
    {
        var result = Load(("/p/base.tl.yaml", "experimnet: Typo\ndata: { batch_size: many }\n"));

        Assert.Equal(["TLD0016", "TLD0002", "TLD0004"], result.Diagnostics.Select(d => d.Id));
        Assert.Contains("did you mean 'experiment'?", result.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_text_reads_back_to_the_same_spec()
    {
        var result = Load(("/p/child.tl.yaml", Child), ("/p/base.tl.yaml", Base));

        Assert.StartsWith("# child.tl.yaml merged with its base specs: base.tl.yaml\n", result.MergedText, StringComparison.Ordinal);
        Assert.DoesNotContain("extends", result.MergedText, StringComparison.Ordinal);
        var reread = SpecLoader.Load(result.MergedText!);
        Assert.Empty(reread.Diagnostics);
        Assert.Equal(result.Document!.Spec, reread.Document!.Spec);
        Assert.Null(SpecLoader.Load(SpecTexts.Valid).MergedText);
    }

    [Fact]
    public void Loads_from_the_disk()
    {
        var folder = Directory.CreateTempSubdirectory("tl-extends-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "base.tl.yaml"), Base);
            var child = Path.Combine(folder.FullName, "child.tl.yaml");
            File.WriteAllText(child, Child);

            var result = SpecLoader.LoadFile(child);

            Assert.Empty(result.Diagnostics);
            Assert.Equal(32, result.Document!.Spec.Data.BatchSize);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("/p/specs/a.tl.yaml", "base.tl.yaml", "/p/specs/base.tl.yaml")]
    [InlineData("/p/specs/a.tl.yaml", "./../bases//b.tl.yaml", "/p/bases/b.tl.yaml")]
    [InlineData("/p/a.tl.yaml", "/elsewhere/b.tl.yaml", "/elsewhere/b.tl.yaml")]
    [InlineData("/a.tl.yaml", "../../b.tl.yaml", "/b.tl.yaml")]
    [InlineData(@"C:\p\specs\a.tl.yaml", "../bases/b.tl.yaml", @"C:\p\bases\b.tl.yaml")]
    [InlineData(@"C:\p\a.tl.yaml", @"..\..\b.tl.yaml", @"C:\b.tl.yaml")]
    [InlineData("a.tl.yaml", "b.tl.yaml", "b.tl.yaml")]
    public void Extends_paths_resolve_against_the_specs_folder(string spec, string relative, string expected)
    {
        Assert.Equal(expected, SpecPaths.Resolve(spec, relative));
    }

    private static SpecReadResult Load(params (string Path, string Text)[] files)
    {
        var texts = files.ToDictionary(f => f.Path, f => f.Text);
        return SpecLoader.Load(files[0].Path, files[0].Text, path => texts.GetValueOrDefault(path));
    }

    private static void AssertAt(SpecDiagnostic diagnostic, string id, SpecSeverity severity, int line, int column) =>
        Assert.Equal((id, severity, line, column), (diagnostic.Id, diagnostic.Severity, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
}
