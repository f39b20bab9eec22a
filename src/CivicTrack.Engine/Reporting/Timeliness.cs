using CivicTrack.Engine.Time;

namespace CivicTrack.Engine.Reporting;

/// <summary>The on-time rule: a report is on time when first submitted by the end of its due day, Vietnam time.</summary>
/// <remarks>Only the first submission counts, so a report returned for correction and sent again late was still
/// received on time.</remarks>
public static class Timeliness
{
    /// <summary>Whether a report first submitted on the Vietnam day <paramref name="submittedOn"/> is on time for
    /// <paramref name="due"/>.</summary>
    public static bool IsOnTime(DateOnly submittedOn, DateOnly due) => submittedOn <= due;

    /// <summary>Whether a report first submitted at the stored moment <paramref name="firstSubmittedUtc"/> is on time
    /// for <paramref name="due"/>.</summary>
    public static bool IsOnTime(DateTime firstSubmittedUtc, DateOnly due) => IsOnTime(VietnamTime.Day(firstSubmittedUtc), due);

    /// <summary>The first moment at which a report due on <paramref name="due"/> is late: midnight after the due day,
    /// Vietnam time.</summary>
    public static DateTimeOffset LateFrom(DateOnly due) =>
        new(due.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);

    /// <summary>Where a report stands on <paramref name="today"/>: on time or late once submitted
    /// (<paramref name="submittedOn"/> is the Vietnam day of its first counting submission), else missing after the
    /// due date and not due until then.</summary>
    public static ReportTiming Of(DateOnly? submittedOn, DateOnly due, DateOnly today) =>
        submittedOn is { } day
            ? IsOnTime(day, due) ? ReportTiming.OnTime : ReportTiming.Late
            : today > due ? ReportTiming.Missing : ReportTiming.NotDue;
}
