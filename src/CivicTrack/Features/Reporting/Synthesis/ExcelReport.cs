using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>
/// Writes the synthesized report's figures as an Excel workbook: an "About" sheet naming the report, then one sheet
/// per table with a header row and numbers stored as numbers, so the figures can be recomputed.
/// </summary>
public static class ExcelReport
{
    /// <summary>The MIME type of the workbook, for downloads.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's limit on a sheet name's length.</summary>
    public const int MaxSheetName = 31;

    private static readonly char[] ForbiddenInSheetName = ['[', ']', ':', '*', '?', '/', '\\'];

    /// <summary>Writes the workbook to <paramref name="output"/>.</summary>
    public static void Write(SynthesisDocument doc, Stream output)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(output);
        var text = SynthesisText.For(doc.Culture);
        var tables = doc.Sections.SelectMany(s => s.Tables).ToList();
        var names = SheetNames(text["Excel.AboutSheet"], tables.Select(t => t.Title), n => text.Format("Table.Fallback", n));

        var sheets = new Dictionary<string, object> { [names[0]] = About(doc, text) };
        for (var i = 0; i < tables.Count; i++) sheets[names[i + 1]] = Sheet(tables[i]);

        var configuration = new OpenXmlConfiguration { EnableAutoWidth = true, FastMode = true, FreezeRowCount = 1 };
        // MiniExcel's fast mode seeks back in its output, so the workbook is assembled in memory first.
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>The workbook as bytes.</summary>
    public static byte[] ToBytes(SynthesisDocument doc)
    {
        using var buffer = new MemoryStream();
        Write(doc, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The names of the About sheet and of one sheet per table: each title without the characters Excel forbids, cut to
    /// 31 characters, and made unique ignoring case as Excel compares them ("Kết quả (2)").
    /// </summary>
    public static IReadOnlyList<string> SheetNames(string aboutSheet, IEnumerable<string> tableTitles, Func<int, string> fallback)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string> { Unique(Clean(aboutSheet) is { Length: > 0 } a ? a : "Sheet", used) };
        var n = 0;
        foreach (var title in tableTitles)
        {
            n++;
            var name = Clean(title);
            names.Add(Unique(name.Length > 0 ? name : Clean(fallback(n)), used));
        }
        return names;
    }

    private static string Clean(string? title)
    {
        var chars = (title ?? "").Select(c => Array.IndexOf(ForbiddenInSheetName, c) >= 0 || char.IsControl(c) ? ' ' : c).ToArray();
        var name = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Excel refuses names that begin or end with an apostrophe, and reserves "History".
        name = name.Trim('\'', ' ');
        if (name.Equals("History", StringComparison.OrdinalIgnoreCase)) name += " 1";
        return Cut(name, MaxSheetName);
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            var suffix = $" ({i})";
            candidate = Cut(name, MaxSheetName - suffix.Length) + suffix;
        }
        return candidate;
    }

    /// <summary>Cuts after a whole word when one ends in the second half, else at a text-element boundary so a letter and its combining mark stay together.</summary>
    private static string Cut(string s, int max)
    {
        if (s.Length <= max) return s;
        var end = 0;
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(s);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > max) break;
            end = next;
        }
        if (s[end] != ' ')
        {
            var space = s.LastIndexOf(' ', end - 1);
            if (space >= max / 2) end = space;
        }
        return s[..end].TrimEnd(' ', '\'', ',', ';', '.', '-');
    }

    private static DataTable About(SynthesisDocument doc, SynthesisText text)
    {
        var table = new DataTable();
        table.Columns.Add(text["Excel.Field"], typeof(string));
        table.Columns.Add(text["Excel.Value"], typeof(string));
        void Add(string key, string value) => table.Rows.Add(text[key], value);
        Add("Excel.Title", doc.Title);
        Add("Excel.DocumentKind", doc.DocumentKind);
        Add("Excel.Number", doc.Number);
        Add("Excel.Date", SynthesisText.ShortDate(doc.Date));
        if (!string.IsNullOrWhiteSpace(doc.ParentAuthority)) Add("Excel.ParentAuthority", doc.ParentAuthority);
        Add("Excel.IssuingUnit", doc.IssuingUnit);
        if (!string.IsNullOrWhiteSpace(doc.SignerName)) Add("Excel.Signer", doc.SignerName);
        return table;
    }

    /// <summary>One sheet per table: number columns typed as numbers, a missing number left as an empty cell.</summary>
    private static DataTable Sheet(SynthesisTable data)
    {
        var table = new DataTable();
        var headers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < data.Columns.Count; i++)
        {
            var column = data.Columns[i];
            var header = string.IsNullOrWhiteSpace(column.Header) ? $"{i + 1}" : column.Header.Trim();
            for (var k = 2; !headers.Add(header); k++) header = $"{column.Header.Trim()} ({k})";
            table.Columns.Add(header, SynthesisText.IsNumeric(column.Format) ? typeof(double) : typeof(string));
        }
        foreach (var row in data.Rows)
        {
            var values = new object[data.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var value = i < row.Count ? row[i] : null;
                values[i] = SynthesisText.IsNumeric(data.Columns[i].Format) ? AsNumber(value) : (object?)AsText(value) ?? DBNull.Value;
            }
            table.Rows.Add(values);
        }
        return table;
    }

    private static object AsNumber(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => (double)f,
        decimal m => (double)m,
        int i => (double)i,
        long l => (double)l,
        _ => DBNull.Value,
    };

    private static string? AsText(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
