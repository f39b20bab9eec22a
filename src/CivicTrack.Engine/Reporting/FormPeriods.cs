using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Reporting;

/// <summary>The periods a form owes: its schedule's periods from its <see cref="First"/> period to its
/// <see cref="Last"/> (either may be left open), and which of them are due or still ahead on a given day.</summary>
/// <remarks>The bounds are compared by their days only, so a bound of another type than the schedule's still cuts
/// where it starts or ends.</remarks>
public sealed record FormPeriods(ReportSchedule Schedule, Period? First = null, Period? Last = null)
{
    /// <summary>The form's schedule.</summary>
    public ReportSchedule Schedule { get; } = Schedule ?? throw new ArgumentNullException(nameof(Schedule));

    /// <summary>Whether the form is owed for <paramref name="period"/>: a period of its schedule, starting no earlier
    /// than <see cref="First"/> and ending no later than <see cref="Last"/>.</summary>
    public bool Owes(Period period) =>
        Schedule.IsPeriodOf(period) && (First is not { } f || period.Start >= f.Start) && (Last is not { } l || period.End <= l.End);

    /// <summary><paramref name="range"/> cut to the days from <see cref="First"/> to <see cref="Last"/>; null when
    /// nothing is left.</summary>
    public PeriodRange? Clip(PeriodRange range)
    {
        var start = First is { } f && f.Start > range.Start ? f.Start : range.Start;
        var end = Last is { } l && l.End < range.End ? l.End : range.End;
        return end < start ? null : new PeriodRange(start, end);
    }

    /// <summary>The owed periods lying wholly inside <paramref name="range"/>, oldest first.</summary>
    public IReadOnlyList<Period> PeriodsIn(PeriodRange range) =>
        Clip(range) is { } clipped ? Schedule.PeriodsIn(clipped).Where(Owes).ToList() : [];

    /// <summary>The owed periods whose due date has come by <paramref name="today"/>, newest first, at most
    /// <paramref name="count"/>; a one-off form's period once its due date has come.</summary>
    /// <remarks>The walk back from today (or from <see cref="Last"/>, when it has started) gives up after
    /// 3 × <paramref name="count"/> + 3 periods, so a schedule whose due dates lie far behind its periods may list fewer.</remarks>
    public IReadOnlyList<Period> DuePeriods(DateOnly today, int count)
    {
        if (Schedule.OnlyPeriod is { } only) return Schedule.DueDate(only) <= today ? [only] : [];
        var list = new List<Period>();
        var p = Last is { } l && l.Start < today ? l : Period.Containing(Schedule.PeriodType, today);
        for (var i = 0; i < count * 3 + 3 && list.Count < count; i++, p = p.Previous())
        {
            if (First is { } f && p.Start < f.Start) break;
            if (Owes(p) && Schedule.DueDate(p) <= today) list.Add(p);
            if (p.Start == DateOnly.MinValue) break;
        }
        return list;
    }

    /// <summary>The owed periods whose due date is still ahead on <paramref name="today"/>, newest first: the one-off
    /// period, or the current and the previous period (a rule of "N days after the end" can leave the previous one
    /// open).</summary>
    public IReadOnlyList<Period> UpcomingPeriods(DateOnly today)
    {
        if (Schedule.OnlyPeriod is { } only) return Schedule.DueDate(only) > today ? [only] : [];
        var current = Period.Containing(Schedule.PeriodType, today);
        Period[] candidates = current.Start == DateOnly.MinValue ? [current] : [current, current.Previous()];
        return candidates.Where(p => Owes(p) && Schedule.DueDate(p) > today).ToList();
    }
}
