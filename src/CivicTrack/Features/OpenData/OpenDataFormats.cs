using System.Globalization;
using System.Text.Json;
using CivicTrack.Engine.Csv;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.OpenData;

/// <summary>A dataset's table written for download: CSV and JSON in a long layout (one figure a line, with a <c>flag</c>
/// saying "suppressed" where a figure is withheld), and a workbook of the same lines with "&lt;5" in withheld cells.</summary>
public static class OpenDataFormats
{
    public const string Suppressed = "suppressed";

    public static string ColumnName(OpenColumn c, string language, IStringLocalizer<OpenDataResource> t) =>
        c.Name is { } name ? name.Pick(language) : t[c.NameKey ?? c.Code];

    public static string ColumnUnit(OpenColumn c, string language) => c.Unit?.Pick(language) ?? "";

    private static IEnumerable<(OpenRow Row, OpenColumn Column, OpenCell Cell)> Lines(OpenTable table)
    {
        foreach (var row in table.Rows)
            for (var i = 0; i < table.Columns.Count; i++)
                yield return (row, table.Columns[i], row.Cells[i]);
    }

    public static byte[] Csv(OpenTable table, string language, IStringLocalizer<OpenDataResource> t)
    {
        var csv = new CsvWriter("unit_code", "unit_name", "period", "item_code", "item_name", "unit_of_measure", "value", "flag");
        foreach (var (row, column, cell) in Lines(table))
        {
            csv.Text(row.UnitCode).Text(row.UnitName).Text(row.Period).Text(column.Code).Text(ColumnName(column, language, t)).Text(ColumnUnit(column, language));
            csv.Number(cell.Suppressed ? null : cell.Value).Text(cell.Suppressed ? Suppressed : "").EndRow();
        }
        return csv.ToBytes();
    }

    public static byte[] Json(OpenDataset d, OpenTable table, string language, string url, IStringLocalizer<OpenDataResource> t)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", d.Slug);
            w.WriteString("title", d.Title.Pick(language));
            w.WriteString("url", url);
            w.WriteString("license", d.Licence);
            w.WriteString("modified", table.Modified.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("language", language);
            w.WriteNumber("suppressBelow", table.Threshold);
            w.WriteString("suppressionNote", t["Suppression.Note", table.Threshold]);
            w.WriteStartArray("columns");
            foreach (var c in table.Columns)
            {
                w.WriteStartObject();
                w.WriteString("code", c.Code);
                w.WriteString("name", ColumnName(c, language, t));
                w.WriteString("unit", ColumnUnit(c, language));
                w.WriteString("format", c.Format.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("periods");
            foreach (var p in table.Periods) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var (row, column, cell) in Lines(table))
            {
                w.WriteStartObject();
                w.WriteString("unit", row.UnitCode);
                w.WriteString("unitName", row.UnitName);
                w.WriteBoolean("total", row.IsTotal);
                w.WriteString("period", row.Period);
                w.WriteString("item", column.Code);
                if (!cell.Suppressed && cell.Value is { } v) w.WriteNumber("value", v);
                else w.WriteNull("value");
                w.WriteBoolean("suppressed", cell.Suppressed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx(OpenDataset d, OpenTable table, string language, IStringLocalizer<OpenDataResource> t)
    {
        var columns = new List<SheetColumn>
        {
            new(t["Col.UnitCode"]), new(t["Col.Unit"]), new(t["Col.Period"]), new(t["Col.ItemCode"]), new(t["Col.Item"]),
            new(t["Col.UnitOfMeasure"]), new(t["Col.Value"], SheetFormat.Decimal), new(t["Col.Flag"]),
        };
        var marker = "<" + table.Threshold.ToString(CultureInfo.InvariantCulture);
        var rows = Lines(table).Select(l => (IReadOnlyList<object?>)new object?[]
        {
            l.Row.UnitCode, l.Row.UnitName, l.Row.Period, l.Column.Code, ColumnName(l.Column, language, t), ColumnUnit(l.Column, language),
            l.Cell.Suppressed ? marker : l.Cell.Value, l.Cell.Suppressed ? t["Flag.Suppressed"].Value : null,
        }).ToList();
        var note = t["Suppression.Note", table.Threshold] + " " + t["Licence.Line", d.Licence];
        return Workbook.ToBytes([new Sheet(t["Xlsx.Sheet"], columns, rows, Title: d.Title.Pick(language), Note: note)]);
    }
}
