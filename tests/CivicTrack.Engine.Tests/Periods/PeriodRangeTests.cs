using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Tests.Periods;

public sealed class PeriodRangeTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData("2025Q1..2025Q4", "2025-01-01", "2025-12-31")]
    [InlineData("2025-01..2025-06", "2025-01-01", "2025-06-30")]
    [InlineData("2024..2025", "2024-01-01", "2025-12-31")]
    [InlineData("2025Q3", "2025-07-01", "2025-09-30")]
    [InlineData(" 2025w01 .. 2025w02 ", "2024-12-30", "2025-01-12")]
    [InlineData("2025-10..2025", "2025-10-01", "2025-12-31")]
    [InlineData("2025-10-10..2025-10-10", "2025-10-10", "2025-10-10")]
    public void Parse_TakesFromStartAndToEnd(string text, string start, string end)
    {
        var r = PeriodRange.Parse(text);
        Assert.Equal(DateOnly.Parse(start), r.Start);
        Assert.Equal(DateOnly.Parse(end), r.End);
        Assert.Equal($"{start}..{end}", r.ToString());
    }

    [Theory]
    [InlineData("2025Q5", "'2025Q5': quarter must be 1–4")]
    [InlineData("2025Q1..2025Q5", "'2025Q5': quarter must be 1–4")]
    [InlineData("2025-13..2025-14", "'2025-13': month must be 01–12")]
    [InlineData("2025-12..2025-01", "'2025-12..2025-01': the range ends before it starts")]
    [InlineData("2025..", "'2025..': expected FROM..TO, e.g. 2025Q1..2025Q4")]
    [InlineData("..2025", "'..2025': expected FROM..TO, e.g. 2025Q1..2025Q4")]
    [InlineData("2025..2025..2026", "'2025..2026'")]
    [InlineData("", "The period range is empty.")]
    public void TryParse_ReportsTheBadPartAndWhy(string text, string error)
    {
        Assert.False(PeriodRange.TryParse(text, out _, out var message));
        Assert.NotNull(message);
        Assert.StartsWith(error, message);
        Assert.Throws<FormatException>(() => PeriodRange.Parse(text));
    }

    [Fact]
    public void TryParse_Null_IsAnError()
    {
        Assert.False(PeriodRange.TryParse(null, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Constructor_RejectsEndBeforeStart() =>
        Assert.Throws<ArgumentException>(() => new PeriodRange(D(2025, 2, 1), D(2025, 1, 31)));

    [Fact]
    public void Contains_OnlyWhollyInsidePeriods()
    {
        var r = PeriodRange.Parse("2025Q1..2025Q2");
        Assert.True(r.Contains(Period.Month(2025, 1)));
        Assert.True(r.Contains(Period.SixMonth(2025, 1)));
        Assert.False(r.Contains(Period.Year(2025)));
        Assert.False(r.Contains(Period.Parse("2025W01")));   // starts 2024-12-30
        Assert.True(r.Contains(Period.Parse("2025W02")));
    }

    [Fact]
    public void Periods_YieldsOnlyWholePeriodsInOrder()
    {
        var r = new PeriodRange(D(2025, 1, 15), D(2025, 7, 31));
        Assert.Equal(["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"],
            r.Periods(PeriodType.Month).Select(p => p.Id));
        Assert.Equal(["2025Q2"], r.Periods(PeriodType.Quarter).Select(p => p.Id));
        Assert.Empty(r.Periods(PeriodType.Year));
        Assert.Empty(r.Periods(PeriodType.SixMonth));
        Assert.Equal(198, r.Periods(PeriodType.Day).Count());
        Assert.Equal("2025W04", r.Periods(PeriodType.Week).First().Id);   // W03 (Jan 13–19) starts before the range
        Assert.Equal("2025W30", r.Periods(PeriodType.Week).Last().Id);    // W31 (Jul 28 – Aug 3) ends after it
    }

    [Fact]
    public void Periods_OfAYear_CountsEachType()
    {
        var r = PeriodRange.Of(Period.Year(2024));
        Assert.Single(r.Periods(PeriodType.Year));
        Assert.Equal(2, r.Periods(PeriodType.SixMonth).Count());
        Assert.Equal(4, r.Periods(PeriodType.Quarter).Count());
        Assert.Equal(12, r.Periods(PeriodType.Month).Count());
        Assert.Equal(366, r.Periods(PeriodType.Day).Count());
        Assert.Equal(52, r.Periods(PeriodType.Week).Count());   // 2024-01-01 is a Monday; 2024-12-30 starts 2025W01
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("9999-12")]
    [InlineData("9999Q4")]
    [InlineData("9999-12-31")]
    [InlineData("9998..9999")]
    [InlineData("2025W42..9999W51")]
    public void Periods_AtTheEndOfTheCalendar_StopWithoutOverflowing(string text)
    {
        var r = PeriodRange.Parse(text);
        foreach (var type in Enum.GetValues<PeriodType>())
            Assert.All(r.Periods(type).TakeLast(3), p => Assert.True(r.Contains(p)));
        Assert.Equal("9999W51", PeriodRange.Parse("9999").Periods(PeriodType.Week).Last().Id);
    }
}
