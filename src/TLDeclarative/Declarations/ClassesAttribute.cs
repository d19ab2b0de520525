namespace TLDeclarative.Declarations;

/// <summary>
/// The classes in label order (YAML <c>classes</c>): each becomes a member of the generated
/// <c>Label</c> enum (<c>cats</c> -> <c>Label.Cats</c>), and data folders are named after them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClassesAttribute : Attribute
{
    /// <param name="names">At least two class names: ASCII letters, digits and underscores, starting with a letter.</param>
    public ClassesAttribute(params string[] names) => Names = names;

    /// <summary>The class names in label order.</summary>
    public IReadOnlyList<string> Names { get; }
}
