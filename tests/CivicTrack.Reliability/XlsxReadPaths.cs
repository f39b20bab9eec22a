using System.IO.Compression;
using CivicTrack.Engine.Files;
using MiniExcelLibs;

namespace CivicTrack.Reliability;

/// <summary>The three ways the app reads an uploaded workbook, each ending in the app's own "bad file" answer or in rows.</summary>
/// <remarks>Every import first passes the workbook through the engine's <see cref="XlsxGuard"/> with the app's default
/// limits, then reads it with MiniExcel inside services that need a database; those reading statements are repeated
/// here as written there — the same MiniExcel calls with the same arguments. The guard must never throw; what MiniExcel
/// throws on a workbook the guard passed is answered by the app as "this file cannot be read" and counted here as
/// such. The bad-input corpus sends the same files through the endpoints themselves.</remarks>
public static class XlsxReadPaths
{
    private static readonly XlsxLimits Limits = new();

    /// <summary>The app answers anything the library throws after the guard as an unreadable file.</summary>
    public static bool IsAnsweredAsUnreadable(Exception e) => e is not OperationCanceledException;

    /// <summary>False when the guard refuses the file (the app's "bad workbook" answer).</summary>
    private static bool Passes(byte[] file) => XlsxGuard.Check(new MemoryStream(file, writable: false), Limits) is null;

    /// <summary>Unit import: every row's cells, as <c>OrgImportService</c> reads them.</summary>
    public static int Units(byte[] file)
    {
        if (!Passes(file)) return -1;
        try
        {
            using var ms = new MemoryStream(file);
            var fields = 0;
            foreach (IDictionary<string, object?> row in ms.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
                fields += row.Count;
            return fields;
        }
        catch (Exception e) when (IsAnsweredAsUnreadable(e))
        {
            return -1;
        }
    }

    /// <summary>Target annex: first sheet with a header row, every cell turned to text as the importer does.</summary>
    public static int TargetAnnex(byte[] file)
    {
        if (!Passes(file)) return -1;
        try
        {
            using var ms = new MemoryStream(file);
            var rows = ms.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            var header = rows.FirstOrDefault()?.Keys.ToList() ?? [];
            var cells = 0;
            foreach (var row in rows)
                foreach (var (_, v) in row)
                    if (v?.ToString() is { Length: > 0 }) cells++;
            return cells + header.Count;
        }
        catch (Exception e) when (IsAnsweredAsUnreadable(e))
        {
            return -1;
        }
    }

    /// <summary>Report sheet: the sheet names, the "about" sheet when there is one, then the "report" sheet (or the first).</summary>
    public static int ReportSheet(byte[] file)
    {
        if (!Passes(file)) return -1;
        try
        {
            using var ms = new MemoryStream(file);
            var sheets = ms.GetSheetNames();
            var cells = 0;
            if (sheets.Contains("about"))
            {
                foreach (var row in ms.Query(useHeaderRow: true, sheetName: "about").Cast<IDictionary<string, object?>>())
                    cells += row.Count(c => c.Value?.ToString()?.Trim() is { Length: > 0 });
                ms.Position = 0;
            }
            var sheet = sheets.Contains("report") ? "report" : sheets.FirstOrDefault();
            var rows = ms.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
            foreach (var row in rows)
                cells += row.Count(c => c.Value?.ToString()?.Trim() is { Length: > 0 });
            return cells;
        }
        catch (Exception e) when (IsAnsweredAsUnreadable(e))
        {
            return -1;
        }
    }

    /// <summary>Valid workbooks of each kind the app reads, made with MiniExcel as the app's own templates are.</summary>
    public static IReadOnlyList<byte[]> Seeds()
    {
        static byte[] Save(object sheets)
        {
            using var ms = new MemoryStream();
            ms.SaveAs(sheets);
            return ms.ToArray();
        }
        var units = new List<Dictionary<string, object?>>
        {
            new() { ["code"] = "08", ["name"] = "Tỉnh Tuyên Quang", ["kind"] = "Province", ["parent_code"] = "", ["opened_on"] = "", ["closed_on"] = "", ["merged_into_code"] = "", ["groups"] = "" },
            new() { ["code"] = "08051", ["name"] = "Xã Thượng Tân", ["kind"] = "Commune", ["parent_code"] = "08", ["opened_on"] = "2025-07-01", ["closed_on"] = "", ["merged_into_code"] = "", ["groups"] = "pilot" },
        };
        var annex = new List<Dictionary<string, object?>>
        {
            new() { ["code"] = "1", ["name"] = "Tỷ lệ hộ có VNeID", ["indicator"] = "HH_VNEID_RATE", ["scope_unit"] = "08", ["comparison"] = ">=", ["value"] = 70.5, ["baseline"] = 50, ["deadline"] = new DateTime(2025, 12, 31) },
            new() { ["code"] = "2", ["name"] = "Mỗi thôn có tổ", ["indicator"] = "", ["scope_unit"] = "08051", ["scope_kind"] = "Village", ["comparison"] = "done", ["value"] = null, ["baseline"] = null, ["deadline"] = "2025-12-31" },
        };
        var report = new List<Dictionary<string, object?>>
        {
            new() { ["section"] = "A", ["element"] = "DOSSIERS_RECEIVED", ["name"] = "Hồ sơ tiếp nhận", ["value"] = 120, ["comment"] = "" },
            new() { ["section"] = "A", ["element"] = "DOSSIERS_ONLINE", ["name"] = "Hồ sơ trực tuyến", ["value"] = "1.234,5", ["comment"] = "ghi chú" },
        };
        var about = new List<Dictionary<string, object?>>
        {
            new() { ["field"] = "unit", ["value"] = "08051", ["text"] = "Xã Thượng Tân" },
            new() { ["field"] = "period", ["value"] = "2025-10", ["text"] = "Tháng 10/2025" },
        };
        return
        [
            Save(new Dictionary<string, object> { ["org_units"] = units }),
            Save(new Dictionary<string, object> { ["targets"] = annex, ["indicators"] = new List<Dictionary<string, object?>> { new() { ["code"] = "HH_VNEID_RATE" } } }),
            Save(new Dictionary<string, object> { ["report"] = report, ["about"] = about }),
        ];
    }

    /// <summary>A workbook with one part changed: an XML part's text mutated, a part dropped, or one part's content put in another.</summary>
    public static byte[] MutateParts(byte[] workbook, Mutator m, IReadOnlyList<string> tokens, IReadOnlyList<string> seeds)
    {
        using var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        var parts = source.Entries.Select(e => (e.FullName, Text: Read(e))).ToList();
        var victim = m.Next(parts.Count);
        var mode = m.Next(4);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i < parts.Count; i++)
            {
                var (name, text) = parts[i];
                if (i == victim)
                {
                    if (mode == 0) continue;
                    text = mode == 1 ? parts[m.Next(parts.Count)].Text : m.Mutate(text, tokens, seeds);
                    if (mode == 3 && m.Chance(0.5)) name = m.Mutate(name, ["/", ".xml", "..", "xl/"], [name], 2);
                }
                var entry = zip.CreateEntry(name.Length == 0 ? "x" : name);
                using var w = new StreamWriter(entry.Open());
                w.Write(text);
            }
        return output.ToArray();
    }

    private static string Read(ZipArchiveEntry e)
    {
        using var r = new StreamReader(e.Open());
        return r.ReadToEnd();
    }
}
