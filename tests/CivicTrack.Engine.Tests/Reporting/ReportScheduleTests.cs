using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class ReportScheduleTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static Period P(string id) => Period.Parse(id);

    private static readonly ReportSchedule Monthly25 = new(PeriodType.Month, DueRule.DayOfMonth(25));
    private static readonly ReportSchedule Monthly25Lock5 = new(PeriodType.Month, DueRule.DayOfMonth(25), LockAfterDays: 5);

    [Fact]
    public void DueDate_FollowsTheRule()
    {
        Assert.Equal(D("2025-10-25"), Monthly25.DueDate(P("2025-10")));
        var quarterly = new ReportSchedule(PeriodType.Quarter, DueRule.AfterEnd(15));
        Assert.Equal(D("2025-10-15"), quarterly.DueDate(P("2025Q3")));
    }

    [Fact]
    public void LockDate_IsDueDatePlusLockDays_OrNever()
    {
        Assert.Equal(D("2025-10-30"), Monthly25Lock5.LockDate(P("2025-10")));
        Assert.Null(Monthly25.LockDate(P("2025-10")));
        var lockOnDueDay = new ReportSchedule(PeriodType.Month, DueRule.DayOfMonth(25), LockAfterDays: 0);
        Assert.Equal(D("2025-10-25"), lockOnDueDay.LockDate(P("2025-10")));
    }

    [Theory]
    [InlineData("2025-10-30", false)]
    [InlineData("2025-10-31", true)]
    [InlineData("2025-10-25", false)]
    [InlineData("2026-01-01", true)]
    public void IsLocked_OnlyAfterTheLockDate(string today, bool locked) =>
        Assert.Equal(locked, Monthly25Lock5.IsLocked(P("2025-10"), D(today)));

    [Fact]
    public void WithoutLock_NeverLocks() =>
        Assert.False(Monthly25.IsLocked(P("2020-01"), D("2030-01-01")));

    [Fact]
    public void NegativeLockDays_AreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportSchedule(PeriodType.Month, DueRule.DayOfMonth(25), -1));

    [Fact]
    public void IsPeriodOf_RequiresTheFormsPeriodType()
    {
        Assert.True(Monthly25.IsPeriodOf(P("2025-10")));
        Assert.False(Monthly25.IsPeriodOf(P("2025Q4")));
        Assert.False(Monthly25.IsPeriodOf(P("2025W42")));
    }

    [Fact]
    public void PeriodsIn_AreTheFormsPeriodsWhollyInsideTheRange()
    {
        var quarterly = new ReportSchedule(PeriodType.Quarter, DueRule.DayOfMonth(20));
        Assert.Equal([P("2025Q1"), P("2025Q2"), P("2025Q3"), P("2025Q4")], quarterly.PeriodsIn(PeriodRange.Parse("2025")));
        Assert.Equal([P("2025Q2")], quarterly.PeriodsIn(new PeriodRange(D("2025-02-15"), D("2025-08-15"))));
        Assert.Empty(quarterly.PeriodsIn(PeriodRange.Parse("2025-10")));
    }

    [Fact]
    public void OneOff_IsOwedForItsSinglePeriodOnly()
    {
        var census = ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10));
        Assert.True(census.IsOneOff);
        Assert.Equal(PeriodType.Quarter, census.PeriodType);
        Assert.True(census.IsPeriodOf(P("2025Q3")));
        Assert.False(census.IsPeriodOf(P("2025Q4")));
        Assert.Equal([P("2025Q3")], census.PeriodsIn(PeriodRange.Parse("2025")));
        Assert.Empty(census.PeriodsIn(PeriodRange.Parse("2025S1")));
        Assert.Empty(census.PeriodsIn(PeriodRange.Parse("2025-08")));
        Assert.Equal(D("2025-10-10"), census.DueDate(P("2025Q3")));
        Assert.False(Monthly25.IsOneOff);
    }

    [Fact]
    public void OneOff_PeriodMustBeOfTheFormsType() =>
        Assert.Throws<ArgumentException>(() => new ReportSchedule(PeriodType.Month, DueRule.DayOfMonth(25), null, P("2025Q3")));

    [Fact]
    public void OneOff_CurrentAndOpenPeriods()
    {
        var census = ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10), lockAfterDays: 20);
        Assert.Null(census.CurrentPeriod(D("2025-06-30")));
        Assert.Empty(census.OpenPeriods(D("2025-06-30")));
        Assert.Equal(P("2025Q3"), census.CurrentPeriod(D("2025-07-01")));
        Assert.Equal([P("2025Q3")], census.OpenPeriods(D("2025-07-01")));
        Assert.Equal(P("2025Q3"), census.CurrentPeriod(D("2026-05-01")));
        Assert.Equal([P("2025Q3")], census.OpenPeriods(D("2025-10-30")));
        Assert.Empty(census.OpenPeriods(D("2025-10-31")));
    }

    [Theory]
    [InlineData("2025-10-01", "2025-10")]
    [InlineData("2025-10-24", "2025-10")]
    [InlineData("2025-10-25", "2025-10")]
    // After the due day nothing started is still due: the latest started period.
    [InlineData("2025-10-26", "2025-10")]
    [InlineData("2025-10-31", "2025-10")]
    [InlineData("2025-11-01", "2025-11")]
    public void CurrentPeriod_DayOfMonthRule(string today, string period) =>
        Assert.Equal(P(period), Monthly25.CurrentPeriod(D(today)));

    [Theory]
    [InlineData("2025-10-31", "2025-10")]
    [InlineData("2025-11-01", "2025-10")]
    [InlineData("2025-11-10", "2025-10")]
    [InlineData("2025-11-11", "2025-11")]
    public void CurrentPeriod_AfterEndRule_KeepsLastPeriodUntilItsDueDay(string today, string period)
    {
        var schedule = new ReportSchedule(PeriodType.Month, DueRule.AfterEnd(10));
        Assert.Equal(P(period), schedule.CurrentPeriod(D(today)));
    }

    [Fact]
    public void CurrentPeriod_WeeklyAcrossTheYearEnd()
    {
        var weekly = new ReportSchedule(PeriodType.Week, DueRule.AfterEnd(2));
        // 2026W01 runs 29/12/2025–04/01/2026; 2025W52 (22–28/12) is due on 30/12.
        Assert.Equal(P("2025W52"), weekly.CurrentPeriod(D("2025-12-30")));
        Assert.Equal(P("2026W01"), weekly.CurrentPeriod(D("2025-12-31")));
        Assert.Equal(P("2020W53"), weekly.CurrentPeriod(D("2021-01-05")));
    }

    [Fact]
    public void OpenPeriods_AreStartedAndUnlocked_OldestFirst()
    {
        // September (due 25/09) locks after 30/09; October after 30/10.
        Assert.Equal([P("2025-10")], Monthly25Lock5.OpenPeriods(D("2025-10-20")));
        Assert.Equal([P("2025-10")], Monthly25Lock5.OpenPeriods(D("2025-10-30")));
        // A day-of-month rule can lock a month before it ends: nothing is open on 31/10.
        Assert.Empty(Monthly25Lock5.OpenPeriods(D("2025-10-31")));
        Assert.Equal([P("2025-11")], Monthly25Lock5.OpenPeriods(D("2025-11-01")));
        var afterEnd = new ReportSchedule(PeriodType.Month, DueRule.AfterEnd(10), LockAfterDays: 20);
        // September is due 10/10 and locks after 30/10.
        Assert.Equal([P("2025-09"), P("2025-10")], afterEnd.OpenPeriods(D("2025-10-30")));
        Assert.Equal([P("2025-10")], afterEnd.OpenPeriods(D("2025-10-31")));
    }

    [Fact]
    public void OpenPeriods_WithoutLock_AreTheLatestMaxCount()
    {
        var open = Monthly25.OpenPeriods(D("2025-10-15"), maxCount: 3).ToList();
        Assert.Equal([P("2025-08"), P("2025-09"), P("2025-10")], open);
        Assert.Equal(24, Monthly25.OpenPeriods(D("2025-10-15")).Count());
        Assert.Empty(Monthly25.OpenPeriods(D("2025-10-15"), maxCount: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Monthly25.OpenPeriods(D("2025-10-15"), maxCount: -1));
    }

    [Theory]
    [InlineData(ReminderStage.Before, "2025-10-22")]
    [InlineData(ReminderStage.OnDay, "2025-10-25")]
    [InlineData(ReminderStage.After, "2025-10-27")]
    public void ReminderDate_IsBeforeOnOrAfterTheDueDate(ReminderStage stage, string day) =>
        Assert.Equal(D(day), Monthly25.ReminderDate(P("2025-10"), stage, daysBefore: 3, daysAfter: 2));

    [Fact]
    public void ReminderDate_AcrossAMonthEnd()
    {
        var schedule = new ReportSchedule(PeriodType.Quarter, DueRule.AfterEnd(0));
        Assert.Equal(D("2025-09-25"), schedule.ReminderDate(P("2025Q3"), ReminderStage.Before, 5, 1));
        Assert.Equal(D("2025-10-01"), schedule.ReminderDate(P("2025Q3"), ReminderStage.After, 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.ReminderDate(P("2025Q3"), ReminderStage.Before, -1, 1));
    }

    // ---- properties ----

    private static readonly int Lo = D("1950-01-01").DayNumber, Hi = D("2080-12-31").DayNumber;

    private static Arbitrary<PeriodRange> AnyRange() =>
        Gen.Choose(Lo, Hi).SelectMany(a => Gen.Choose(0, 800).Select(len =>
            new PeriodRange(DateOnly.FromDayNumber(a), DateOnly.FromDayNumber(a + len)))).ToArbitrary();

    private static Arbitrary<ReportSchedule> AnySchedule() =>
        Gen.Elements(Enum.GetValues<PeriodType>())
            .SelectMany(type => Gen.OneOf(Gen.Choose(1, 31).Select(DueRule.DayOfMonth), Gen.Choose(0, 60).Select(DueRule.AfterEnd))
                .SelectMany(due => Gen.Choose(-1, 40).Select(lockDays => new ReportSchedule(type, due, lockDays < 0 ? null : lockDays))))
            .ToArbitrary();

    [Fact]
    public void Property_PeriodsInAreInsideConsecutiveAndNoneMissing() =>
        Prop.ForAll(AnySchedule(), AnyRange(), (schedule, range) =>
        {
            var periods = schedule.PeriodsIn(range).ToList();
            var inside = periods.All(p => range.Contains(p) && p.Type == schedule.PeriodType && schedule.IsPeriodOf(p));
            var consecutive = periods.Zip(periods.Skip(1)).All(pair => pair.First.Next() == pair.Second);
            // None missing: the period before the first and after the last fall outside the range.
            var complete = periods.Count == 0
                ? !range.Contains(Period.Containing(schedule.PeriodType, range.Start))
                  && !range.Contains(Period.Containing(schedule.PeriodType, range.Start).Next())
                : !range.Contains(periods[0].Previous()) && !range.Contains(periods[^1].Next());
            return inside && consecutive && complete;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_OpenPeriodsHaveStartedAreUnlockedConsecutiveAndEndAtTodaysPeriod() =>
        Prop.ForAll(AnySchedule(), Arb.From(Gen.Choose(Lo, Hi)), (schedule, n) =>
        {
            var today = DateOnly.FromDayNumber(n);
            var open = schedule.OpenPeriods(today, 12).ToList();
            var current = Period.Containing(schedule.PeriodType, today);
            if (schedule.IsLocked(current, today)) return open.Count == 0;
            return open.Count is >= 1 and <= 12
                && open[^1] == current
                && open.All(p => p.Start <= today && !schedule.IsLocked(p, today))
                && open.Zip(open.Skip(1)).All(pair => pair.First.Next() == pair.Second)
                // The one before the oldest is either locked or beyond the count.
                && (open.Count == 12 || schedule.IsLocked(open[0].Previous(), today));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_CurrentPeriodIsTheEarliestStartedStillDue() =>
        Prop.ForAll(AnySchedule(), Arb.From(Gen.Choose(Lo, Hi)), (schedule, n) =>
        {
            var today = DateOnly.FromDayNumber(n);
            var current = schedule.CurrentPeriod(today)!.Value;
            var latest = Period.Containing(schedule.PeriodType, today);
            if (current.Start > today) return false;
            if (schedule.DueDate(current) < today) return current == latest;
            return schedule.DueDate(current.Previous()) < today;
        }).QuickCheckThrowOnFailure();
}
