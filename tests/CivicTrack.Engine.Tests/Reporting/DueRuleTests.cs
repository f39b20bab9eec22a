using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class DueRuleTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-10", 25, "2025-10-25")]
    [InlineData("2025-04", 31, "2025-04-30")]
    [InlineData("2025-09", 31, "2025-09-30")]
    [InlineData("2024-02", 29, "2024-02-29")]
    [InlineData("2024-02", 30, "2024-02-29")]
    [InlineData("2024-02", 31, "2024-02-29")]
    [InlineData("2025-02", 29, "2025-02-28")]
    [InlineData("2025-02", 30, "2025-02-28")]
    [InlineData("2025-02", 31, "2025-02-28")]
    [InlineData("2025-01", 1, "2025-01-01")]
    public void DayOfMonth_FallsOnThatDayOrTheMonthsLastDay(string month, int day, string due) =>
        Assert.Equal(D(due), DueRule.DayOfMonth(day).DueDate(Period.Parse(month)));

    [Theory]
    [InlineData("2025Q1", 20, "2025-03-20")]
    [InlineData("2025Q3", 31, "2025-09-30")]
    [InlineData("2025Q4", 15, "2025-12-15")]
    [InlineData("2025S1", 31, "2025-06-30")]
    [InlineData("2025S2", 10, "2025-12-10")]
    [InlineData("2025", 15, "2025-12-15")]
    [InlineData("2024", 31, "2024-12-31")]
    public void DayOfMonth_OfLongerPeriods_IsInTheMonthThePeriodEnds(string period, int day, string due) =>
        Assert.Equal(D(due), DueRule.DayOfMonth(day).DueDate(Period.Parse(period)));

    [Theory]
    [InlineData("2020W53", 0, "2021-01-03")]
    [InlineData("2020W53", 3, "2021-01-06")]
    [InlineData("2026W01", 2, "2026-01-06")]
    [InlineData("2025W42", 7, "2025-10-26")]
    [InlineData("2025-10", 10, "2025-11-10")]
    [InlineData("2024-02", 1, "2024-03-01")]
    [InlineData("2025Q4", 15, "2026-01-15")]
    [InlineData("2025", 366, "2027-01-01")]
    public void AfterEnd_CountsDaysFromThePeriodsLastDay(string period, int days, string due) =>
        Assert.Equal(D(due), DueRule.AfterEnd(days).DueDate(Period.Parse(period)));

    [Fact]
    public void IsoWeekStartingInDecember_UsesTheWeeksOwnEnd()
    {
        var week = Period.Parse("2026W01");
        Assert.Equal(D("2025-12-29"), week.Start);
        Assert.Equal(D("2026-01-05"), DueRule.AfterEnd(1).DueDate(week));
        // Day-of-month rules follow the month the week ends in, not the one it starts in.
        Assert.Equal(D("2026-01-05"), DueRule.DayOfMonth(5).DueDate(week));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(-1)]
    public void DayOfMonth_RejectsDaysOutside1To31(int day)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DueRule.DayOfMonth(day));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DueRule(DueRuleKind.DayOfMonth, day));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(367)]
    public void AfterEnd_RejectsDaysOutside0To366(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DueRule.AfterEnd(days));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DueRule(DueRuleKind.DaysAfterEnd, days));
    }

    [Fact]
    public void UnknownKind_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DueRule((DueRuleKind)7, 3));

    [Theory]
    [InlineData(DueRuleKind.DayOfMonth, 25, "day:25")]
    [InlineData(DueRuleKind.DaysAfterEnd, 10, "after:10")]
    [InlineData(DueRuleKind.DaysAfterEnd, 0, "after:0")]
    public void Id_IsDayOrAfter(DueRuleKind kind, int days, string id)
    {
        var rule = new DueRule(kind, days);
        Assert.Equal(id, rule.Id);
        Assert.Equal(id, rule.ToString());
        Assert.True(DueRule.TryParse(id, out var back, out var error));
        Assert.Null(error);
        Assert.Equal(rule, back);
    }

    [Theory]
    [InlineData(" DAY:5 ", DueRuleKind.DayOfMonth, 5)]
    [InlineData("After: 15", DueRuleKind.DaysAfterEnd, 15)]
    [InlineData("day:31", DueRuleKind.DayOfMonth, 31)]
    [InlineData("after:366", DueRuleKind.DaysAfterEnd, 366)]
    public void TryParse_TrimsAndIgnoresCase(string text, DueRuleKind kind, int days)
    {
        Assert.True(DueRule.TryParse(text, out var rule, out _));
        Assert.Equal(new DueRule(kind, days), rule);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("day:0", "1–31")]
    [InlineData("day:32", "1–31")]
    [InlineData("after:367", "0–366")]
    [InlineData("after:-1", "expected")]
    [InlineData("day:", "expected")]
    [InlineData("day:2x", "expected")]
    [InlineData("week:3", "expected")]
    [InlineData("25", "expected")]
    [InlineData("after:99999", "expected")]
    public void TryParse_RejectsBadText_SayingWhy(string? text, string word)
    {
        Assert.False(DueRule.TryParse(text, out var rule, out var error));
        Assert.Equal(default, rule);
        Assert.NotNull(error);
        Assert.Contains(word, error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"'{(text ?? "").Trim()}'", error);
        Assert.Throws<FormatException>(() => DueRule.Parse(text ?? ""));
    }

    // ---- properties ----

    private static Gen<Period> PeriodGen(PeriodType type) =>
        Gen.Choose(D("1900-01-01").DayNumber, D("2100-12-31").DayNumber)
            .Select(n => Period.Containing(type, DateOnly.FromDayNumber(n)));

    internal static Arbitrary<Period> AnyPeriod() =>
        Gen.Elements(Enum.GetValues<PeriodType>()).SelectMany(PeriodGen).ToArbitrary();

    [Fact]
    public void Property_DayOfMonthFallsInsideTheMonthThePeriodEnds() =>
        Prop.ForAll(AnyPeriod(), Arb.From(Gen.Choose(1, 31)), (p, day) =>
        {
            var due = DueRule.DayOfMonth(day).DueDate(p);
            var lastDay = DateTime.DaysInMonth(p.End.Year, p.End.Month);
            return due.Year == p.End.Year && due.Month == p.End.Month && due.Day == Math.Min(day, lastDay);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_AfterEndIsExactlyThatManyDaysAfterTheLastDay() =>
        Prop.ForAll(AnyPeriod(), Arb.From(Gen.Choose(0, 366)), (p, days) =>
            DueRule.AfterEnd(days).DueDate(p).DayNumber - p.End.DayNumber == days)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_IdParsesBackToTheSameRule() =>
        Prop.ForAll(
            Arb.From(Gen.OneOf(Gen.Choose(1, 31).Select(DueRule.DayOfMonth), Gen.Choose(0, 366).Select(DueRule.AfterEnd))),
            rule => DueRule.Parse(rule.Id) == rule)
            .QuickCheckThrowOnFailure();
}
