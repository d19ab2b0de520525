namespace TLDeclarative.Tests.Reporting;

/// <summary>A clock the test moves by hand, so rates and ETAs are exact.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => ticks;

    public void Advance(TimeSpan by) => ticks += by.Ticks;
}
