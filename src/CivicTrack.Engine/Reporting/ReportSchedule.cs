using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Reporting;

/// <summary>The three moments a reporter is reminded of a report: before, on and after its due date.</summary>
public enum ReminderStage
{
    /// <summary>Some days before the due date.</summary>
    Before,
    /// <summary>On the due date.</summary>
    OnDay,
    /// <summary>Some days after the due date.</summary>
    After,
}

/// <summary>When a form's reports are due, close and are reminded, for each of its periods.</summary>
/// <remarks>With <see cref="OnlyPeriod"/> set the form is a one-off, owed for that single period, whose type must be
/// <see cref="PeriodType"/>. Due dates never go backwards from one period to the next, which is what lets the
/// walks below stop at the first period that fails.</remarks>
public sealed record ReportSchedule(PeriodType PeriodType, DueRule Due, int? LockAfterDays = null, Period? OnlyPeriod = null)
{
    /// <summary>The type of the form's periods.</summary>
    public PeriodType PeriodType { get; } = Enum.IsDefined(PeriodType)
        ? PeriodType
        : throw new ArgumentOutOfRangeException(nameof(PeriodType), PeriodType, "Unknown period type.");

    /// <summary>Days after the due date on which entry closes; null when it never closes.</summary>
    public int? LockAfterDays { get; } = LockAfterDays is < 0
        ? throw new ArgumentOutOfRangeException(nameof(LockAfterDays), LockAfterDays, "The days before locking cannot be negative.")
        : LockAfterDays;

    /// <summary>The single period of a one-off form; null for a recurring form.</summary>
    public Period? OnlyPeriod { get; } = OnlyPeriod is { } only && only.Type != PeriodType
        ? throw new ArgumentException($"The one-off period {only.Id} is a {only.Type}, not a {PeriodType}.", nameof(OnlyPeriod))
        : OnlyPeriod;

    /// <summary>A one-off form, owed for <paramref name="period"/> only.</summary>
    public static ReportSchedule OneOff(Period period, DueRule due, int? lockAfterDays = null) =>
        new(period.Type, due, lockAfterDays, period);

    /// <summary>Whether the form is owed for a single period only.</summary>
    public bool IsOneOff => OnlyPeriod is not null;

    /// <summary>The last day on which a report for <paramref name="period"/> is on time.</summary>
    public DateOnly DueDate(Period period) => Due.DueDate(period);

    /// <summary>The last day on which a report for <paramref name="period"/> can still be entered; null when it never locks.</summary>
    public DateOnly? LockDate(Period period) =>
        LockAfterDays is { } days ? DateOnly.FromDayNumber((int)Math.Min((long)DueDate(period).DayNumber + days, DateOnly.MaxValue.DayNumber)) : null;

    /// <summary>Whether entry for <paramref name="period"/> has closed by <paramref name="today"/> (the day after the lock date).</summary>
    public bool IsLocked(Period period, DateOnly today) => LockDate(period) is { } lockDate && today > lockDate;

    /// <summary>Whether the form is owed for <paramref name="period"/>: the right type, and the one period of a one-off form.</summary>
    public bool IsPeriodOf(Period period) =>
        period.Type == PeriodType && (OnlyPeriod is not { } only || period == only);

    /// <summary>The form's periods lying wholly inside <paramref name="range"/>, in order.</summary>
    public IEnumerable<Period> PeriodsIn(PeriodRange range)
    {
        if (OnlyPeriod is { } only) return range.Contains(only) ? [only] : [];
        return range.Periods(PeriodType);
    }

    /// <summary>The form's periods that have started by <paramref name="today"/> and are not locked, oldest first
    /// (what a reporter can still enter); at most the <paramref name="maxCount"/> latest of them.</summary>
    public IEnumerable<Period> OpenPeriods(DateOnly today, int maxCount = 24)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var open = new List<Period>();
        if (OnlyPeriod is { } only)
        {
            if (maxCount > 0 && only.Start <= today && !IsLocked(only, today)) open.Add(only);
            return open;
        }
        var p = Period.Containing(PeriodType, today);
        // Lock dates never go backwards, so once a period is locked every earlier one is too.
        while (open.Count < maxCount && !IsLocked(p, today))
        {
            open.Add(p);
            if (p.Start == DateOnly.MinValue) break;
            p = p.Previous();
        }
        open.Reverse();
        return open;
    }

    /// <summary>The period a reporter most likely wants on <paramref name="today"/>: the earliest period that has
    /// started and whose due date is today or later, else the latest started one. Null for a one-off form whose
    /// period has not started.</summary>
    public Period? CurrentPeriod(DateOnly today)
    {
        if (OnlyPeriod is { } only) return only.Start <= today ? only : null;
        var p = Period.Containing(PeriodType, today);
        // Due dates never go backwards: when the latest started period is already past due, all earlier ones are too.
        if (DueDate(p) < today) return p;
        while (p.Start > DateOnly.MinValue && p.Previous() is var previous && DueDate(previous) >= today) p = previous;
        return p;
    }

    /// <summary>The day of a reminder for <paramref name="period"/>: <paramref name="daysBefore"/> days before the due
    /// date, on the due date, or <paramref name="daysAfter"/> days after it.</summary>
    public DateOnly ReminderDate(Period period, ReminderStage stage, int daysBefore, int daysAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(daysAfter);
        var due = DueDate(period);
        return stage switch
        {
            ReminderStage.Before => due.AddDays(-daysBefore),
            ReminderStage.OnDay => due,
            ReminderStage.After => due.AddDays(daysAfter),
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown reminder stage."),
        };
    }
}
