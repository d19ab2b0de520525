namespace TLDeclarative.Spec { internal static class Placeholder { } }
