namespace CivicTrack.Engine.Time;

/// <summary>Business dates are Vietnam dates (UTC+7, no daylight saving), whatever the server's zone.</summary>
public static class VietnamTime
{
    /// <summary>Vietnam's offset from UTC, the same all year.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>Today's date in Vietnam by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Day(clock.GetUtcNow());
    }

    /// <summary>The Vietnam date of <paramref name="moment"/>, whatever offset it is written with.</summary>
    public static DateOnly Day(DateTimeOffset moment) => DateOnly.FromDateTime(moment.ToOffset(Offset).DateTime);

    /// <summary>The Vietnam date of a stored moment; its <see cref="DateTime.Kind"/> is ignored, as the database keeps
    /// every moment in UTC.</summary>
    public static DateOnly Day(DateTime utc) => Day(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>A stored moment (UTC, whatever its <see cref="DateTime.Kind"/> says) as the Vietnam wall-clock time, for
    /// showing and for cells of a workbook.</summary>
    public static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified) + Offset;

    /// <summary>The UTC moment a Vietnam date begins (00:00 at UTC+7), marked as UTC so PostgreSQL compares it with
    /// stored moments. The first day of the calendar begins at the earliest moment there is.</summary>
    public static DateTime StartUtc(DateOnly day) => day == DateOnly.MinValue
        ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)
        : DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);
}
