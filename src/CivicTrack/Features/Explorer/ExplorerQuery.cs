using System.Globalization;
using System.Text;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Features.Explorer;

/// <summary>The three axes of an explorer table.</summary>
public enum ExplorerAxis { Item, Unit, Period }

/// <summary>Which axis runs down the rows and which across the columns; the third splits the table into sections.</summary>
public sealed record ExplorerLayout(string Id, ExplorerAxis Rows, ExplorerAxis Columns)
{
    public ExplorerAxis Sections => Enum.GetValues<ExplorerAxis>().Single(a => a != Rows && a != Columns);

    /// <summary>The same table turned a quarter: rows become columns.</summary>
    public ExplorerLayout Swapped => All.Single(l => l.Rows == Columns && l.Columns == Rows);

    public static readonly ExplorerLayout[] All =
    [
        new("units-periods", ExplorerAxis.Unit, ExplorerAxis.Period),
        new("periods-units", ExplorerAxis.Period, ExplorerAxis.Unit),
        new("items-units", ExplorerAxis.Item, ExplorerAxis.Unit),
        new("units-items", ExplorerAxis.Unit, ExplorerAxis.Item),
        new("items-periods", ExplorerAxis.Item, ExplorerAxis.Period),
        new("periods-items", ExplorerAxis.Period, ExplorerAxis.Item),
    ];

    public static ExplorerLayout Default => All[0];

    public static ExplorerLayout? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) ? Default : All.FirstOrDefault(l => string.Equals(l.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// An explorer view as the URL carries it: <c>items</c> (indicator or data element codes), <c>units</c> (unit codes; empty:
/// the reader's own units), <c>children</c> (each unit's children instead of the unit), <c>group</c> (an organisation
/// group's units), <c>periods</c> (a period id or <c>FROM..TO</c>), <c>by</c> (month, quarter, half or year: the range cut
/// into periods of that length) and <c>layout</c>. The page and the endpoints read and write the same string.
/// </summary>
public sealed record ExplorerQuery(string? Items, string? Units, bool Children, string? Group, string? Periods, string? By, string? Layout,
    string? Level = null)
{
    /// <summary><c>level</c>: instead of the units themselves, the units of these kinds anywhere beneath them.</summary>
    public static readonly IReadOnlyDictionary<string, CivicTrack.Engine.Organisation.OrgUnitKind[]> Levels =
        new Dictionary<string, CivicTrack.Engine.Organisation.OrgUnitKind[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["commune"] = [CivicTrack.Engine.Organisation.OrgUnitKind.Commune, CivicTrack.Engine.Organisation.OrgUnitKind.Ward, CivicTrack.Engine.Organisation.OrgUnitKind.SpecialZone],
            ["village"] = [CivicTrack.Engine.Organisation.OrgUnitKind.Village, CivicTrack.Engine.Organisation.OrgUnitKind.ResidentialGroup],
            ["department"] = [CivicTrack.Engine.Organisation.OrgUnitKind.Department],
        };

    public const int MaxItems = 40;
    public const int MaxUnits = 2000;
    public const int MaxTextLength = 4000;

    public static readonly string[] ByValues = ["month", "quarter", "half", "year"];

    public IReadOnlyList<string> ItemCodes => Split(Items);
    public IReadOnlyList<string> UnitCodes => Split(Units);

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public static PeriodType? ByType(string? by) => by?.Trim().ToLowerInvariant() switch
    {
        "month" => PeriodType.Month,
        "quarter" => PeriodType.Quarter,
        "half" => PeriodType.SixMonth,
        "year" => PeriodType.Year,
        _ => null,
    };

    /// <summary>The range cut into periods of <paramref name="type"/>, as a period list (<c>2025Q1..2025Q4</c>): the first
    /// and last periods are those holding the range's first and last days.</summary>
    public static string Expand(PeriodRange range, PeriodType type) =>
        $"{Period.Containing(type, range.Start).Id}..{Period.Containing(type, range.End).Id}";

    /// <summary>The query string (without "?"), parameters in a fixed order and only those set.</summary>
    public string ToQueryString()
    {
        var sb = new StringBuilder();
        void Add(string name, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (sb.Length > 0) sb.Append('&');
            sb.Append(name).Append('=').Append(Uri.EscapeDataString(value.Trim()));
        }
        Add("items", Items);
        Add("units", Units);
        if (Children) Add("children", "true");
        Add("level", Level);
        Add("group", Group);
        Add("periods", Periods);
        Add("by", By);
        if (Layout is { } l && !string.Equals(l, ExplorerLayout.Default.Id, StringComparison.OrdinalIgnoreCase)) Add("layout", l);
        return sb.ToString();
    }

    /// <summary>Reads a query string ("?items=...&amp;units=..." or without "?").</summary>
    public static ExplorerQuery FromQueryString(string? query)
    {
        var values = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query ?? "");
        string? Get(string name) => values.TryGetValue(name, out var v) ? v.ToString() : null;
        return new(Get("items"), Get("units"), string.Equals(Get("children"), "true", StringComparison.OrdinalIgnoreCase), Get("group"),
            Get("periods"), Get("by"), Get("layout"), Get("level"));
    }

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
