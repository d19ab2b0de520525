namespace TLDeclarative.Data;

/// <summary>
/// A data set on disk does not match what the experiment declares, or one of its files cannot be read.
/// The message always names the offending folder or file, so a person can fix it without a debugger.
/// </summary>
public sealed class DataSetException : Exception
{
    public DataSetException() { }

    public DataSetException(string message) : base(message) { }

    public DataSetException(string message, Exception innerException) : base(message, innerException) { }
}
