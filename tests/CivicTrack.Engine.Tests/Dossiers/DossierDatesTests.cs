using System.Globalization;
using CivicTrack.Engine.Dossiers;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Dossiers;

/// <summary>Dates of a dossier file are calendar dates in Vietnam (UTC+7), whatever offset the file writes them with.</summary>
public sealed class DossierDatesTests
{
    private static DateOnly Read(string text)
    {
        Assert.Equal(DateProblem.None, DossierDates.TryParse(text, out var date));
        return date;
    }

    [Theory]
    [InlineData("2025-10-03", "2025-10-03")]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("2000-01-01", "2000-01-01")]
    [InlineData("2099-12-31", "2099-12-31")]
    public void A_bare_date_is_that_date(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Read(text));

    [Theory]
    // UTC from 17:00 on is the next day in Vietnam.
    [InlineData("2025-10-31T17:30:00Z", "2025-11-01")]
    [InlineData("2025-10-31T17:00:00Z", "2025-11-01")]
    [InlineData("2025-10-31T16:59:59Z", "2025-10-31")]
    [InlineData("2025-10-02T18:30:00Z", "2025-10-03")]
    [InlineData("2025-10-02T18:30:00+00:00", "2025-10-03")]
    [InlineData("2025-10-31T17:30:00+0000", "2025-11-01")]
    [InlineData("2025-12-31T17:00:00Z", "2026-01-01")]
    [InlineData("2024-02-28T17:00:00Z", "2024-02-29")]
    [InlineData("2025-02-28T17:00:00Z", "2025-03-01")]
    // Vietnam's own offset keeps the written date.
    [InlineData("2025-12-31T23:59:59+07:00", "2025-12-31")]
    [InlineData("2025-11-01T00:00:00+07:00", "2025-11-01")]
    [InlineData("2025-10-03T06:59+0700", "2025-10-03")]
    [InlineData("2025-10-03T23:59:59+0700", "2025-10-03")]
    // East of Vietnam, early hours are still the day before.
    [InlineData("2025-01-01T00:10:00+09:00", "2024-12-31")]
    [InlineData("2025-03-01T01:59:00+09:00", "2025-02-28")]
    [InlineData("2024-03-01T01:59:00+09:00", "2024-02-29")]
    [InlineData("2025-03-01T02:00:00+09:00", "2025-03-01")]
    // West of UTC, from noon on is the next day in Vietnam.
    [InlineData("2025-10-03T11:59:00-05:00", "2025-10-03")]
    [InlineData("2025-10-03T12:00:00-05:00", "2025-10-04")]
    [InlineData("2025-10-31T20:00:00-05:00", "2025-11-01")]
    [InlineData("2025-10-31T20:00:00-0500", "2025-11-01")]
    public void A_timestamp_with_an_offset_is_the_date_in_Vietnam(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Read(text));

    [Theory]
    [InlineData("2025-10-31T17:30:00.123Z", "2025-11-01")]
    [InlineData("2025-10-31T16:59:59.9999999Z", "2025-10-31")]
    [InlineData("2025-10-31T23:59:59.5+07:00", "2025-10-31")]
    [InlineData("2025-10-31 17:30:00Z", "2025-11-01")]
    [InlineData("2025-10-31 17:30+00:00", "2025-11-01")]
    [InlineData("2025-10-31T17:30Z", "2025-11-01")]
    [InlineData("2025-10-31 09:15", "2025-10-31")]
    public void Seconds_and_fractions_are_optional_and_a_space_may_stand_for_the_T(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Read(text));

    [Theory]
    [InlineData("2025-10-31T17:30:00", "2025-10-31")]
    [InlineData("2025-10-31T23:59:59", "2025-10-31")]
    [InlineData("2025-10-31T00:00:00", "2025-10-31")]
    [InlineData("2025-12-31 23:59:59.999", "2025-12-31")]
    public void A_timestamp_without_an_offset_is_Vietnam_time(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Read(text));

    [Fact]
    public void Only_the_date_is_kept_so_two_times_of_one_Vietnam_day_read_the_same()
    {
        Assert.Equal(Read("2025-10-03"), Read("2025-10-03T08:00:00+07:00"));
        Assert.Equal(Read("2025-10-03T08:00:00+07:00"), Read("2025-10-02T17:00:00Z"));
        Assert.Equal(Read("2025-10-02T17:00:00Z"), Read("2025-10-03T16:59:59.999Z"));
        Assert.NotEqual(Read("2025-10-02T16:59:59Z"), Read("2025-10-02T17:00:00Z"));
    }

    [Theory]
    [InlineData("2025-02-29")]
    [InlineData("2024-02-30")]
    [InlineData("2025-04-31")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-10-00")]
    [InlineData("2025-10-32")]
    [InlineData("2025-10-03T25:00")]
    [InlineData("2025-10-03T24:00:00+07:00")]
    [InlineData("2025-10-03T10:60Z")]
    [InlineData("2025-10-03T10:00:60Z")]
    [InlineData("2025-02-29T17:30:00Z")]
    public void An_impossible_date_or_time_is_refused_as_impossible(string text)
    {
        Assert.Equal(DateProblem.Impossible, DossierDates.TryParse(text, out var date));
        Assert.Equal(default, date);
    }

    [Theory]
    [InlineData("03/10/2025")]
    [InlineData("2025-1-3")]
    [InlineData("2025-10-3")]
    [InlineData("2025/10/03")]
    [InlineData("20251003")]
    [InlineData("25-10-03")]
    [InlineData("2025-10-03T9:15")]
    [InlineData("2025-10-03T09:5")]
    [InlineData("2025-10-03T")]
    [InlineData("2025-10-03x")]
    [InlineData("2025-10-03T09:15:00+7")]
    [InlineData("2025-10-03T09:15:00+07")]
    [InlineData("2025-10-03T09:15:00 +07:00")]
    [InlineData("2025-10-03T09:15:00GMT")]
    [InlineData("2025-10-03T09:15:00.Z")]
    [InlineData("2025-10-03T09:15.5")]
    [InlineData("２０２５-10-03")]
    [InlineData("3 October 2025")]
    public void A_text_that_is_not_an_ISO_date_is_refused_as_a_bad_format(string text)
    {
        Assert.Equal(DateProblem.Format, DossierDates.TryParse(text, out var date));
        Assert.Equal(default, date);
    }

    [Theory]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("1900-01-01")]
    [InlineData("0000-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-31T23:00:00-05:00")]
    [InlineData("0001-01-01T00:10:00+09:00")]
    // The year is that of the date in Vietnam.
    [InlineData("2000-01-01T00:10:00+09:00")]
    [InlineData("2000-01-01T16:59:59Z", false)]
    [InlineData("2099-12-31T17:00:00Z")]
    [InlineData("2099-12-31T12:00:00-05:00")]
    public void A_date_in_Vietnam_outside_2000_to_2099_is_out_of_range(string text, bool outOfRange = true)
    {
        var problem = DossierDates.TryParse(text, out var date);
        if (outOfRange)
        {
            Assert.Equal(DateProblem.OutOfRange, problem);
            Assert.Equal(default, date);
        }
        else Assert.Equal((DateProblem.None, new DateOnly(2000, 1, 1)), (problem, date));
    }

    [Theory]
    [InlineData("1999-12-31T17:00:00Z", "2000-01-01")]
    [InlineData("1999-12-31T20:00:00-05:00", "2000-01-01")]
    [InlineData("2100-01-01T00:30:00+09:00", "2099-12-31")]
    [InlineData("2100-01-01T00:29:59+07:30", "2099-12-31")]
    public void A_timestamp_written_in_another_year_is_in_range_when_its_date_in_Vietnam_is(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Read(text));

    private static readonly TimeSpan[] Offsets =
        [TimeSpan.Zero, TimeSpan.FromHours(7), TimeSpan.FromHours(-5), TimeSpan.FromHours(9), TimeSpan.FromHours(14), TimeSpan.FromHours(-12),
         new(5, 30, 0), new(-3, -30, 0)];

    private static string OffsetText(TimeSpan offset, int style) =>
        offset == TimeSpan.Zero && style == 0 ? "Z"
        : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(style == 2 ? "hhmm" : @"hh\:mm", CultureInfo.InvariantCulture);

    [Fact]
    public void Property_any_moment_written_with_any_offset_reads_as_its_calendar_date_in_Vietnam() =>
        Prop.ForAll(
            Arb.From(Gen.Frequency(
                (6, Gen.Choose(new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2099, 12, 31).DayNumber)),
                (1, Gen.Elements(new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2099, 12, 31).DayNumber)))),
            Arb.From(Gen.Choose(0, 24 * 60 * 60 - 1)),
            Arb.From(Gen.Elements(Offsets).SelectMany(o => Gen.Choose(0, 7).Select(style => (Offset: o, Style: style)))),
            (day, second, written) =>
            {
                var vietnam = new DateTimeOffset(DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue).AddSeconds(second), TimeSpan.FromHours(7));
                var (offset, style) = written;
                var there = vietnam.ToOffset(offset);
                var time = (style & 4) != 0 ? there.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)
                    : there.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                var text = time + OffsetText(offset, style & 3);
                return DossierDates.TryParse(text, out var date) == DateProblem.None && date == DateOnly.FromDayNumber(day);
            }).QuickCheckThrowOnFailure();
}
