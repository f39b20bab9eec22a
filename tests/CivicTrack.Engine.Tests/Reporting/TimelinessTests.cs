using CivicTrack.Engine.Reporting;
using CivicTrack.Engine.Time;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class TimelinessTests
{
    private static readonly DateOnly Due = new(2025, 10, 25);

    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Fact]
    public void LateFrom_IsMidnightAfterTheDueDay_VietnamTime()
    {
        var lateFrom = Timeliness.LateFrom(Due);
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 0, 0, 0, TimeSpan.FromHours(7)), lateFrom);
        Assert.Equal(Utc(2025, 10, 25, 17), lateFrom.UtcDateTime);
    }

    [Fact]
    public void SubmittedAtTheLastSecondOfTheDueDay_IsOnTime_OneSecondLater_IsLate()
    {
        var lastSecond = Timeliness.LateFrom(Due).UtcDateTime.AddSeconds(-1);
        Assert.Equal(Utc(2025, 10, 25, 16, 59, 59), lastSecond);
        Assert.True(Timeliness.IsOnTime(lastSecond, Due));
        Assert.False(Timeliness.IsOnTime(lastSecond.AddSeconds(1), Due));
        Assert.True(Timeliness.IsOnTime(lastSecond.AddTicks(TimeSpan.TicksPerSecond - 1), Due));
    }

    [Theory]
    // 23:00 UTC on the 24th is already the 25th in Vietnam: on time, though the UTC date is the day before.
    [InlineData(2025, 10, 24, 23, true)]
    // 02:00 UTC on the 26th is 09:00 on the 26th in Vietnam: late.
    [InlineData(2025, 10, 26, 2, false)]
    // 16:00 UTC on the 25th is 23:00 on the 25th in Vietnam: still on time.
    [InlineData(2025, 10, 25, 16, true)]
    // 18:00 UTC on the 25th, still the 25th in UTC, is 01:00 on the 26th in Vietnam: late.
    [InlineData(2025, 10, 25, 18, false)]
    [InlineData(2025, 10, 1, 0, true)]
    public void TheVietnamDate_Decides_NotTheUtcDate(int y, int mo, int d, int h, bool onTime) =>
        Assert.Equal(onTime, Timeliness.IsOnTime(Utc(y, mo, d, h), Due));

    [Fact]
    public void AcrossTheYearEnd_TheVietnamNewYearComesFirst()
    {
        var due = new DateOnly(2025, 12, 31);
        Assert.True(Timeliness.IsOnTime(Utc(2025, 12, 31, 16, 59, 59), due));
        Assert.False(Timeliness.IsOnTime(Utc(2025, 12, 31, 17), due));
        Assert.Equal(new DateOnly(2026, 1, 1), VietnamTime.Day(Utc(2025, 12, 31, 17)));
    }

    [Theory]
    [InlineData("2025-10-24", true)]
    [InlineData("2025-10-25", true)]
    [InlineData("2025-10-26", false)]
    [InlineData("2026-10-25", false)]
    [InlineData("0001-01-01", true)]
    public void OnTime_ByDay_IsOnOrBeforeTheDueDay(string day, bool onTime) =>
        Assert.Equal(onTime, Timeliness.IsOnTime(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Due));

    [Theory]
    [InlineData("2025-10-25", "2025-10-20", ReportTiming.OnTime)]
    [InlineData("2025-10-25", "2025-12-01", ReportTiming.OnTime)]
    [InlineData("2025-10-26", "2025-10-26", ReportTiming.Late)]
    [InlineData("2025-10-26", "2025-10-25", ReportTiming.Late)]
    [InlineData(null, "2025-10-24", ReportTiming.NotDue)]
    [InlineData(null, "2025-10-25", ReportTiming.NotDue)]
    [InlineData(null, "2025-10-26", ReportTiming.Missing)]
    public void Of_TellsWhereAReportStands(string? submittedOn, string today, ReportTiming timing)
    {
        DateOnly? on = submittedOn is null ? null : DateOnly.Parse(submittedOn, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(timing, Timeliness.Of(on, Due, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Of_AgreesWithIsOnTime_ForEverySubmittedDayAroundTheDueDay()
    {
        for (var offset = -40; offset <= 40; offset++)
        {
            var day = Due.AddDays(offset);
            var expected = Timeliness.IsOnTime(day, Due) ? ReportTiming.OnTime : ReportTiming.Late;
            Assert.Equal(expected, Timeliness.Of(day, Due, Due.AddDays(100)));
            Assert.Equal(expected, Timeliness.Of(day, Due, Due.AddDays(-100)));
        }
    }
}
