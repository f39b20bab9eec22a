using System.Globalization;

namespace CivicTrack.Engine.Periods;

/// <summary>A closed range of days given by one period id or <c>FROM..TO</c> ids (e.g. <c>2025Q1..2025Q4</c>).</summary>
public readonly record struct PeriodRange
{
    /// <summary>Makes the range from <paramref name="start"/> to <paramref name="end"/>, both inclusive.</summary>
    public PeriodRange(DateOnly start, DateOnly end)
    {
        if (end < start)
            throw new ArgumentException($"The range ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));
        Start = start;
        End = end;
    }

    /// <summary>The first day of the range.</summary>
    public DateOnly Start { get; }

    /// <summary>The last day of the range (inclusive).</summary>
    public DateOnly End { get; }

    /// <summary>Splits the range into its first and last day.</summary>
    public void Deconstruct(out DateOnly start, out DateOnly end)
    {
        start = Start;
        end = End;
    }

    /// <summary>The range covering exactly <paramref name="p"/>.</summary>
    public static PeriodRange Of(Period p) => new(p.Start, p.End);

    /// <summary>Parses one period id or <c>FROM..TO</c>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static PeriodRange Parse(string text) =>
        TryParse(text, out var range, out var error) ? range : throw new FormatException(error);

    /// <summary>Parses one period id or <c>FROM..TO</c>; on failure <paramref name="error"/> names the bad part and why.</summary>
    public static bool TryParse(string? text, out PeriodRange range, out string? error)
    {
        range = default;
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = "The period range is empty.";
            return false;
        }
        var dots = s.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            if (!Period.TryParse(s, out var single, out error)) return false;
            range = Of(single);
            return true;
        }
        var fromText = s[..dots].Trim();
        var toText = s[(dots + 2)..].Trim();
        if (fromText.Length == 0 || toText.Length == 0)
        {
            error = $"'{s}': expected FROM..TO, e.g. 2025Q1..2025Q4";
            return false;
        }
        if (!Period.TryParse(fromText, out var from, out error)) return false;
        if (!Period.TryParse(toText, out var to, out error)) return false;
        if (to.End < from.Start)
        {
            error = $"'{s}': the range ends before it starts";
            return false;
        }
        range = new PeriodRange(from.Start, to.End);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="p"/> lies wholly inside the range.</summary>
    public bool Contains(Period p) => p.Start >= Start && p.End <= End;

    /// <summary>Every period of <paramref name="type"/> lying wholly inside the range, in order.</summary>
    public IEnumerable<Period> Periods(PeriodType type)
    {
        // The days of 9999 after its last whole week belong to no week period.
        if (type == PeriodType.Week && Start > new DateOnly(9999, 12, 20)) yield break;
        var p = Period.Containing(type, Start);
        if (p.Start < Start)
        {
            if (p.End >= End || !p.HasNext) yield break;
            p = p.Next();
        }
        while (p.End <= End)
        {
            yield return p;
            if (!p.HasNext) yield break;
            p = p.Next();
        }
    }

    /// <summary>The range as <c>yyyy-MM-dd..yyyy-MM-dd</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}");
}
