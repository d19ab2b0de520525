using System.Globalization;
using TLDeclarative.Generators.Helpers;

namespace TLDeclarative.Generators.Tests;

/// <summary>Spec values become C# literals that parse back to exactly the same value, in any culture.</summary>
public sealed class LiteralTests
{
    [Theory]
    [InlineData(20.0, "20")]
    [InlineData(0.2, "0.2")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(2.5e-5, "2.5E-05")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e20, "1E+20")]
    [InlineData(0.0, "0")]
    public void Doubles_print_short_and_round_trip(double value, string expected)
    {
        Assert.Equal(expected, CSharpLiteral.Double(value));
        Assert.Equal(value, double.Parse(CSharpLiteral.Double(value), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Doubles_ignore_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("0.2", CSharpLiteral.Double(0.2));
            Assert.Equal("-12", CSharpLiteral.Int(-12));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("data/train", "\"data/train\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\data", "\"C:\\\\data\"")]
    [InlineData("a\nb\r\tc\0", "\"a\\nb\\r\\tc\\0\"")]
    [InlineData("été", "\"été\"")]
    [InlineData("line\u2028sep\u0085", "\"line\\u2028sep\\u0085\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    [InlineData("{0} */ // #", "\"{0} */ // #\"")]
    public void Strings_are_escaped(string value, string expected)
    {
        Assert.Equal(expected, CSharpLiteral.String(value));
    }

    [Fact]
    public void Lone_surrogates_are_escaped_and_pairs_kept()
    {
        // Not [InlineData]: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
        Assert.Equal("\"\\uD800 lone \\uDC00\"", CSharpLiteral.String("\ud800 lone \udc00"));
        Assert.Equal("\"\ud83d\ude00\"", CSharpLiteral.String("\ud83d\ude00"));
    }

    [Theory]
    [InlineData("CatsVsDogs", "Ignored", "CatsVsDogs")]
    [InlineData("Company.Product", null, "Company.Product")]
    [InlineData(null, "my-app", "my_app")]
    [InlineData("", "My.App", "My.App")]
    [InlineData("  ", "1st.class", "_1st.@class")]
    [InlineData(null, null, null)]
    [InlineData("..", null, null)]
    public void Namespace_is_the_root_namespace_else_the_assembly_name(string? rootNamespace, string? assemblyName, string? expected)
    {
        Assert.Equal(expected, NamespaceNames.Resolve(rootNamespace, assemblyName));
    }
}
