using System.Globalization;
using System.Reflection;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>Numbers never take the build machine's culture; spec strings never become code.</summary>
public sealed class CultureAndInjectionTests
{
    private static readonly string[] Payloads =
    [
        "\"); System.Environment.Exit(42); //",
        "\" + System.IO.File.ReadAllText(\"/etc/passwd\") + \"",
        "*/ } class Evil { } /*",
        "\\\"; #error injected",
        "line\n#line 1 \"evil.cs\"\nSystem.Environment.Exit(1);",
        "{0}{1} $\"{System.Environment.Exit(1)}\"",
        "\u2028#pragma warning disable\u2029",
    ];

    [Fact]
    public void Learning_rates_are_emitted_the_same_under_a_decimal_comma_culture()
    {
        var spec = TestFiles.Spec("cats-vs-dogs");
        var invariant = GeneratorRun.Run(spec).SingleSource();
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            german = GeneratorRun.Run(spec).SingleSource();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }

        Assert.Equal(invariant, german);
        Assert.Contains("optim.Adam(parameters, lr: 0.0001)", german, StringComparison.Ordinal);
        Assert.Contains("optim.RMSProp(parameters, lr: 1E-05)", german, StringComparison.Ordinal);
        Assert.Contains("WidthShift: 0.2,", german, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("validation")]
    [InlineData("test")]
    [InlineData("output")]
    public void Injection_strings_in_every_free_text_field_stay_data(string field)
    {
        foreach (var payload in Payloads)
        {
            var yamlValue = "\"" + payload.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\u2028", "\\L", StringComparison.Ordinal).Replace("\u2029", "\\P", StringComparison.Ordinal) + "\"";
            var text = Spec(field, yamlValue);

            var code = GeneratorRun.Run(("/project/inject.tl.yaml", text)).SingleSource();
            var compilation = CompileCheck.Compile("Injected", code);

            Assert.Empty(CompileCheck.Problems(compilation));
            Assert.DoesNotContain("class Evil", compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes()).OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Select(c => c.Identifier.Text), StringComparer.Ordinal);
            var definition = (TLDeclarative.ExperimentDefinition)CompileCheck.Load(compilation).GetType("Demo.Injected")!
                .GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var actual = field switch
            {
                "train" => definition.Data.Train,
                "validation" => definition.Data.Validation,
                "test" => definition.Data.Test,
                _ => definition.Output,
            };
            Assert.Equal(payload, actual);
            Assert.Equal(text, definition.SpecText);
        }
    }

    [Theory]
    [InlineData("experiment", "Evil; class X")]
    [InlineData("classes", "[cats, \"dogs = 1, Evil\"]")]
    [InlineData("phase", "\"x\\\"); Exit(1); //\"")]
    public void Names_that_would_become_code_are_rejected(string field, string value)
    {
        var text = field switch
        {
            "experiment" => Spec("train", "t").Replace("experiment: Injected", "experiment: " + value, StringComparison.Ordinal),
            "classes" => Spec("train", "t").Replace("classes: [cats, dogs]", "classes: " + value, StringComparison.Ordinal),
            _ => Spec("train", "t").Replace("name: only", "name: " + value, StringComparison.Ordinal),
        };

        var result = GeneratorRun.Run(("/project/inject.tl.yaml", text));

        Assert.Empty(result.GeneratedTrees);
        Assert.Contains(result.AllDiagnostics(), d => d.Id == "TLD0007");
    }

    private static string Spec(string field, string value)
    {
        string Value(string name, string fallback) => field == name ? value : fallback;
        return $$"""
            experiment: Injected
            classes: [cats, dogs]
            data:
              train: {{Value("train", "t")}}
              validation: {{Value("validation", "v")}}
              test: {{Value("test", "x")}}
              image_size: 64
            backbone: { name: resnet18 }
            phases:
              - name: only
                freeze: all
                optimizer: { adam: { learning_rate: 0.001 } }
                epochs: 1
            output: {{Value("output", "out")}}
            """;
    }
}
