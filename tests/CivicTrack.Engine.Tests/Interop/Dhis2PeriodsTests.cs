using CivicTrack.Engine.Interop;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Tests.Interop;

public sealed class Dhis2PeriodsTests
{
    [Theory]
    [InlineData("202510", "2025-10")]
    [InlineData("2025Q3", "2025Q3")]
    [InlineData("2025S1", "2025S1")]
    [InlineData("2025W42", "2025W42")]
    [InlineData("2025W5", "2025W05")]
    [InlineData("20251010", "2025-10-10")]
    [InlineData("2025", "2025")]
    [InlineData("2025-10", "2025-10")]
    [InlineData(" 202512 ", "2025-12")]
    public void Dhis2_ids_read_as_periods(string dhis2, string ours)
    {
        Assert.True(Dhis2Periods.TryFromDhis2(dhis2, out var period));
        Assert.Equal(ours, period.Id);
    }

    [Theory]
    [InlineData("2025-10", "202510")]
    [InlineData("2025Q3", "2025Q3")]
    [InlineData("2025S2", "2025S2")]
    [InlineData("2025W42", "2025W42")]
    [InlineData("2025W05", "2025W5")]
    [InlineData("2025-10-10", "20251010")]
    [InlineData("2025", "2025")]
    public void Periods_write_as_dhis2_ids_and_read_back(string ours, string dhis2)
    {
        var period = Period.Parse(ours);
        Assert.Equal(dhis2, Dhis2Periods.ToDhis2(period));
        Assert.True(Dhis2Periods.TryFromDhis2(dhis2, out var back));
        Assert.Equal(period, back);
    }

    [Theory]
    [InlineData("202513")]
    [InlineData("20250230")]
    [InlineData("202510B")]
    [InlineData("2025April")]
    [InlineData("2025BiW3")]
    [InlineData("2025W54")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("+2025")]
    public void Periods_with_no_counterpart_are_refused(string? dhis2) => Assert.False(Dhis2Periods.TryFromDhis2(dhis2, out _));

    [Theory]
    [InlineData("2025-10-01/P1M", "2025-10")]
    [InlineData("2025-07-01/P3M", "2025Q3")]
    [InlineData("2025-01-01/P6M", "2025S1")]
    [InlineData("2025-01-01/P1Y", "2025")]
    [InlineData("2025-10-13/P7D", "2025W42")]
    [InlineData("2025-10-10/P1D", "2025-10-10")]
    public void Adx_periods_read_and_write(string adx, string ours)
    {
        Assert.True(Dhis2Periods.TryFromAdx(adx, out var period));
        Assert.Equal(ours, period.Id);
        Assert.Equal(adx, Dhis2Periods.ToAdx(period));
    }

    [Theory]
    [InlineData("2025-10-02/P1M")] // not the first of a month
    [InlineData("2025-08-01/P3M")] // not a quarter's start
    [InlineData("2025-10-14/P7D")] // a Tuesday
    [InlineData("2025-10-01/P2M")]
    [InlineData("2025-10-01")]
    [InlineData("2025-13-01/P1M")]
    public void Adx_periods_that_start_no_period_are_refused(string adx) => Assert.False(Dhis2Periods.TryFromAdx(adx, out _));
}
