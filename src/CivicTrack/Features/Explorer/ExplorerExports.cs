using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Explorer;

/// <summary>The explorer's table as a sheet: the section, the row, then a column per header — the same rows the page shows.</summary>
public sealed class ExplorerExports(IStringLocalizer<ExplorerResource> x)
{
    public string AxisName(ExplorerAxis axis) => x[$"Axis.{axis}"];

    public Sheet Sheet(ExplorerResult result)
    {
        var t = result.Table;
        var columns = new List<SheetColumn> { new(AxisName(t.SectionAxis)), new(AxisName(t.RowAxis)) };
        columns.AddRange(t.Columns.Select(c => new SheetColumn(c.Label, SheetFormat.Decimal)));
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var section in t.Sections)
            foreach (var row in section.Rows)
            {
                var cells = new List<object?>(columns.Count) { section.Label, row.Label };
                cells.AddRange(row.Values.Select(v => (object?)v));
                rows.Add(cells);
            }
        var periods = result.Data.Periods.Count == 0 ? "" : result.Data.Periods.Count == 1 ? result.Data.Periods[0] : $"{result.Data.Periods[0]} – {result.Data.Periods[^1]}";
        var note = result.LeftOut > 0 ? x["LeftOut", result.LeftOut].Value : null;
        return new Sheet(x["Sheet.Name"], columns, rows, Title: x["Sheet.Title", periods], Note: note);
    }
}
