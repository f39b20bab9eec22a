namespace CivicTrack.Tests.Infrastructure;

/// <summary>A clock a test sets: deadlines, timeliness and reminders depend on what day it is in Vietnam.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>Sets the clock to a Vietnam-time moment.</summary>
    public void Set(int year, int month, int day, int hour = 10) => Now = new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7));

    public static TestClock At(int year, int month, int day, int hour = 10) => new(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7)));
}
