namespace CivicTrack.Engine.Dossiers;

/// <summary>Why a date of a dossier file could not be read.</summary>
public enum DateProblem
{
    /// <summary>Read.</summary>
    None,
    /// <summary>Not an ISO 8601 date or timestamp.</summary>
    Format,
    /// <summary>A date or time that does not exist (30 February, 25:00).</summary>
    Impossible,
    /// <summary>Before 2000 or after 2099.</summary>
    OutOfRange,
}

/// <summary>Reads the dates of a dossier file as business dates in Vietnam (UTC+7): <c>2025-10-03</c> is that date;
/// <c>2025-10-03T09:15:00+07:00</c>, <c>…Z</c> or <c>…+00:00</c> is converted to Vietnam time first (a space may stand
/// for the <c>T</c>; a time without an offset is Vietnam time). Years 2000 to 2099, of the date in Vietnam.</summary>
public static class DossierDates
{
    /// <summary>The earliest date accepted.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    /// <summary>The latest date accepted.</summary>
    public static readonly DateOnly Latest = new(2099, 12, 31);

    /// <summary>Reads <paramref name="text"/> (not empty) or says why not.</summary>
    public static DateProblem TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return DateProblem.Format;
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day))
            return DateProblem.Format;
        if (month is < 1 or > 12 || day < 1 || day > 31) return DateProblem.Impossible;
        // The range is that of the date in Vietnam, which a timestamp's offset may move by one day across a year's end.
        if (year is < 1999 or > 2100) return DateProblem.OutOfRange;
        if (day > DateTime.DaysInMonth(year, month)) return DateProblem.Impossible;
        var calendar = new DateOnly(year, month, day);
        if (text.Length == 10)
        {
            if (calendar < Earliest || calendar > Latest) return DateProblem.OutOfRange;
            date = calendar;
            return DateProblem.None;
        }
        if (text[10] is not ('T' or 't' or ' ')) return DateProblem.Format;
        var rest = text[11..];
        // hh:mm, then :ss and a fraction, then Z or ±hh:mm (or ±hhmm).
        if (rest.Length < 5 || rest[2] != ':' || !Digits(rest[..2], out var hour) || !Digits(rest.Slice(3, 2), out var minute)) return DateProblem.Format;
        rest = rest[5..];
        var second = 0;
        if (rest.Length > 0 && rest[0] == ':')
        {
            if (rest.Length < 3 || !Digits(rest.Slice(1, 2), out second)) return DateProblem.Format;
            rest = rest[3..];
            if (rest.Length > 0 && rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
                if (digits == 1 || digits > 10) return DateProblem.Format;
                rest = rest[digits..];
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return DateProblem.Impossible;
        int offsetMinutes;
        if (rest.Length == 0) offsetMinutes = 7 * 60;
        else if (rest is "Z" or "z") offsetMinutes = 0;
        else if (rest[0] is '+' or '-' && (rest.Length == 6 && rest[3] == ':' || rest.Length == 5)
                 && Digits(rest.Slice(1, 2), out var oh) && Digits(rest.Length == 6 ? rest.Slice(4, 2) : rest.Slice(3, 2), out var om))
        {
            if (oh > 14 || om > 59) return DateProblem.Impossible;
            offsetMinutes = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
        }
        else return DateProblem.Format;
        // Minutes since the calendar day's midnight in Vietnam: the day moves when the time crosses a Vietnam midnight.
        var vietnamMinutes = hour * 60 + minute - offsetMinutes + 7 * 60;
        var shift = vietnamMinutes < 0 ? -1 : vietnamMinutes >= 24 * 60 ? 1 : 0;
        var shifted = calendar.AddDays(shift);
        if (shifted < Earliest || shifted > Latest) return DateProblem.OutOfRange;
        date = shifted;
        return DateProblem.None;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
