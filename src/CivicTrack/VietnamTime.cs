namespace CivicTrack;

/// <summary>Business dates are Vietnam dates (UTC+7, no daylight saving), whatever the server's zone.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
