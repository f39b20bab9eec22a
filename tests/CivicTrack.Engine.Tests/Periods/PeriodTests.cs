using CivicTrack.Engine.Periods;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Periods;

public sealed class PeriodTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData("2025", PeriodType.Year, "2025-01-01", "2025-12-31")]
    [InlineData("2025S1", PeriodType.SixMonth, "2025-01-01", "2025-06-30")]
    [InlineData("2025S2", PeriodType.SixMonth, "2025-07-01", "2025-12-31")]
    [InlineData("2025Q1", PeriodType.Quarter, "2025-01-01", "2025-03-31")]
    [InlineData("2025Q3", PeriodType.Quarter, "2025-07-01", "2025-09-30")]
    [InlineData("2025-10", PeriodType.Month, "2025-10-01", "2025-10-31")]
    [InlineData("2024-02", PeriodType.Month, "2024-02-01", "2024-02-29")]
    [InlineData("2025-02", PeriodType.Month, "2025-02-01", "2025-02-28")]
    [InlineData("2025W42", PeriodType.Week, "2025-10-13", "2025-10-19")]
    [InlineData("2025W01", PeriodType.Week, "2024-12-30", "2025-01-05")]
    [InlineData("2020W53", PeriodType.Week, "2020-12-28", "2021-01-03")]
    [InlineData("2025-10-10", PeriodType.Day, "2025-10-10", "2025-10-10")]
    [InlineData("2024-02-29", PeriodType.Day, "2024-02-29", "2024-02-29")]
    public void Parse_GivesTypeStartEnd_AndFormatsBack(string id, PeriodType type, string start, string end)
    {
        var p = Period.Parse(id);
        Assert.Equal(type, p.Type);
        Assert.Equal(DateOnly.Parse(start), p.Start);
        Assert.Equal(DateOnly.Parse(end), p.End);
        Assert.Equal(id, p.Id);
        Assert.Equal(id, p.ToString());
        Assert.Equal(p.End.DayNumber - p.Start.DayNumber + 1, p.Days);
    }

    [Theory]
    [InlineData(" 2025q3 ", "2025Q3")]
    [InlineData("2025s2", "2025S2")]
    [InlineData("2025w07", "2025W07")]
    [InlineData("\t2025-10\n", "2025-10")]
    public void TryParse_TrimsAndIgnoresCaseOfLetters(string text, string id)
    {
        Assert.True(Period.TryParse(text, out var p));
        Assert.Equal(id, p.Id);
    }

    [Theory]
    [InlineData("2025-13", "month")]
    [InlineData("2025-00", "month")]
    [InlineData("2025-02-29", "day")]
    [InlineData("2025-04-31", "day")]
    [InlineData("2025W54", "week")]
    [InlineData("2025W00", "week")]
    [InlineData("2025W53", "week")]
    [InlineData("2021W53", "week")]
    [InlineData("2025S3", "half")]
    [InlineData("2025S0", "half")]
    [InlineData("2025Q0", "quarter")]
    [InlineData("2025Q5", "quarter")]
    [InlineData("0000", "year")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("abc", "expected")]
    [InlineData("2025X1", "expected")]
    [InlineData("2025Q1x", "expected")]
    [InlineData("2025-1", "expected")]
    [InlineData("2025W1", "expected")]
    [InlineData("2025-10-1", "expected")]
    [InlineData("2025-10-10 x", "expected")]
    [InlineData("20250", "expected")]
    [InlineData("202", "expected")]
    [InlineData("2025-10-10T00", "expected")]
    public void Parse_RejectsBadIds_WithAMessageNamingTheProblem(string id, string word)
    {
        Assert.False(Period.TryParse(id, out _));
        var ex = Assert.Throws<FormatException>(() => Period.Parse(id));
        Assert.Contains(word, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"'{id.Trim()}'", ex.Message);
    }

    [Fact]
    public void TryParse_Null_IsFalse() => Assert.False(Period.TryParse(null, out _));

    [Fact]
    public void QuarterOutOfRange_MessageSaysOneToFour() =>
        Assert.Equal("'2025Q5': quarter must be 1–4", Assert.Throws<FormatException>(() => Period.Parse("2025Q5")).Message);

    [Fact]
    public void Week53_ExistsOnlyInLongIsoYears()
    {
        Assert.True(Period.TryParse("2020W53", out _));
        Assert.True(Period.TryParse("2026W53", out _));
        Assert.False(Period.TryParse("2021W53", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Week(2021, 53));
    }

    [Fact]
    public void LastDaysOfDecember_CanBelongToNextIsoYearsFirstWeek()
    {
        Assert.Equal("2025W01", Period.Containing(PeriodType.Week, D(2024, 12, 30)).Id);
        Assert.Equal("2020W53", Period.Containing(PeriodType.Week, D(2021, 1, 3)).Id);
        Assert.Equal("2021W01", Period.Containing(PeriodType.Week, D(2021, 1, 4)).Id);
    }

    [Fact]
    public void Constructor_RejectsStartsThatDoNotBeginAPeriod()
    {
        Assert.Throws<ArgumentException>(() => new Period(PeriodType.Month, D(2025, 10, 17)));
        Assert.Throws<ArgumentException>(() => new Period(PeriodType.Week, D(2025, 10, 14)));
        Assert.Throws<ArgumentException>(() => new Period(PeriodType.Quarter, D(2025, 2, 1)));
        Assert.Throws<ArgumentException>(() => new Period(PeriodType.SixMonth, D(2025, 4, 1)));
        Assert.Throws<ArgumentException>(() => new Period(PeriodType.Year, D(2025, 2, 1)));
        Assert.Equal(Period.Month(2025, 10), new Period(PeriodType.Month, D(2025, 10, 1)));
    }

    [Fact]
    public void Factories_RejectOutOfRangeParts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Month(2025, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Quarter(2025, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.SixMonth(2025, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Year(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Week(2025, 0));
    }

    [Theory]
    [InlineData("2024", "2025", "2023")]
    [InlineData("2024S2", "2025S1", "2024S1")]
    [InlineData("2025S1", "2025S2", "2024S2")]
    [InlineData("2024Q4", "2025Q1", "2024Q3")]
    [InlineData("2025Q1", "2025Q2", "2024Q4")]
    [InlineData("2024-12", "2025-01", "2024-11")]
    [InlineData("2025-01", "2025-02", "2024-12")]
    [InlineData("2020W53", "2021W01", "2020W52")]
    [InlineData("2021W01", "2021W02", "2020W53")]
    [InlineData("2024W52", "2025W01", "2024W51")]
    [InlineData("2024-12-31", "2025-01-01", "2024-12-30")]
    [InlineData("2024-02-28", "2024-02-29", "2024-02-27")]
    [InlineData("2024-03-01", "2024-03-02", "2024-02-29")]
    public void NextAndPrevious_CrossYearEnds(string id, string next, string previous)
    {
        var p = Period.Parse(id);
        Assert.Equal(next, p.Next().Id);
        Assert.Equal(previous, p.Previous().Id);
        Assert.Equal(p, p.Next().Previous());
    }

    [Fact]
    public void Equality_IsByTypeAndStart()
    {
        Assert.Equal(Period.Parse("2025Q1"), Period.Quarter(2025, 1));
        Assert.NotEqual(Period.Year(2025), Period.SixMonth(2025, 1));
        Assert.NotEqual(Period.Month(2025, 1), Period.Quarter(2025, 1));
        Assert.Equal(Period.Quarter(2025, 1).GetHashCode(), Period.Parse("2025q1").GetHashCode());
        var (type, start) = Period.Month(2025, 3);
        Assert.Equal((PeriodType.Month, D(2025, 3, 1)), (type, start));
    }

    [Fact]
    public void CompareTo_OrdersByStartThenLongerFirst()
    {
        var ids = new[] { "2025-01-02", "2025-01", "2025W01", "2025Q1", "2025", "2025S1", "2025-01-01", "2024" };
        var sorted = ids.Select(Period.Parse).Order().Select(p => p.Id);
        Assert.Equal(["2024", "2025W01", "2025", "2025S1", "2025Q1", "2025-01", "2025-01-01", "2025-01-02"], sorted);
    }

    [Fact]
    public void Contains_PeriodsAndDays()
    {
        var q = Period.Quarter(2025, 3);
        Assert.True(q.Contains(Period.Month(2025, 9)));
        Assert.False(q.Contains(Period.Month(2025, 10)));
        Assert.False(q.Contains(Period.Parse("2025W40")));   // Sep 29 – Oct 5 straddles the quarter end
        Assert.True(q.Contains(q));
        Assert.True(q.Contains(D(2025, 7, 1)));
        Assert.True(q.Contains(D(2025, 9, 30)));
        Assert.False(q.Contains(D(2025, 10, 1)));
        Assert.False(q.Contains(D(2025, 6, 30)));
    }

    [Fact]
    public void Days_CountsLeapYears()
    {
        Assert.Equal(366, Period.Year(2024).Days);
        Assert.Equal(365, Period.Year(2025).Days);
        Assert.Equal(7, Period.Week(2025, 1).Days);
        Assert.Equal(1, Period.Day(D(2025, 1, 1)).Days);
        Assert.Equal(181, Period.SixMonth(2025, 1).Days);
    }

    // ---- properties ----

    private static Gen<Period> PeriodGen(PeriodType type) =>
        Gen.Choose(DateOnly.Parse("1900-01-01").DayNumber, DateOnly.Parse("2100-12-31").DayNumber)
            .Select(n => Period.Containing(type, DateOnly.FromDayNumber(n)));

    private static Arbitrary<Period> AnyPeriod() =>
        Gen.Elements(Enum.GetValues<PeriodType>()).SelectMany(PeriodGen).ToArbitrary();

    [Fact]
    public void Property_IdParsesBackToTheSamePeriod() =>
        Prop.ForAll(AnyPeriod(), p => Period.Parse(p.Id) == p).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_NextStartsTheDayAfterEnd() =>
        Prop.ForAll(AnyPeriod(), p =>
            p.Next().Start == p.End.AddDays(1) && p.Next().Type == p.Type && p.Next().Previous() == p)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_ContainingContainsTheDay() =>
        Prop.ForAll(
            Arb.From(Gen.Elements(Enum.GetValues<PeriodType>())),
            Arb.From(Gen.Choose(DateOnly.Parse("1900-01-01").DayNumber, DateOnly.Parse("2100-12-31").DayNumber)),
            (type, n) =>
            {
                var d = DateOnly.FromDayNumber(n);
                var p = Period.Containing(type, d);
                return p.Contains(d) && p.Type == type;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_AYearContainsItsHalvesQuartersMonthsAndDays() =>
        Prop.ForAll(Arb.From(Gen.Choose(1900, 2100)), y =>
        {
            var year = Period.Year(y);
            var halves = Enumerable.Range(1, 2).Select(h => Period.SixMonth(y, h)).ToList();
            var quarters = Enumerable.Range(1, 4).Select(q => Period.Quarter(y, q)).ToList();
            var months = Enumerable.Range(1, 12).Select(m => Period.Month(y, m)).ToList();
            var days = Enumerable.Range(0, year.Days).Select(i => Period.Day(year.Start.AddDays(i))).ToList();
            return halves.All(year.Contains) && quarters.All(year.Contains) && months.All(year.Contains)
                && days.All(year.Contains) && days.Count == (DateTime.IsLeapYear(y) ? 366 : 365)
                && months.Sum(m => m.Days) == year.Days
                && !year.Contains(year.Next().Start) && !year.Contains(year.Start.AddDays(-1));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_RangeOfAYearYieldsTwelveConsecutiveMonths() =>
        Prop.ForAll(Arb.From(Gen.Choose(1900, 2100)), y =>
        {
            var months = PeriodRange.Of(Period.Year(y)).Periods(PeriodType.Month).ToList();
            return months.Count == 12 && months[0] == Period.Month(y, 1)
                && months.Zip(months.Skip(1)).All(pair => pair.First.Next() == pair.Second);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Week52Of9999_IsRefused_ForItWouldEndInTheYear10000()
    {
        Assert.False(Period.TryParse("9999W52", out _, out var error));
        Assert.Contains("01–51", error);
        Assert.Equal(new DateOnly(9999, 12, 26), Period.Parse("9999W51").End);
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Week(9999, 52));
        Assert.Throws<ArgumentException>(() => Period.Containing(PeriodType.Week, new DateOnly(9999, 12, 31)));
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("9999S2")]
    [InlineData("9999Q4")]
    [InlineData("9999-12")]
    [InlineData("9999W51")]
    [InlineData("9999-12-31")]
    public void TheLastPeriodOfEachType_HasNoNext(string id)
    {
        var last = Period.Parse(id);
        Assert.False(last.HasNext);
        Assert.Throws<InvalidOperationException>(() => last.Next());
        Assert.True(last.Previous().HasNext);
        Assert.Equal(last, last.Previous().Next());
    }
}
