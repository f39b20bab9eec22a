using System.Globalization;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Reporting;

/// <summary>How a report form's due date is counted from a period.</summary>
public enum DueRuleKind
{
    /// <summary>A fixed day of the month in which the period ends (e.g. the 25th).</summary>
    DayOfMonth,

    /// <summary>A number of days after the period's last day.</summary>
    DaysAfterEnd,
}

/// <summary>A report form's deadline rule. <see cref="DueRuleKind.DayOfMonth"/>: day <see cref="Days"/> (1–31) of the
/// month in which the period ends, a day past that month's end meaning its last day (31 → 30 September; 29, 30, 31 →
/// 28 or 29 February). <see cref="DueRuleKind.DaysAfterEnd"/>: the period's last day + <see cref="Days"/> (0–366).
/// The due moment is the end of the due date in Vietnam time (UTC+7): a report made on the due date is on time.</summary>
public readonly record struct DueRule(DueRuleKind Kind, int Days)
{
    /// <summary>The largest day a <see cref="DueRuleKind.DayOfMonth"/> rule may name.</summary>
    public const int MaxDayOfMonth = 31;

    /// <summary>The most days a <see cref="DueRuleKind.DaysAfterEnd"/> rule may allow: a year, counting a leap day.</summary>
    public const int MaxDaysAfterEnd = 366;

    /// <summary>The rule's kind; an undefined kind is rejected.</summary>
    public DueRuleKind Kind { get; } = Enum.IsDefined(Kind)
        ? Kind
        : throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown due rule kind.");

    /// <summary>The day of the month, or the days after the period's end, depending on <see cref="Kind"/>.</summary>
    public int Days { get; } = CheckDays(Kind, Days);

    /// <summary>Due on day <paramref name="day"/> (1–31) of the month in which the period ends.</summary>
    public static DueRule DayOfMonth(int day)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, MaxDayOfMonth);
        return new(DueRuleKind.DayOfMonth, day);
    }

    /// <summary>Due <paramref name="days"/> (0–366) days after the period's last day.</summary>
    public static DueRule AfterEnd(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDaysAfterEnd);
        return new(DueRuleKind.DaysAfterEnd, days);
    }

    /// <summary>The last day on which a report for <paramref name="period"/> is on time.</summary>
    public DateOnly DueDate(Period period)
    {
        var end = period.End;
        if (Kind == DueRuleKind.DayOfMonth)
        {
            // The default rule (day 0) is read as day 1 rather than failing on data that was never validated.
            var day = Math.Clamp(Days, 1, DateTime.DaysInMonth(end.Year, end.Month));
            return new DateOnly(end.Year, end.Month, day);
        }
        // The very last representable days have nowhere further to go.
        return DateOnly.FromDayNumber((int)Math.Min((long)end.DayNumber + Days, DateOnly.MaxValue.DayNumber));
    }

    /// <summary>The rule as text: <c>day:25</c> or <c>after:10</c>; <see cref="TryParse"/> reads it back.</summary>
    public string Id => Kind == DueRuleKind.DayOfMonth
        ? string.Create(CultureInfo.InvariantCulture, $"{DayPrefix}{Days}")
        : string.Create(CultureInfo.InvariantCulture, $"{AfterPrefix}{Days}");

    /// <summary>The rule's id.</summary>
    public override string ToString() => Id;

    /// <summary>Parses <c>day:N</c> or <c>after:N</c>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static DueRule Parse(string text) =>
        TryParse(text, out var rule, out var error) ? rule : throw new FormatException(error);

    /// <summary>Parses <c>day:N</c> (1–31) or <c>after:N</c> (0–366), ignoring surrounding whitespace and case;
    /// on failure <paramref name="error"/> quotes the text and says why.</summary>
    public static bool TryParse(string? text, out DueRule rule, out string? error)
    {
        rule = default;
        var s = (text ?? "").Trim();
        error = ParseCore(s, ref rule);
        if (error is null) return true;
        error = $"'{s}': {error}";
        return false;
    }

    private const string DayPrefix = "day:";
    private const string AfterPrefix = "after:";

    private static string? ParseCore(string s, ref DueRule rule)
    {
        if (s.Length == 0) return "a due rule is empty";
        const string Expected = "expected day:N (day of the month, 1–31) or after:N (days after the period ends, 0–366)";
        DueRuleKind kind;
        int prefix;
        if (s.StartsWith(DayPrefix, StringComparison.OrdinalIgnoreCase))
            (kind, prefix) = (DueRuleKind.DayOfMonth, DayPrefix.Length);
        else if (s.StartsWith(AfterPrefix, StringComparison.OrdinalIgnoreCase))
            (kind, prefix) = (DueRuleKind.DaysAfterEnd, AfterPrefix.Length);
        else
            return Expected;
        var digits = s.AsSpan(prefix).Trim();
        if (digits.Length is 0 or > 4) return Expected;
        var n = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return Expected;
            n = n * 10 + (c - '0');
        }
        if (kind == DueRuleKind.DayOfMonth && n is < 1 or > MaxDayOfMonth) return "the day of the month must be 1–31";
        if (kind == DueRuleKind.DaysAfterEnd && n > MaxDaysAfterEnd) return "the days after the period ends must be 0–366";
        rule = new DueRule(kind, n);
        return null;
    }

    private static int CheckDays(DueRuleKind kind, int days) => kind switch
    {
        DueRuleKind.DayOfMonth when days is < 1 or > MaxDayOfMonth =>
            throw new ArgumentOutOfRangeException(nameof(Days), days, "The day of the month must be 1–31."),
        DueRuleKind.DaysAfterEnd when days is < 0 or > MaxDaysAfterEnd =>
            throw new ArgumentOutOfRangeException(nameof(Days), days, "The days after the period ends must be 0–366."),
        _ => days,
    };
}
