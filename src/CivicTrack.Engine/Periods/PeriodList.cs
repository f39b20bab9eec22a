namespace CivicTrack.Engine.Periods;

/// <summary>One column of a period list: the label it is shown under and the days it covers.</summary>
public readonly record struct PeriodColumn(string Label, PeriodRange Range);

/// <summary>The period lists of analytics queries: comma-separated items, each a period id (<c>2025Q3</c>), a range of
/// one period type (<c>2025Q1..2025Q4</c>, one column per period) or a range whose ends differ in type
/// (<c>2025-10..2025</c>, one column).</summary>
public static class PeriodList
{
    /// <summary>The most columns a list may hold once its ranges are expanded.</summary>
    public const int MaxExpandedPeriods = 1000;

    /// <summary>Parses a period list; on failure <paramref name="columns"/> is empty and <paramref name="error"/> names
    /// the bad item and why.</summary>
    /// <remarks>Items are trimmed and empty items skipped. An expanded range labels its columns with the periods' ids;
    /// any other item keeps its text as written. Only expanded columns count toward
    /// <see cref="MaxExpandedPeriods"/>, and they are counted as they are made, so a huge range is refused without
    /// being walked to its end.</remarks>
    public static bool TryParse(string? text, out IReadOnlyList<PeriodColumn> columns, out string? error)
    {
        var list = new List<PeriodColumn>();
        error = string.IsNullOrWhiteSpace(text) ? "empty" : Parse(text, list);
        columns = error is null ? list : [];
        return error is null;
    }

    private static string? Parse(string text, List<PeriodColumn> list)
    {
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = item.Split("..", StringSplitOptions.TrimEntries);
            if (ends.Length == 2 && Period.TryParse(ends[0], out var from) && Period.TryParse(ends[1], out var to) && from.Type == to.Type)
            {
                if (to.Start < from.Start) return $"'{item}': the range ends before it starts";
                for (var p = from; p.Start <= to.Start; p = p.Next())
                {
                    list.Add(new(p.Id, PeriodRange.Of(p)));
                    if (list.Count > MaxExpandedPeriods) return $"'{item}': more than {MaxExpandedPeriods} periods";
                    // The last period of 9999 has no successor to step to.
                    if (p.Start == to.Start) break;
                }
                continue;
            }
            if (!PeriodRange.TryParse(item, out var range, out var error)) return error;
            list.Add(new(item, range));
        }
        return null;
    }
}
