using System.Text.RegularExpressions;

namespace TLDeclarative.IntegrationTests;

/// <summary>
/// `dotnet build` of a real consumer: spec errors fail the build at the YAML line and column,
/// and a valid spec generates a class that compiles warning-free with the generator's dependencies
/// (TLDeclarative.Spec, YamlDotNet) loaded from its analyzer references.
/// </summary>
public sealed partial class GeneratorBuildTests(ConsumerProject project) : IClassFixture<ConsumerProject>
{
    private static string ExampleSpec => File.ReadAllText(
        Path.Combine(ConsumerProject.RepositoryRoot(), "examples", "CatsVsDogs", "cats-vs-dogs.tl.yaml"));

    [Fact]
    public async Task Broken_spec_fails_the_build_at_its_line_and_column()
    {
        // Line 31 of the example is "    epochs: 3" of the first phase (which starts on line 28); a typo in its key.
        var lines = ExampleSpec.Split('\n');
        Assert.Equal("    epochs: 3", lines[30]);
        lines[30] = "    epochz: 3";
        project.WriteSpecs(("specs/broken.tl.yaml", string.Join('\n', lines)));
        project.WriteSource("Uses.cs", "namespace Consumer;\n\n/// <summary>Nothing.</summary>\npublic static class Uses { }\n");

        var (exitCode, output) = await project.BuildAsync();

        Assert.NotEqual(0, exitCode);
        var errors = ErrorLine().Matches(output).Select(m => m.Value).Distinct().ToList();
        Assert.Contains(errors, e => e.Contains("broken.tl.yaml(31,5): error TLD0002: Unknown key 'epochz' in a phase (did you mean 'epochs'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("broken.tl.yaml(28,5): error TLD0003: Missing required key 'epochs' in a phase", StringComparison.Ordinal));
        Assert.DoesNotContain("TLD9999", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS878", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_spec_builds_and_generates_the_experiment_class()
    {
        project.WriteSpecs(("cats-vs-dogs.tl.yaml", ExampleSpec));
        project.WriteSource("Uses.cs", """
            namespace Consumer;

            /// <summary>Uses what the generator made, as a program would.</summary>
            public static class Uses
            {
                /// <summary>A label.</summary>
                public static CatsVsDogs.Label Dogs => CatsVsDogs.Label.Dogs;

                /// <summary>The experiment's name.</summary>
                public static string Name => CatsVsDogs.Definition.Name;

                /// <summary>The command line.</summary>
                public static int Run(string[] args) => CatsVsDogs.Run(args);
            }
            """);

        var (exitCode, output) = await project.BuildAsync();

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
        var generated = project.GeneratedFile("CatsVsDogs");
        Assert.NotNull(generated);
        Assert.Contains("namespace " + ConsumerProject.RootNamespace + ";", File.ReadAllText(generated), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_in_a_base_spec_fails_the_build_at_the_base_files_line()
    {
        // The example without its experiment name is a base; a variant in another folder extends it.
        var lines = ExampleSpec.Split('\n').Where(line => !line.StartsWith("experiment:", StringComparison.Ordinal)).ToArray();
        var epochs = Array.IndexOf(lines, "    epochs: 3");
        lines[epochs] = "    epochs: 0";
        project.WriteSpecs(
            ("specs/base.tl.yaml", string.Join('\n', lines)),
            ("specs/variants/small.tl.yaml", "extends: ../base.tl.yaml\nexperiment: Small\ndata: { image_size: 64 }\n"));
        project.WriteSource("Uses.cs", "namespace Consumer;\n\n/// <summary>Nothing.</summary>\npublic static class Uses { }\n");

        var (exitCode, output) = await project.BuildAsync();

        Assert.NotEqual(0, exitCode);
        var errors = ErrorLine().Matches(output).Select(m => m.Value).Distinct().ToList();
        var expected = "base.tl.yaml(" + (epochs + 1) + ",13): error TLD0005: 'phases[0].epochs' must be between 1 and 100000, but is 0 (in the spec merged into small.tl.yaml)";
        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), string.Join('\n', errors));
        Assert.DoesNotContain("TLD0014", output, StringComparison.Ordinal);
        Assert.DoesNotContain("TLD9999", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^.*: error [A-Z]+\d+: .*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
