using System.Globalization;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Interop;

/// <summary>Period ids as DHIS2 writes them (<c>202510</c>, <c>2025Q3</c>, <c>2025S1</c>, <c>2025W42</c>, <c>20251010</c>,
/// <c>2025</c>) and as ADX writes them (<c>2025-10-01/P1M</c>, <c>P3M</c>, <c>P6M</c>, <c>P1Y</c>, <c>P7D</c>, <c>P1D</c>),
/// converted to and from <see cref="Period"/>. DHIS2's other period types (bi-monthly, financial years, bi-weekly) have no
/// counterpart here and are refused.</summary>
public static class Dhis2Periods
{
    /// <summary>The DHIS2 id of <paramref name="period"/>.</summary>
    public static string ToDhis2(Period period) => period.Type switch
    {
        PeriodType.Day => period.Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        PeriodType.Week => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(period.Start.ToDateTime(TimeOnly.MinValue))}W{ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue))}"),
        PeriodType.Month => period.Start.ToString("yyyyMM", CultureInfo.InvariantCulture),
        _ => period.Id,
    };

    /// <summary>Reads a DHIS2 period id; CivicTrack's own ids (<c>2025-10</c>, <c>2025-10-10</c>) are taken too.</summary>
    public static bool TryFromDhis2(string? id, out Period period)
    {
        period = default;
        var text = id?.Trim() ?? "";
        if (text.Length == 6 && text.All(char.IsAsciiDigit))
            return TryMake(PeriodType.Month, int.Parse(text[..4], CultureInfo.InvariantCulture), int.Parse(text[4..], CultureInfo.InvariantCulture), 1, out period);
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
            return TryMake(PeriodType.Day, int.Parse(text[..4], CultureInfo.InvariantCulture), int.Parse(text[4..6], CultureInfo.InvariantCulture),
                int.Parse(text[6..], CultureInfo.InvariantCulture), out period);
        // 2025W5 and 2025W05 are the same week; the rest (2025, 2025Q3, 2025S1, 2025-10, 2025-10-10) are CivicTrack's ids as well.
        if (text.Length is 6 or 7 && text[4] is 'W' && text[..4].All(char.IsAsciiDigit) && text[5..].All(char.IsAsciiDigit))
            text = string.Create(CultureInfo.InvariantCulture, $"{text[..4]}W{int.Parse(text[5..], CultureInfo.InvariantCulture):D2}");
        return text.Length > 0 && text[0] != '+' && Period.TryParse(text, out period);
    }

    /// <summary>The ADX period of <paramref name="period"/>: its first day and its ISO 8601 duration.</summary>
    public static string ToAdx(Period period) => string.Create(CultureInfo.InvariantCulture, $"{period.Start:yyyy-MM-dd}/{period.Type switch
    {
        PeriodType.Day => "P1D",
        PeriodType.Week => "P7D",
        PeriodType.Month => "P1M",
        PeriodType.Quarter => "P3M",
        PeriodType.SixMonth => "P6M",
        _ => "P1Y",
    }}");

    /// <summary>Reads an ADX period (<c>2025-10-01/P1M</c>); the first day must start a period of that length
    /// (a quarter on 1 January, April, July or October, a week on a Monday).</summary>
    public static bool TryFromAdx(string? value, out Period period)
    {
        period = default;
        var parts = (value ?? "").Trim().Split('/');
        if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            return false;
        PeriodType? type = parts[1].ToUpperInvariant() switch
        {
            "P1D" => PeriodType.Day,
            "P7D" or "P1W" => PeriodType.Week,
            "P1M" => PeriodType.Month,
            "P3M" => PeriodType.Quarter,
            "P6M" => PeriodType.SixMonth,
            "P1Y" or "P12M" => PeriodType.Year,
            _ => null,
        };
        if (type is not { } t) return false;
        try
        {
            period = new Period(t, start);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TryMake(PeriodType type, int year, int month, int day, out Period period)
    {
        period = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        period = type == PeriodType.Month ? Period.Month(year, month) : Period.Day(new DateOnly(year, month, day));
        return true;
    }
}
