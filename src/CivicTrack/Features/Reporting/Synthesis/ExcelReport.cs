using CivicTrack.Features.Shared;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>
/// Writes the synthesized report as a styled workbook: an "About" sheet naming the report, then one sheet per table with
/// its caption, a bold header row that wraps, numbers stored as numbers with thousands separators, percentages as
/// percentages, the total row in bold, the note on which reports are counted, and the section's charts under its first table.
/// </summary>
public static class ExcelReport
{
    /// <summary>The MIME type of the workbook, for downloads.</summary>
    public const string ContentType = Workbook.ContentType;

    // Drawn as for Word (16 × 8 cm at 180 dpi), shown at 96 dpi.
    private const int ChartWidthPx = 1134, ChartHeightPx = 567, ShownWidth = 605, ShownHeight = 302;

    /// <summary>Writes the workbook to <paramref name="output"/>.</summary>
    public static void Write(SynthesisDocument doc, Stream output)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(output);
        var bytes = ToBytes(doc);
        output.Write(bytes);
    }

    /// <summary>The workbook as bytes.</summary>
    public static byte[] ToBytes(SynthesisDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var text = SynthesisText.For(doc.Culture);
        var tables = doc.Sections.SelectMany(s => s.Tables.Select((t, i) => (Table: t, Section: s, First: i == 0))).ToList();
        var names = SheetNames(text["Excel.AboutSheet"], tables.Select(t => t.Table.Title), n => text.Format("Table.Fallback", n));
        var sheets = new List<Sheet> { About(doc, text, names[0]) };
        var ordinal = 0;
        var chartOrdinal = 0;
        for (var i = 0; i < tables.Count; i++)
        {
            var (table, section, first) = tables[i];
            var charts = first ? section.Charts.Select(c => new SheetImage(ChartImage.Png(c, ChartWidthPx, ChartHeightPx, text.LanguageTag, 2), ShownWidth, ShownHeight)).ToList() : [];
            if (first) chartOrdinal += section.Charts.Count;
            var columns = table.Columns.Select(c => new SheetColumn(c.Header, c.Format switch
            {
                ColumnFormat.Integer => SheetFormat.Integer,
                ColumnFormat.Decimal => SheetFormat.Decimal,
                ColumnFormat.Percent => SheetFormat.Percent,
                _ => SheetFormat.Text,
            })).ToList();
            var caption = table.Columns.Count > 0 ? text.TableCaption(++ordinal, table.Title) : table.Title;
            sheets.Add(new Sheet(names[i + 1], columns, table.Rows, caption, table.LastRowIsTotal, table.Note, charts));
        }
        // A section with charts and no table still hands its charts over.
        foreach (var section in doc.Sections.Where(s => s.Tables.Count == 0 && s.Charts.Count > 0))
            foreach (var chart in section.Charts)
                sheets.Add(new Sheet(chart.Title, [], [], text.ChartCaption(++chartOrdinal, chart.Title), Images:
                    [new SheetImage(ChartImage.Png(chart, ChartWidthPx, ChartHeightPx, text.LanguageTag, 2), ShownWidth, ShownHeight)]));
        return Workbook.ToBytes(sheets, doc.Title);
    }

    /// <summary>
    /// The names of the About sheet and of one sheet per table: each title without the characters Excel forbids, cut to
    /// 31 characters, and made unique ignoring case as Excel compares them ("Kết quả (2)"); an empty title takes the fallback.
    /// </summary>
    public static IReadOnlyList<string> SheetNames(string aboutSheet, IEnumerable<string> tableTitles, Func<int, string> fallback) =>
        Workbook.SheetNames([aboutSheet, .. tableTitles.Select((t, i) => string.IsNullOrWhiteSpace(t) ? fallback(i + 1) : t)]);

    private static Sheet About(SynthesisDocument doc, SynthesisText text, string name)
    {
        var rows = new List<IReadOnlyList<object?>>();
        void Add(string key, string value) => rows.Add([text[key], value]);
        Add("Excel.Title", doc.Title);
        Add("Excel.DocumentKind", doc.DocumentKind);
        Add("Excel.Number", doc.Number);
        Add("Excel.Date", SynthesisText.ShortDate(doc.Date));
        if (!string.IsNullOrWhiteSpace(doc.ParentAuthority)) Add("Excel.ParentAuthority", doc.ParentAuthority);
        Add("Excel.IssuingUnit", doc.IssuingUnit);
        if (!string.IsNullOrWhiteSpace(doc.SignerName)) Add("Excel.Signer", doc.SignerName);
        return new Sheet(name, [new(text["Excel.Field"]), new(text["Excel.Value"])], rows);
    }
}
