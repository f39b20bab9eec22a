using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class FormPeriodsTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static Period P(string id) => Period.Parse(id);
    private static string[] Ids(IEnumerable<Period> periods) => periods.Select(p => p.Id).ToArray();

    private static readonly ReportSchedule Monthly25 = new(PeriodType.Month, DueRule.DayOfMonth(25));
    private static readonly ReportSchedule MonthlyAfter10 = new(PeriodType.Month, DueRule.AfterEnd(10));
    private static readonly FormPeriods Open = new(Monthly25);
    private static readonly FormPeriods MarchToOctober = new(Monthly25, P("2025-03"), P("2025-10"));

    // ---- owed periods and bounds ----

    [Theory]
    [InlineData("2025-02", false)]
    [InlineData("2025-03", true)]
    [InlineData("2025-07", true)]
    [InlineData("2025-10", true)]
    [InlineData("2025-11", false)]
    [InlineData("2025Q2", false)]
    [InlineData("2025-05-01", false)]
    public void Owes_PeriodsOfTheScheduleFromFirstToLast(string period, bool owed) =>
        Assert.Equal(owed, MarchToOctober.Owes(P(period)));

    [Fact]
    public void WithoutBounds_EveryPeriodOfTheScheduleIsOwed()
    {
        Assert.True(Open.Owes(P("0001-01")));
        Assert.True(Open.Owes(P("9999-12")));
        Assert.False(Open.Owes(P("2025")));
    }

    [Fact]
    public void OneBound_LeavesTheOtherSideOpen()
    {
        var from = new FormPeriods(Monthly25, First: P("2025-03"));
        var until = new FormPeriods(Monthly25, Last: P("2025-10"));
        Assert.False(from.Owes(P("2025-02")));
        Assert.True(from.Owes(P("2099-12")));
        Assert.True(until.Owes(P("1999-01")));
        Assert.False(until.Owes(P("2025-11")));
    }

    [Fact]
    public void BoundOfAnotherType_CutsWhereItStartsOrEnds()
    {
        var secondQuarter = new FormPeriods(Monthly25, P("2025Q2"), P("2025Q2"));
        Assert.Equal(["2025-04", "2025-05", "2025-06"], Ids(secondQuarter.PeriodsIn(PeriodRange.Parse("2025"))));
    }

    [Fact]
    public void OneOff_IsOwedForItsPeriodOnly_WithinItsBounds()
    {
        var census = new FormPeriods(ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10)));
        Assert.True(census.Owes(P("2025Q3")));
        Assert.False(census.Owes(P("2025Q4")));
        Assert.False(new FormPeriods(census.Schedule, First: P("2025Q4")).Owes(P("2025Q3")));
    }

    [Fact]
    public void Schedule_IsRequired() =>
        Assert.Throws<ArgumentNullException>(() => new FormPeriods(null!));

    // ---- clipping and periods in a range ----

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "2025-03-01", "2025-10-31")]
    [InlineData("2025-05-15", "2025-06-10", "2025-05-15", "2025-06-10")]
    [InlineData("2024-06-01", "2025-04-30", "2025-03-01", "2025-04-30")]
    [InlineData("2025-10-31", "2026-12-31", "2025-10-31", "2025-10-31")]
    public void Clip_CutsTheRangeToTheBounds(string start, string end, string clippedStart, string clippedEnd) =>
        Assert.Equal(new PeriodRange(D(clippedStart), D(clippedEnd)), MarchToOctober.Clip(new PeriodRange(D(start), D(end))));

    [Theory]
    [InlineData("2024-01-01", "2025-02-28")]
    [InlineData("2025-11-01", "2026-12-31")]
    public void Clip_OfARangeOutsideTheBounds_IsNothing(string start, string end) =>
        Assert.Null(MarchToOctober.Clip(new PeriodRange(D(start), D(end))));

    [Fact]
    public void Clip_WithoutBounds_KeepsTheRange()
    {
        var range = new PeriodRange(DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Equal(range, Open.Clip(range));
    }

    [Fact]
    public void PeriodsIn_AreTheOwedPeriodsWhollyInsideTheRange_OldestFirst()
    {
        Assert.Equal(["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10"],
            Ids(MarchToOctober.PeriodsIn(PeriodRange.Parse("2025"))));
        Assert.Equal(["2025-03", "2025-04"], Ids(MarchToOctober.PeriodsIn(new PeriodRange(D("2025-02-15"), D("2025-05-15")))));
        Assert.Empty(MarchToOctober.PeriodsIn(PeriodRange.Parse("2024")));
        Assert.Empty(MarchToOctober.PeriodsIn(PeriodRange.Parse("2025-05-10")));
    }

    [Fact]
    public void PeriodsIn_OfAQuarterlyForm()
    {
        var quarterly = new FormPeriods(new ReportSchedule(PeriodType.Quarter, DueRule.AfterEnd(15)), First: P("2025Q2"));
        Assert.Equal(["2025Q2", "2025Q3", "2025Q4", "2026Q1"], Ids(quarterly.PeriodsIn(PeriodRange.Parse("2025..2026-05"))));
    }

    [Fact]
    public void PeriodsIn_OfAOneOffForm_IsItsPeriodWhenInside()
    {
        var census = new FormPeriods(ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10)));
        Assert.Equal(["2025Q3"], Ids(census.PeriodsIn(PeriodRange.Parse("2025"))));
        Assert.Empty(census.PeriodsIn(PeriodRange.Parse("2025-08")));
    }

    // ---- due periods ----

    [Theory]
    // The due day itself counts: October is due on the 25th.
    [InlineData("2025-10-24", new[] { "2025-09", "2025-08", "2025-07" })]
    [InlineData("2025-10-25", new[] { "2025-10", "2025-09", "2025-08" })]
    [InlineData("2025-10-31", new[] { "2025-10", "2025-09", "2025-08" })]
    [InlineData("2025-11-01", new[] { "2025-10", "2025-09", "2025-08" })]
    [InlineData("2026-01-25", new[] { "2026-01", "2025-12", "2025-11" })]
    public void DuePeriods_DayOfMonthRule_NewestFirst(string today, string[] due) =>
        Assert.Equal(due, Ids(Open.DuePeriods(D(today), 3)));

    [Theory]
    [InlineData("2025-11-09", new[] { "2025-09", "2025-08" })]
    [InlineData("2025-11-10", new[] { "2025-10", "2025-09" })]
    [InlineData("2025-11-30", new[] { "2025-10", "2025-09" })]
    [InlineData("2025-12-10", new[] { "2025-11", "2025-10" })]
    public void DuePeriods_AfterEndRule_ComeDueDaysAfterThePeriodEnds(string today, string[] due) =>
        Assert.Equal(due, Ids(new FormPeriods(MonthlyAfter10).DuePeriods(D(today), 2)));

    [Theory]
    [InlineData("2025-12-19", new[] { "2025Q3", "2025Q2" })]
    [InlineData("2025-12-20", new[] { "2025Q4", "2025Q3" })]
    public void DuePeriods_Quarterly(string today, string[] due)
    {
        var quarterly = new FormPeriods(new ReportSchedule(PeriodType.Quarter, DueRule.DayOfMonth(20)));
        Assert.Equal(due, Ids(quarterly.DuePeriods(D(today), 2)));
    }

    [Fact]
    public void DuePeriods_StopAtTheFirstPeriod_AndStartFromTheLastOnceItHasStarted()
    {
        Assert.Equal(["2025-10", "2025-09"], Ids(MarchToOctober.DuePeriods(D("2026-06-01"), 2)));
        Assert.Equal(["2025-05", "2025-04", "2025-03"], Ids(MarchToOctober.DuePeriods(D("2025-05-25"), 12)));
        Assert.Equal(["2025-04", "2025-03"], Ids(MarchToOctober.DuePeriods(D("2025-05-24"), 12)));
        Assert.Empty(MarchToOctober.DuePeriods(D("2025-03-24"), 12));
        Assert.Equal(["2025-03"], Ids(MarchToOctober.DuePeriods(D("2025-03-25"), 12)));
    }

    [Fact]
    public void DuePeriods_LastPeriodNotYetStarted_StartsFromToday()
    {
        var untilNextYear = new FormPeriods(Monthly25, Last: P("2026-06"));
        Assert.Equal(["2025-10", "2025-09"], Ids(untilNextYear.DuePeriods(D("2025-10-25"), 2)));
    }

    [Fact]
    public void DuePeriods_AtMostCount()
    {
        Assert.Empty(Open.DuePeriods(D("2025-10-25"), 0));
        Assert.Empty(Open.DuePeriods(D("2025-10-25"), -1));
        Assert.Equal(24, Open.DuePeriods(D("2025-10-25"), 24).Count);
    }

    [Fact]
    public void DuePeriods_OfAOneOffForm_IsItsPeriodOnceDue()
    {
        var census = new FormPeriods(ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10)));
        Assert.Empty(census.DuePeriods(D("2025-10-09"), 5));
        Assert.Equal(["2025Q3"], Ids(census.DuePeriods(D("2025-10-10"), 5)));
        Assert.Equal(["2025Q3"], Ids(census.DuePeriods(D("2030-01-01"), 5)));
    }

    [Fact]
    public void DuePeriods_WeeklyAcrossTheYearEnd()
    {
        var weekly = new FormPeriods(new ReportSchedule(PeriodType.Week, DueRule.AfterEnd(2)));
        // 2025W52 ends on Sunday 28/12 and is due on 30/12; 2026W01 ends on 04/01/2026.
        Assert.Equal(["2025W52", "2025W51"], Ids(weekly.DuePeriods(D("2025-12-30"), 2)));
        Assert.Equal(["2025W52", "2025W51"], Ids(weekly.DuePeriods(D("2026-01-05"), 2)));
        Assert.Equal(["2026W01", "2025W52"], Ids(weekly.DuePeriods(D("2026-01-06"), 2)));
    }

    [Fact]
    public void DuePeriods_StopAtTheFirstDayOfTime() =>
        Assert.Equal(["0001-01"], Ids(Open.DuePeriods(D("0001-02-01"), 5)));

    // ---- upcoming periods ----

    [Theory]
    [InlineData("2025-10-24", new[] { "2025-10" })]
    [InlineData("2025-10-25", new string[0])]
    [InlineData("2025-10-31", new string[0])]
    [InlineData("2025-11-01", new[] { "2025-11" })]
    public void UpcomingPeriods_DayOfMonthRule(string today, string[] upcoming) =>
        Assert.Equal(upcoming, Ids(Open.UpcomingPeriods(D(today))));

    [Theory]
    [InlineData("2025-11-05", new[] { "2025-11", "2025-10" })]
    [InlineData("2025-11-09", new[] { "2025-11", "2025-10" })]
    [InlineData("2025-11-10", new[] { "2025-11" })]
    public void UpcomingPeriods_AfterEndRule_CanKeepThePreviousPeriodOpen(string today, string[] upcoming) =>
        Assert.Equal(upcoming, Ids(new FormPeriods(MonthlyAfter10).UpcomingPeriods(D(today))));

    [Fact]
    public void UpcomingPeriods_AreOwedPeriodsOnly()
    {
        var untilSeptember = new FormPeriods(MonthlyAfter10, Last: P("2025-09"));
        Assert.Equal(["2025-09"], Ids(untilSeptember.UpcomingPeriods(D("2025-10-05"))));
        Assert.Empty(untilSeptember.UpcomingPeriods(D("2025-10-10")));
        Assert.Empty(new FormPeriods(MonthlyAfter10, First: P("2026-01")).UpcomingPeriods(D("2025-11-05")));
    }

    [Fact]
    public void UpcomingPeriods_OfAOneOffForm_IsItsPeriodUntilDue()
    {
        var census = new FormPeriods(ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10)));
        Assert.Equal(["2025Q3"], Ids(census.UpcomingPeriods(D("2025-05-01"))));
        Assert.Equal(["2025Q3"], Ids(census.UpcomingPeriods(D("2025-10-09"))));
        Assert.Empty(census.UpcomingPeriods(D("2025-10-10")));
    }

    [Fact]
    public void UpcomingPeriods_AtTheFirstDayOfTime() =>
        Assert.Equal(["0001-01"], Ids(Open.UpcomingPeriods(D("0001-01-05"))));

    // ---- properties ----

    private static Arbitrary<(FormPeriods Periods, DateOnly Today)> AnyForm() =>
        (from type in Gen.Elements(PeriodType.Week, PeriodType.Month, PeriodType.Quarter, PeriodType.SixMonth, PeriodType.Year)
         from afterEnd in Gen.Elements(true, false)
         from days in Gen.Choose(0, 60)
         from todayNumber in Gen.Choose(D("2000-01-01").DayNumber, D("2040-12-31").DayNumber)
         from firstOffset in Gen.Choose(-2000, 200)
         from length in Gen.Choose(-1, 3000)
         let today = DateOnly.FromDayNumber(todayNumber)
         let rule = afterEnd ? DueRule.AfterEnd(days) : DueRule.DayOfMonth(Math.Max(1, days % 32))
         let first = Period.Containing(type, today.AddDays(firstOffset))
         let last = length < 0 ? (Period?)null : Period.Containing(type, first.Start.AddDays(length))
         select (new FormPeriods(new ReportSchedule(type, rule), first, last), today)).ToArbitrary();

    [Fact]
    public void Property_DuePeriodsAreOwedAndDue_NewestFirst() =>
        Prop.ForAll(AnyForm(), x =>
        {
            var due = x.Periods.DuePeriods(x.Today, 6);
            return due.Count <= 6
                && due.All(p => x.Periods.Owes(p) && x.Periods.Schedule.DueDate(p) <= x.Today)
                && due.Zip(due.Skip(1)).All(pair => pair.First.Start > pair.Second.Start);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_UpcomingPeriodsAreOwedAndNotYetDue_AndNeverAlsoDue() =>
        Prop.ForAll(AnyForm(), x =>
        {
            var upcoming = x.Periods.UpcomingPeriods(x.Today);
            return upcoming.All(p => x.Periods.Owes(p) && x.Periods.Schedule.DueDate(p) > x.Today)
                && !upcoming.Intersect(x.Periods.DuePeriods(x.Today, 6)).Any();
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_PeriodsInAreExactlyTheOwedPeriodsInsideTheRange() =>
        Prop.ForAll(AnyForm(), x =>
        {
            var range = new PeriodRange(x.Today.AddDays(-800), x.Today.AddDays(400));
            var listed = x.Periods.PeriodsIn(range);
            var expected = range.Periods(x.Periods.Schedule.PeriodType).Where(x.Periods.Owes);
            return listed.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
}
