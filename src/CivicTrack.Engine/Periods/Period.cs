using System.Globalization;

namespace CivicTrack.Engine.Periods;

/// <summary>The kinds of reporting period, from shortest to longest.</summary>
public enum PeriodType
{
    /// <summary>A single day.</summary>
    Day,
    /// <summary>An ISO 8601 week, Monday to Sunday.</summary>
    Week,
    /// <summary>A calendar month.</summary>
    Month,
    /// <summary>A calendar quarter, starting in January, April, July or October.</summary>
    Quarter,
    /// <summary>A half year, January to June or July to December.</summary>
    SixMonth,
    /// <summary>A calendar year.</summary>
    Year,
}

/// <summary>A calendar period of one type, identified by its first day and written as an ISO-like id
/// (<c>2025</c>, <c>2025S1</c>, <c>2025Q3</c>, <c>2025-10</c>, <c>2025W42</c>, <c>2025-10-10</c>).</summary>
public readonly record struct Period : IComparable<Period>
{
    /// <summary>The first day of the last week that ends by 9999-12-31 (ISO week 51 of 9999): week 52 of 9999 would end in
    /// the year 10000, which no date can hold.</summary>
    private static readonly DateOnly LastWeekStart = new(9999, 12, 20);

    /// <summary>Makes the period of <paramref name="type"/> that starts on <paramref name="start"/>; throws
    /// <see cref="ArgumentException"/> when no period of that type starts on that day, or when it would end after 9999-12-31.</summary>
    public Period(PeriodType type, DateOnly start)
    {
        if (!StartsPeriod(type, start))
            throw new ArgumentException($"{start:yyyy-MM-dd} is not the first day of a {type} period.", nameof(start));
        if (type == PeriodType.Week && start > LastWeekStart)
            throw new ArgumentException($"The week starting {start:yyyy-MM-dd} would end after 9999-12-31.", nameof(start));
        Type = type;
        Start = start;
    }

    /// <summary>Splits the period into its type and first day.</summary>
    public void Deconstruct(out PeriodType type, out DateOnly start)
    {
        type = Type;
        start = Start;
    }

    /// <summary>The period's type.</summary>
    public PeriodType Type { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>The last day of the period (inclusive).</summary>
    public DateOnly End => Type switch
    {
        PeriodType.Day => Start,
        PeriodType.Week => Start.AddDays(6),
        PeriodType.Month => LastDayOfMonthsFrom(Start, 1),
        PeriodType.Quarter => LastDayOfMonthsFrom(Start, 3),
        PeriodType.SixMonth => LastDayOfMonthsFrom(Start, 6),
        _ => new DateOnly(Start.Year, 12, 31),
    };

    /// <summary>Number of days in the period.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The period's id, e.g. <c>2025Q3</c>.</summary>
    public string Id => Type switch
    {
        PeriodType.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodType.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue)):D4}W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):D2}"),
        PeriodType.Month => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}-{Start.Month:D2}"),
        PeriodType.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}Q{(Start.Month - 1) / 3 + 1}"),
        PeriodType.SixMonth => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}S{(Start.Month - 1) / 6 + 1}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}"),
    };

    /// <summary>The year <paramref name="year"/>.</summary>
    public static Period Year(int year)
    {
        CheckYear(year);
        return new Period(PeriodType.Year, new DateOnly(year, 1, 1));
    }

    /// <summary>Half <paramref name="half"/> (1 or 2) of <paramref name="year"/>.</summary>
    public static Period SixMonth(int year, int half)
    {
        CheckYear(year);
        if (half is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(half), half, "The half must be 1 or 2.");
        return new Period(PeriodType.SixMonth, new DateOnly(year, half * 6 - 5, 1));
    }

    /// <summary>Quarter <paramref name="quarter"/> (1–4) of <paramref name="year"/>.</summary>
    public static Period Quarter(int year, int quarter)
    {
        CheckYear(year);
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "The quarter must be 1–4.");
        return new Period(PeriodType.Quarter, new DateOnly(year, quarter * 3 - 2, 1));
    }

    /// <summary>Month <paramref name="month"/> (1–12) of <paramref name="year"/>.</summary>
    public static Period Month(int year, int month)
    {
        CheckYear(year);
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), month, "The month must be 1–12.");
        return new Period(PeriodType.Month, new DateOnly(year, month, 1));
    }

    /// <summary>ISO 8601 week <paramref name="week"/> of ISO week-year <paramref name="isoYear"/>.</summary>
    public static Period Week(int isoYear, int week)
    {
        CheckYear(isoYear);
        var weeks = WeeksIn(isoYear);
        if (week < 1 || week > weeks)
            throw new ArgumentOutOfRangeException(nameof(week), week, $"ISO year {isoYear} has weeks 1–{weeks}.");
        return new Period(PeriodType.Week, DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday)));
    }

    /// <summary>The ISO weeks of <paramref name="isoYear"/> that a period can be: all of them, except in 9999, whose week 52
    /// would end after the last representable day.</summary>
    private static int WeeksIn(int isoYear) => isoYear == 9999 ? 51 : ISOWeek.GetWeeksInYear(isoYear);

    /// <summary>Whether a period of the same type follows this one (false only for the last ones before 10000).</summary>
    public bool HasNext => Type == PeriodType.Week ? Start < LastWeekStart : End < DateOnly.MaxValue;

    /// <summary>The single day <paramref name="day"/>.</summary>
    public static Period Day(DateOnly day) => new(PeriodType.Day, day);

    /// <summary>The period of <paramref name="type"/> that contains <paramref name="day"/>; throws <see cref="ArgumentException"/>
    /// for a day of 9999 after the last whole week when <paramref name="type"/> is a week.</summary>
    public static Period Containing(PeriodType type, DateOnly day) => type switch
    {
        PeriodType.Day => new Period(type, day),
        // Monday-based: DayOfWeek.Sunday is 0, so shift it to 6.
        PeriodType.Week => new Period(type, day.AddDays(-(((int)day.DayOfWeek + 6) % 7))),
        PeriodType.Month => new Period(type, new DateOnly(day.Year, day.Month, 1)),
        PeriodType.Quarter => new Period(type, new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1)),
        PeriodType.SixMonth => new Period(type, new DateOnly(day.Year, (day.Month - 1) / 6 * 6 + 1, 1)),
        PeriodType.Year => new Period(type, new DateOnly(day.Year, 1, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown period type."),
    };

    /// <summary>The period of the same type that follows this one; throws <see cref="InvalidOperationException"/> when none
    /// does (see <see cref="HasNext"/>).</summary>
    public Period Next() => HasNext ? new(Type, End.AddDays(1)) : throw new InvalidOperationException($"No {Type} period follows {Id}.");

    /// <summary>The period of the same type that precedes this one.</summary>
    public Period Previous() => Containing(Type, Start.AddDays(-1));

    /// <summary>Whether <paramref name="other"/> lies wholly inside this period.</summary>
    public bool Contains(Period other) => other.Start >= Start && other.End <= End;

    /// <summary>Whether <paramref name="day"/> lies inside this period.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>Orders by start, then longer periods first, then by type.</summary>
    public int CompareTo(Period other)
    {
        var c = Start.CompareTo(other.Start);
        if (c != 0) return c;
        c = other.End.CompareTo(End);
        return c != 0 ? c : Type.CompareTo(other.Type);
    }

    /// <summary>The period's id.</summary>
    public override string ToString() => Id;

    /// <summary>Parses a period id; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static Period Parse(string id) =>
        TryParse(id, out var period, out var error) ? period : throw new FormatException(error);

    /// <summary>Parses a period id, ignoring surrounding whitespace and the case of S, Q and W.</summary>
    public static bool TryParse(string? id, out Period period) => TryParse(id, out period, out _);

    /// <summary>Parses a period id; on failure <paramref name="error"/> quotes the id and says why.</summary>
    public static bool TryParse(string? id, out Period period, out string? error)
    {
        period = default;
        var s = (id ?? "").Trim();
        error = ParseCore(s, ref period);
        if (error is null) return true;
        error = $"'{s}': {error}";
        return false;
    }

    private static string? ParseCore(string s, ref Period period)
    {
        if (s.Length == 0) return "a period id is empty";
        const string Expected = "expected 2025, 2025S1, 2025Q3, 2025-10, 2025W42 or 2025-10-10";
        if (s.Length < 4 || !AllDigits(s.AsSpan(0, 4))) return Expected;
        var year = Number(s.AsSpan(0, 4));
        if (year < 1) return "year must be 1–9999";
        var rest = s.AsSpan(4);
        if (rest.Length == 0)
        {
            period = Year(year);
            return null;
        }
        var tag = char.ToUpperInvariant(rest[0]);
        var digits = rest[1..];
        switch (tag)
        {
            case 'S' when digits.Length == 1 && AllDigits(digits):
                var half = Number(digits);
                if (half is < 1 or > 2) return "half-year must be 1 or 2";
                period = SixMonth(year, half);
                return null;
            case 'Q' when digits.Length == 1 && AllDigits(digits):
                var quarter = Number(digits);
                if (quarter is < 1 or > 4) return "quarter must be 1–4";
                period = Quarter(year, quarter);
                return null;
            case 'W' when digits.Length == 2 && AllDigits(digits):
                var week = Number(digits);
                var weeks = WeeksIn(year);
                if (week < 1 || week > weeks) return $"week must be 01–{weeks:D2} in {year:D4}";
                period = Week(year, week);
                return null;
            case '-' when digits.Length == 2 && AllDigits(digits):
                var month = Number(digits);
                if (month is < 1 or > 12) return "month must be 01–12";
                period = Month(year, month);
                return null;
            case '-' when digits.Length == 5 && AllDigits(digits[..2]) && digits[2] == '-' && AllDigits(digits[3..]):
                var m = Number(digits[..2]);
                var d = Number(digits[3..]);
                if (m is < 1 or > 12) return "month must be 01–12";
                var max = DateTime.DaysInMonth(year, m);
                if (d < 1 || d > max) return $"day must be 01–{max} in {year:D4}-{m:D2}";
                period = Day(new DateOnly(year, m, d));
                return null;
            default:
                return Expected;
        }
    }

    private static bool StartsPeriod(PeriodType type, DateOnly d) => type switch
    {
        PeriodType.Day => true,
        PeriodType.Week => d.DayOfWeek == DayOfWeek.Monday,
        PeriodType.Month => d.Day == 1,
        PeriodType.Quarter => d.Day == 1 && d.Month % 3 == 1,
        PeriodType.SixMonth => d.Day == 1 && d.Month % 6 == 1,
        PeriodType.Year => d.Day == 1 && d.Month == 1,
        _ => false,
    };

    private static DateOnly LastDayOfMonthsFrom(DateOnly first, int months)
    {
        var lastMonth = first.Month + months - 1;
        return new DateOnly(first.Year, lastMonth, DateTime.DaysInMonth(first.Year, lastMonth));
    }

    private static void CheckYear(int year)
    {
        if (year is < 1 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "The year must be 1–9999.");
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (c is < '0' or > '9') return false;
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits) n = n * 10 + (c - '0');
        return n;
    }
}
