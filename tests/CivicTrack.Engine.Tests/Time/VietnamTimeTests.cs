using CivicTrack.Engine.Time;

namespace CivicTrack.Engine.Tests.Time;

public sealed class VietnamTimeTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Fact]
    public void Offset_IsSevenHours() => Assert.Equal(TimeSpan.FromHours(7), VietnamTime.Offset);

    [Theory]
    [InlineData(16, 59, 59, 10)]
    [InlineData(17, 0, 0, 11)]
    [InlineData(0, 0, 0, 10)]
    [InlineData(23, 59, 59, 11)]
    public void Day_TurnsAt17HoursUtc(int hour, int minute, int second, int vietnamDay) =>
        Assert.Equal(new DateOnly(2025, 10, vietnamDay), VietnamTime.Day(Utc(2025, 10, 10, hour, minute, second)));

    [Fact]
    public void Day_CrossesMonthAndYearEnds_BeforeUtcDoes()
    {
        Assert.Equal(new DateOnly(2026, 1, 1), VietnamTime.Day(Utc(2025, 12, 31, 17)));
        Assert.Equal(new DateOnly(2025, 12, 31), VietnamTime.Day(Utc(2025, 12, 31, 16, 59, 59)));
        Assert.Equal(new DateOnly(2024, 3, 1), VietnamTime.Day(Utc(2024, 2, 29, 17)));
        Assert.Equal(new DateOnly(2024, 2, 29), VietnamTime.Day(Utc(2024, 2, 28, 17)));
    }

    [Theory]
    // Months where zones with daylight saving change their clocks: Vietnam does not.
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void Day_HasNoDaylightSaving(int month)
    {
        for (var day = 1; day <= 28; day++)
        {
            Assert.Equal(new DateOnly(2025, month, day), VietnamTime.Day(Utc(2025, month, day, 16, 59, 59)));
            Assert.Equal(new DateOnly(2025, month, day).AddDays(1), VietnamTime.Day(Utc(2025, month, day, 17)));
        }
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    public void Day_ReadsAStoredMomentAsUtc_WhateverItsKind(DateTimeKind kind) =>
        Assert.Equal(new DateOnly(2025, 10, 11), VietnamTime.Day(new DateTime(2025, 10, 10, 18, 0, 0, kind)));

    [Fact]
    public void Day_OfAnOffsetMoment_IsTheSameInstantsVietnamDay()
    {
        // 23:30 on the 10th in Hanoi, written in New York, London and Hanoi time.
        var instant = new DateTimeOffset(2025, 10, 10, 23, 30, 0, TimeSpan.FromHours(7));
        Assert.Equal(new DateOnly(2025, 10, 10), VietnamTime.Day(instant));
        Assert.Equal(new DateOnly(2025, 10, 10), VietnamTime.Day(instant.ToOffset(TimeSpan.FromHours(-4))));
        Assert.Equal(new DateOnly(2025, 10, 10), VietnamTime.Day(instant.ToOffset(TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 10, 11), VietnamTime.Day(instant.AddMinutes(30).ToOffset(TimeSpan.FromHours(-4))));
    }

    [Fact]
    public void Day_AtTheEdgesOfTime_StaysInRange()
    {
        Assert.Equal(new DateOnly(1, 1, 1), VietnamTime.Day(DateTime.MinValue));
        Assert.Equal(new DateOnly(9999, 12, 31), VietnamTime.Day(Utc(9999, 12, 31, 16, 59, 59)));
    }

    [Theory]
    [InlineData("2025-10-10T16:59:59Z", "2025-10-10")]
    [InlineData("2025-10-10T17:00:00Z", "2025-10-11")]
    [InlineData("2025-10-11T06:59:59+07:00", "2025-10-11")]
    [InlineData("2025-10-10T23:59:59+07:00", "2025-10-10")]
    [InlineData("2025-10-10T12:00:00-12:00", "2025-10-11")]
    public void Today_IsTheClocksVietnamDate(string now, string today) =>
        Assert.Equal(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture),
            VietnamTime.Today(new FixedClock(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Today_NeedsAClock() =>
        Assert.Throws<ArgumentNullException>(() => VietnamTime.Today(null!));

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    public void Local_IsTheVietnamWallClock_OfAStoredUtcMoment_WhateverItsKind(DateTimeKind kind) =>
        Assert.Equal(new DateTime(2026, 1, 1, 5, 30, 0), VietnamTime.Local(DateTime.SpecifyKind(new DateTime(2025, 12, 31, 22, 30, 0), kind)));
}
