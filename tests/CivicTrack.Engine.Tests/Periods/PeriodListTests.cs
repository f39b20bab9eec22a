using CivicTrack.Engine.Periods;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Periods;

public sealed class PeriodListTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<PeriodColumn> Parse(string text)
    {
        Assert.True(PeriodList.TryParse(text, out var columns, out var error), error);
        Assert.Null(error);
        return columns;
    }

    private static string Refuse(string? text)
    {
        Assert.False(PeriodList.TryParse(text, out var columns, out var error));
        Assert.Empty(columns);
        Assert.NotNull(error);
        return error;
    }

    // ---- accepted forms ----

    [Theory]
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    [InlineData("2025S2", "2025-07-01", "2025-12-31")]
    [InlineData("2025Q3", "2025-07-01", "2025-09-30")]
    [InlineData("2025-10", "2025-10-01", "2025-10-31")]
    [InlineData("2025W42", "2025-10-13", "2025-10-19")]
    [InlineData("2025-10-10", "2025-10-10", "2025-10-10")]
    public void OnePeriod_IsOneColumnLabelledWithIt(string text, string start, string end)
    {
        var column = Assert.Single(Parse(text));
        Assert.Equal(new PeriodColumn(text, new PeriodRange(D(start), D(end))), column);
    }

    [Theory]
    [InlineData("2025Q1..2025Q4", new[] { "2025Q1", "2025Q2", "2025Q3", "2025Q4" })]
    [InlineData("2025S1..2025S2", new[] { "2025S1", "2025S2" })]
    [InlineData("2024..2026", new[] { "2024", "2025", "2026" })]
    [InlineData("2025-11..2026-02", new[] { "2025-11", "2025-12", "2026-01", "2026-02" })]
    [InlineData("2025W52..2026W02", new[] { "2025W52", "2026W01", "2026W02" })]
    [InlineData("2024-02-28..2024-03-01", new[] { "2024-02-28", "2024-02-29", "2024-03-01" })]
    [InlineData("2025Q2..2025Q2", new[] { "2025Q2" })]
    public void RangeOfOneType_IsOneColumnPerPeriod(string text, string[] labels)
    {
        var columns = Parse(text);
        Assert.Equal(labels, columns.Select(c => c.Label));
        Assert.Equal(labels.Select(l => PeriodRange.Of(Period.Parse(l))), columns.Select(c => c.Range));
    }

    [Theory]
    [InlineData("2025-10..2025", "2025-10-01", "2025-12-31")]
    [InlineData("2025Q1..2025-05", "2025-01-01", "2025-05-31")]
    [InlineData("2025W01..2025-01", "2024-12-30", "2025-01-31")]
    [InlineData("2025-10-10..2025Q4", "2025-10-10", "2025-12-31")]
    public void RangeOfMixedTypes_IsOneColumnAsWritten(string text, string start, string end)
    {
        var column = Assert.Single(Parse(text));
        Assert.Equal(new PeriodColumn(text, new PeriodRange(D(start), D(end))), column);
    }

    [Fact]
    public void Items_AreSeparatedByCommas_InOrder_KeepingRepeats()
    {
        var columns = Parse("2025-02,2025-01,2025Q1..2025Q2,2025-01");
        Assert.Equal(["2025-02", "2025-01", "2025Q1", "2025Q2", "2025-01"], columns.Select(c => c.Label));
    }

    [Fact]
    public void Spaces_AroundItemsAndEnds_AreIgnored()
    {
        var columns = Parse(" 2025-01 ,\t2025Q1 .. 2025Q2 ,\n2025-10 ..2025 ");
        Assert.Equal(["2025-01", "2025Q1", "2025Q2", "2025-10 ..2025"], columns.Select(c => c.Label));
    }

    [Fact]
    public void ExpandedColumns_AreLabelledWithTheirIds_OtherItemsAsWritten()
    {
        Assert.Equal(["2025Q1", "2025Q2"], Parse("2025q1..2025q2").Select(c => c.Label));
        Assert.Equal("2025q3", Assert.Single(Parse("2025q3")).Label);
        Assert.Equal("2025w42", Assert.Single(Parse("2025w42")).Label);
    }

    [Theory]
    [InlineData("2025-01,,2025-02", 2)]
    [InlineData(",2025-01,", 1)]
    [InlineData("2025-01, ,\t,2025-02", 2)]
    // A list of nothing but separators names no column; the query answers with no values.
    [InlineData(",", 0)]
    [InlineData(" , , ", 0)]
    public void EmptyItems_AreSkipped(string text, int count) =>
        Assert.Equal(count, Parse(text).Count);

    [Theory]
    [InlineData("9999-11..9999-12", 2)]
    [InlineData("9998..9999", 2)]
    [InlineData("9999S1..9999S2", 2)]
    [InlineData("9999Q3..9999Q4", 2)]
    [InlineData("9999W50..9999W51", 2)]
    [InlineData("9999-12-30..9999-12-31", 2)]
    [InlineData("0001-01-01..0001-01-03", 3)]
    public void RangesEndingInTheLastOrStartingInTheFirstPeriods_AreListed(string text, int count) =>
        Assert.Equal(count, Parse(text).Count);

    // ---- refusals ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void NoText_IsRefusedAsEmpty(string? text) =>
        Assert.Equal("empty", Refuse(text));

    [Theory]
    [InlineData("2025Q5", "'2025Q5': quarter must be 1–4")]
    [InlineData("2025S3", "'2025S3': half-year must be 1 or 2")]
    [InlineData("2025-13", "'2025-13': month must be 01–12")]
    [InlineData("2025W53", "'2025W53': week must be 01–52 in 2025")]
    [InlineData("2025-02-29", "'2025-02-29': day must be 01–28 in 2025-02")]
    [InlineData("0000", "'0000': year must be 1–9999")]
    [InlineData("25Q1", "'25Q1': expected 2025, 2025S1, 2025Q3, 2025-10, 2025W42 or 2025-10-10")]
    [InlineData("2025-01,2025-13", "'2025-13': month must be 01–12")]
    [InlineData("2025Q1..2025Q5", "'2025Q5': quarter must be 1–4")]
    [InlineData("2025X1..2025Q2", "'2025X1': expected 2025, 2025S1, 2025Q3, 2025-10, 2025W42 or 2025-10-10")]
    public void BadPeriod_IsRefused_NamingIt(string text, string error) =>
        Assert.Equal(error, Refuse(text));

    [Theory]
    [InlineData("2025Q4..2025Q1", "'2025Q4..2025Q1': the range ends before it starts")]
    [InlineData(" 2025-12 .. 2025-01 ", "'2025-12 .. 2025-01': the range ends before it starts")]
    [InlineData("2025-01,2026..2025", "'2026..2025': the range ends before it starts")]
    [InlineData("2025..2024-12", "'2025..2024-12': the range ends before it starts")]
    public void RangeEndingBeforeItStarts_IsRefused(string text, string error) =>
        Assert.Equal(error, Refuse(text));

    [Theory]
    [InlineData("2025..", "'2025..': expected FROM..TO, e.g. 2025Q1..2025Q4")]
    [InlineData("..2025", "'..2025': expected FROM..TO, e.g. 2025Q1..2025Q4")]
    [InlineData("..", "'..': expected FROM..TO, e.g. 2025Q1..2025Q4")]
    [InlineData("2025..2025..2026", "'2025..2026': expected 2025, 2025S1, 2025Q3, 2025-10, 2025W42 or 2025-10-10")]
    [InlineData("2025Q1...2025Q4", "'.2025Q4': expected 2025, 2025S1, 2025Q3, 2025-10, 2025W42 or 2025-10-10")]
    public void MalformedRange_IsRefused(string text, string error) =>
        Assert.Equal(error, Refuse(text));

    // ---- limits ----

    [Fact]
    public void ExpandedRanges_MayMakeExactlyTheLimit()
    {
        // 1900-01 to 1983-04 is 1,000 months.
        Assert.Equal(PeriodList.MaxExpandedPeriods, Parse("1900-01..1983-04").Count);
        Assert.Equal(PeriodList.MaxExpandedPeriods, Parse("2025-01..2025-12,1900-01..1982-04").Count);
    }

    [Theory]
    [InlineData("1900-01..1983-05", "'1900-01..1983-05': more than 1000 periods")]
    [InlineData("2025-01..2025-12,1900-01..1982-05", "'1900-01..1982-05': more than 1000 periods")]
    [InlineData("0001..9999", "'0001..9999': more than 1000 periods")]
    [InlineData("0001-01-01..9999-12-31", "'0001-01-01..9999-12-31': more than 1000 periods")]
    [InlineData("0001W01..9999W51", "'0001W01..9999W51': more than 1000 periods")]
    public void ExpandedRanges_BeyondTheLimit_AreRefused_NamingTheItemThatCrossedIt(string text, string error) =>
        Assert.Equal(error, Refuse(text));

    [Fact]
    public void RangeOfMixedTypes_IsOneColumn_HoweverLong()
    {
        var column = Assert.Single(Parse("0001..9999-12"));
        Assert.Equal(new PeriodRange(DateOnly.MinValue, DateOnly.MaxValue), column.Range);
    }

    [Fact]
    public void SinglePeriodItems_DoNotCountTowardTheLimit() =>
        Assert.Equal(1500, Parse(string.Join(",", Enumerable.Repeat("2025-01", 1500))).Count);

    // ---- hostile input ----

    [Theory]
    [InlineData("2025\0")]
    [InlineData("\u00012025")]
    [InlineData("2025\u001bQ1")]
    [InlineData("2025Q1..\u007f2025Q2")]
    [InlineData("\u200b2025")]
    [InlineData("２０２５")]
    [InlineData("2025\u2025Q1")]
    public void ControlAndLookAlikeCharacters_AreRefused(string text) =>
        Assert.StartsWith("'", Refuse(text));

    [Fact]
    public void VeryLongItem_IsRefused()
    {
        var text = new string('9', 100_000);
        Assert.StartsWith("'9999", Refuse(text));
        Assert.StartsWith("'1111", Refuse("2025-01.." + new string('1', 100_000)));
    }

    [Fact]
    public void VeryLongListOfSeparators_GivesNoColumns() =>
        Assert.Empty(Parse(new string(',', 100_000)));

    [Fact]
    public void ManyDotsOrCommas_AreRefusedOrSkipped_WithoutCrashing()
    {
        Assert.StartsWith("'", Refuse(new string('.', 10_000)));
        Assert.StartsWith("'", Refuse(string.Concat(Enumerable.Repeat("2025..", 5_000))));
    }

    // ---- properties ----

    private static Arbitrary<(Period From, Period To)> SameTypePair() =>
        Gen.Elements(Enum.GetValues<PeriodType>())
            .SelectMany(type => Gen.Choose(D("1950-01-01").DayNumber, D("2050-12-31").DayNumber)
                .SelectMany(n => Gen.Choose(0, 40).Select(steps =>
                {
                    var from = Period.Containing(type, DateOnly.FromDayNumber(n));
                    var to = from;
                    for (var i = 0; i < steps; i++) to = to.Next();
                    return (from, to);
                })))
            .ToArbitrary();

    [Fact]
    public void Property_RangeOfOneType_TilesFromStartToEnd_WithoutGaps() =>
        Prop.ForAll(SameTypePair(), pair =>
        {
            var columns = Parse($"{pair.From.Id}..{pair.To.Id}");
            var tiles = columns.Zip(columns.Skip(1)).All(x => x.First.Range.End.AddDays(1) == x.Second.Range.Start);
            return tiles && columns[0].Range.Start == pair.From.Start && columns[^1].Range.End == pair.To.End
                && columns.All(c => PeriodRange.Of(Period.Parse(c.Label)) == c.Range);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_RangeWrittenBackwards_IsRefused() =>
        Prop.ForAll(SameTypePair(), pair =>
            pair.From == pair.To || !PeriodList.TryParse($"{pair.To.Id}..{pair.From.Id}", out _, out _))
            .QuickCheckThrowOnFailure();
}
