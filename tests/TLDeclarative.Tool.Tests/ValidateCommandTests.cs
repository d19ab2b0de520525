namespace TLDeclarative.Tool.Tests;

/// <summary><c>tl validate</c> end to end, in-process: exit codes, MSBuild-format lines, folder search, usage errors.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly ToolRun run = new();

    public void Dispose() => run.Dispose();

    [Fact]
    public void A_valid_spec_exits_0_and_prints_only_the_summary()
    {
        var spec = run.Write("cats.tl.yaml", Specs.Valid);

        var (exitCode, output, error) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Equal(["1 spec file checked: 0 errors, 0 warnings, 0 info"], output);
        Assert.Empty(error);
    }

    [Fact]
    public void A_broken_spec_exits_1_with_the_diagnostic_at_its_line_and_column()
    {
        var spec = run.Write("cats.tl.yaml", Specs.WithLine(15, "    freeze: { until: layer5 }"));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Equal(
            [
                $"{spec}(15,22): error TLD0009: Backbone 'resnet18' has no stage 'layer5'; its stages are: stem, layer1, layer2, layer3, layer4",
                "1 spec file checked: 1 error, 0 warnings, 0 info",
            ],
            output);
    }

    [Fact]
    public void A_type_error_is_reported_in_msbuild_format_and_never_coerced()
    {
        var spec = run.Write("cats.tl.yaml", Specs.WithLine(13, "    epochs: \"10\""));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Equal($"{spec}(13,13): error TLD0004: 'phases[0].epochs' must be an integer, but the value is the string \"10\"", output[0]);
    }

    [Fact]
    public void Warnings_are_printed_but_do_not_fail()
    {
        // Fine-tuning that freezes everything again after training layer4: TLD0011, a warning.
        var spec = run.Write("cats.tl.yaml", Specs.WithLine(11, "    freeze: { until: layer4 }").Replace("    freeze: { until: layer4 }\n    optimizer: { rmsprop", "    freeze: all\n    optimizer: { rmsprop", StringComparison.Ordinal));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Equal(2, output.Length);
        Assert.StartsWith($"{spec}(", output[0], StringComparison.Ordinal);
        Assert.Contains("): warning TLD0011: Phase 'fine_tuning' freezes more", output[0], StringComparison.Ordinal);
        Assert.Equal("1 spec file checked: 0 errors, 1 warning, 0 info", output[1]);
    }

    [Fact]
    public void Checks_experiment_names_the_generated_class_cannot_use_as_the_generator_does()
    {
        var spec = run.Write("run.tl.yaml", Specs.Named("Run"));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.StartsWith($"{spec}(1,13): error TLD0007: Experiment name 'Run' is not valid", output[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_syntax_error_is_a_diagnostic_at_its_position()
    {
        var spec = run.Write("cats.tl.yaml", Specs.WithLine(3, "classes: [cats, dogs"));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Matches(@"^.*cats\.tl\.yaml\(\d+,\d+\): error TLD0001: YAML syntax error: ", output[0]);
    }

    [Fact]
    public void A_folder_is_searched_recursively_for_specs_skipping_build_output_and_hidden_folders()
    {
        run.Write("a.tl.yaml", Specs.Named("Alpha"));
        var broken = run.Write(Path.Combine("nested", "deeper", "b.tl.yaml"), Specs.WithLine(15, "    freeze: { until: layer5 }"));
        run.Write(Path.Combine("nested", "C.TL.YAML"), Specs.Named("Gamma"));
        run.Write(Path.Combine("nested", "notes.yaml"), "not: a spec: at all");
        foreach (var skipped in new[] { "bin", "obj", ".git" })
            run.Write(Path.Combine(skipped, "x.tl.yaml"), "{{{ broken");

        var (exitCode, output, error) = ToolRun.Tl("validate", run.Folder);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Empty(error);
        Assert.Equal(
            [
                $"{broken}(15,22): error TLD0009: Backbone 'resnet18' has no stage 'layer5'; its stages are: stem, layer1, layer2, layer3, layer4",
                "3 spec files checked: 1 error, 0 warnings, 0 info",
            ],
            output);
    }

    [Fact]
    public void Files_and_folders_mix_and_a_file_named_twice_is_checked_once()
    {
        var first = run.Write(Path.Combine("one", "a.tl.yaml"), Specs.WithLine(13, "    epochs: 0"));
        run.Write(Path.Combine("two", "b.tl.yaml"), Specs.Named("Beta"));

        var (exitCode, output, _) = ToolRun.Tl("validate", first, Path.Combine(run.Folder, "one"), Path.Combine(run.Folder, "two"));

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Single(output, line => line.Contains("TLD0005", StringComparison.Ordinal));
        Assert.StartsWith($"{first}(13,13): error TLD0005:", output[0], StringComparison.Ordinal);
        Assert.Equal("2 spec files checked: 1 error, 0 warnings, 0 info", output[^1]);
    }

    [Fact]
    public void Extends_reads_base_specs_from_the_disk_and_reports_a_problem_in_a_base_at_the_base_file()
    {
        // The base (no experiment key) sets batch_size 0 on line 4; Child overrides it, Other and Third inherit it.
        var baseSpec = run.Write("base.tl.yaml", string.Join('\n', Specs.Valid.Split('\n').Skip(1)).Replace("batch_size: 32", "batch_size: 0", StringComparison.Ordinal));
        var child = run.Write("child.tl.yaml", "extends: base.tl.yaml\nexperiment: Child\ndata:\n  batch_size: 16\n");
        run.Write("other.tl.yaml", "extends: base.tl.yaml\nexperiment: Other\n");
        run.Write("third.tl.yaml", "extends: base.tl.yaml\nexperiment: Third\n");

        var alone = ToolRun.Tl("validate", child);
        var all = ToolRun.Tl("validate", run.Folder);

        Assert.Equal(ExitCodes.Valid, alone.ExitCode);
        Assert.Equal(["1 spec file checked: 0 errors, 0 warnings, 0 info"], alone.Output);
        Assert.Equal(ExitCodes.Invalid, all.ExitCode);
        Assert.Contains(all.Output, line => line.StartsWith($"{baseSpec}(1,1): info TLD0016:", StringComparison.Ordinal));
        var inBase = all.Output.Where(line => line.StartsWith($"{baseSpec}(3,", StringComparison.Ordinal) && line.Contains("error TLD0005: 'data.batch_size' must be", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, inBase.Count);
        Assert.EndsWith("(in the spec merged into other.tl.yaml)", inBase[0], StringComparison.Ordinal);
        Assert.EndsWith("(in the spec merged into third.tl.yaml)", inBase[1], StringComparison.Ordinal);
        Assert.Equal("4 spec files checked: 2 errors, 0 warnings, 1 info", all.Output[^1]);
    }

    [Fact]
    public void A_missing_base_spec_is_an_error_at_the_extends_value()
    {
        var spec = run.Write("lost.tl.yaml", "extends: missing.tl.yaml\nexperiment: Lost\n");

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.StartsWith($"{spec}(1,10): error TLD0014: Base spec 'missing.tl.yaml' not found", output[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_a_usage_error_with_exit_code_2()
    {
        var spec = run.Write("cats.tl.yaml", Specs.Valid);
        var missing = Path.Combine(run.Folder, "no-such.tl.yaml");

        var (exitCode, output, error) = ToolRun.Tl("validate", spec, missing);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(output);
        Assert.Contains($"no such file or folder: '{missing}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_specs_is_a_usage_error()
    {
        run.Write("readme.md", "# nothing here");

        var (exitCode, _, error) = ToolRun.Tl("validate", run.Folder);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("no *.tl.yaml files in folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("validate")]
    [InlineData("check x.tl.yaml")]
    [InlineData("--strict validate x.tl.yaml")]
    public void Bad_command_lines_exit_2_with_a_hint(string commandLine)
    {
        var (exitCode, _, error) = ToolRun.Tl(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("Run 'tl --help' for usage.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_validate_and_exits_0()
    {
        var (exitCode, output, _) = ToolRun.Tl("validate", "--help");

        Assert.Equal(0, exitCode);
        // The command is named after the running executable: `tl` once installed.
        Assert.Contains(output, line => line.EndsWith(" validate <paths>... [options]", StringComparison.Ordinal));
    }

    [Fact]
    public void Specs_with_the_new_data_backbone_and_training_settings_are_valid()
    {
        var spec = run.Write("onnx.tl.yaml", Specs.WithLine(4, "data: { train: lists/train.csv, validation_split: 0.2, image_size: 96, class_weights: { cats: 1, dogs: 2 }, sampler: weighted, corrupt_files: skip }")
            .Replace("backbone: { name: resnet18, weights: imagenet }", "backbone: { onnx: models/net.onnx, stages: [ { name: early, last_node: n10 }, { name: late, last_node: n20 } ] }", StringComparison.Ordinal)
            .Replace("{ until: layer4 }", "{ until: late }", StringComparison.Ordinal)
            .Replace("    epochs: 3\n  - name: fine_tuning", "    epochs: 3\n    early_stopping: { monitor: val_accuracy, patience: 2 }\n  - name: fine_tuning", StringComparison.Ordinal)
            + "\nfeature_cache: { views: 2 }\ncheckpoints: { monitor: val_f1 }\nevaluation: { top_k: 2, tta: true }\n");

        var (exitCode, output, error) = ToolRun.Tl("validate", spec);

        Assert.Contains("    early_stopping: { monitor: val_accuracy, patience: 2 }\n", File.ReadAllText(spec), StringComparison.Ordinal);
        Assert.Equal(["1 spec file checked: 0 errors, 0 warnings, 0 info"], output);
        Assert.Equal(ExitCodes.Valid, exitCode);
        Assert.Empty(error);
    }

    [Fact]
    public void New_settings_are_reported_at_their_line_and_column()
    {
        var spec = run.Write("cats.tl.yaml", Specs.WithLine(4, "data: { train: data/train, validation: data/validation, validation_split: 0.2, image_size: 96 }")
            .Replace("backbone: { name: resnet18, weights: imagenet }", "backbone: { onnx: models/net.onnx }", StringComparison.Ordinal));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Equal(
            [
                $"{spec}(4,75): error TLD0019: 'validation' and 'validation_split' cannot both be set in data: validate on a folder or list file, or hold out a fraction of the training images",
                "1 spec file checked: 1 error, 0 warnings, 0 info",
            ],
            output);
    }

    [Fact]
    public void Freeze_stages_of_an_onnx_backbone_are_checked_against_its_stages()
    {
        var spec = run.Write("cats.tl.yaml", Specs.Valid.Replace("backbone: { name: resnet18, weights: imagenet }", "backbone: { onnx: models/net.onnx }", StringComparison.Ordinal));

        var (exitCode, output, _) = ToolRun.Tl("validate", spec);

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Equal($"{spec}(15,22): error TLD0009: Backbone 'models/net.onnx' has no stage 'layer4'; its stages are: backbone", output[0]);
    }
}
