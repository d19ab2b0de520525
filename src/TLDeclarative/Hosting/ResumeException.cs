namespace TLDeclarative.Hosting;

/// <summary>A run cannot be resumed as asked: no checkpoint, a changed spec or settings, a damaged checkpoint, or a finished run.</summary>
public sealed class ResumeException : Exception
{
    public ResumeException(string message)
        : base(message)
    {
    }

    public ResumeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ResumeException()
    {
    }
}
