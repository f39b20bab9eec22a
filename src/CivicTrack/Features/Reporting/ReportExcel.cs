using System.Globalization;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace CivicTrack.Features.Reporting;

/// <summary>A report as an Excel sheet to fill in offline, and the filled sheet read back cell by cell.</summary>
public sealed class ReportExcel(ReportService reports, WorkbookCheck workbooks, IStringLocalizer<ReportResource> t, ILogger<ReportExcel> log)
{
    private static readonly string[] Columns = ["element", "name", "unit", "value", "comment"];

    /// <summary>Sheet "report": one row per data element with the values entered so far; sheet "about": the form, unit and period.</summary>
    public async Task<Outcome<DownloadFile>> TemplateAsync(AccessScope scope, string form, string unit, string period, CancellationToken ct = default)
    {
        var found = await reports.GetAsync(scope, form, unit, period, ct);
        if (found.Value is not { } report) return found.Failed<DownloadFile>();
        var values = report.Values.ToDictionary(v => v.Element);
        // No title line: the header row must stay the first, as the import reads it back.
        var rows = report.Sections.SelectMany(s => s.Fields).Select(f => (IReadOnlyList<object?>)
        [
            f.Element, f.Name.Pick(), f.Unit.Pick(), values.TryGetValue(f.Element, out var v) ? v.Value : null, v?.Comment,
        ]).ToList();
        IReadOnlyList<IReadOnlyList<object?>> about =
        [
            ["form", report.Form, report.FormName.Pick()],
            ["unit", report.Unit, report.UnitName],
            ["period", report.Period, ReportFormat.Period(report.Period)],
            ["due", report.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.DueDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)],
        ];
        var bytes = Workbook.ToBytes(
        [
            new Sheet("report", [.. Columns.Select(c => new SheetColumn(c, c == "value" ? SheetFormat.Decimal : SheetFormat.Text))], rows),
            new Sheet("about", [new SheetColumn("field"), new SheetColumn("value"), new SheetColumn("text")], about),
        ], $"{report.FormName.Pick()} · {report.UnitName} · {ReportFormat.Period(report.Period)}");
        ct.ThrowIfCancellationRequested();
        return new(OutcomeKind.Ok, new DownloadFile($"{report.Form}_{report.Unit}_{report.Period}.xlsx", bytes));
    }

    /// <summary>Reads the "report" sheet; any bad cell refuses the whole file with the cell named (e.g. D7), else the
    /// values are saved as a draft together. The same file again changes nothing.</summary>
    public async Task<Outcome<ReportDto>> ImportAsync(AccessScope scope, string form, string unit, string period, Stream xlsx, CancellationToken ct = default)
    {
        var found = await reports.GetAsync(scope, form, unit, period, ct);
        if (found.Value is not { } report) return found.Failed<ReportDto>();
        var problems = new FieldProblems();
        void Problem(string cell, string message) => problems.Add(cell, message);
        var values = new List<ReportValueInput>();
        var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var ms = new MemoryStream();
        await xlsx.CopyToAsync(ms, ct);
        // Checked whole before MiniExcel reads it: a bomb, a DTD or broken XML is refused with its reason.
        if (workbooks.Check(ms, ct) is { } refusal) return Outcome<ReportDto>.Invalid(refusal.Reason.Cell ?? "file", refusal.Message);
        try
        {
            ms.Position = 0;
            var sheets = ms.GetSheetNames();
            if (sheets.Contains("about"))
            {
                foreach (var row in ms.Query(useHeaderRow: true, sheetName: "about").Cast<IDictionary<string, object?>>())
                {
                    var field = Text(row, "field");
                    var value = Text(row, "value");
                    if (field == "unit" && value is { Length: > 0 } && !string.Equals(value, report.Unit, StringComparison.OrdinalIgnoreCase))
                        Problem("about", t["Excel.OtherUnit", value, report.Unit]);
                    if (field == "period" && value is { Length: > 0 } && value != report.Period)
                        Problem("about", t["Excel.OtherPeriod", value, report.Period]);
                    if (field == "form" && value is { Length: > 0 } && !string.Equals(value, report.Form, StringComparison.OrdinalIgnoreCase))
                        Problem("about", t["Excel.OtherForm", value, report.Form]);
                }
                ms.Position = 0;
            }
            var sheet = sheets.Contains("report") ? "report" : sheets.FirstOrDefault();
            var rows = ms.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
            var header = rows.FirstOrDefault()?.Keys.ToList() ?? [];
            foreach (var missing in new[] { "element", "value" }.Where(c => !header.Contains(c)))
                Problem("A1", t["Excel.MissingColumn", missing]);
            var known = report.Sections.SelectMany(s => s.Fields).Select(f => f.Element).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var rowNumber = 1;
            foreach (var row in problems.Count > 0 ? [] : rows)
            {
                rowNumber++;
                string Cell(string col) => $"{(char)('A' + Math.Max(0, header.IndexOf(col)))}{rowNumber}";
                var element = Text(row, "element");
                if (element is null && Text(row, "value") is null) continue;
                if (element is null || !known.Contains(element)) { Problem(Cell("element"), t["Excel.UnknownElement", element ?? "", report.Form]); continue; }
                if (cells.ContainsKey(element)) { Problem(Cell("element"), t["Excel.DuplicateElement", element, cells[element]]); continue; }
                cells[element] = Cell("value");
                double? value = null;
                switch (row.TryGetValue("value", out var raw) ? raw : null)
                {
                    case null: break;
                    case double d: value = d; break;
                    case int i: value = i; break;
                    case long l: value = l; break;
                    case decimal m: value = (double)m; break;
                    case var other when other.ToString()!.Trim() is { Length: 0 }: break;
                    case var other when ParseNumber(other.ToString()!.Trim()) is { } parsed: value = parsed; break;
                    case var other: Problem(Cell("value"), t["Excel.NotANumber", other.ToString()!]); continue;
                }
                values.Add(new ReportValueInput(element, value, header.Contains("comment") ? Text(row, "comment") : null));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the library trips on in a workbook that passed the checks is the file's fault, not the server's.
            log.LogInformation(e, "Report workbook could not be read");
            return Outcome<ReportDto>.Invalid("file", t["Excel.Unreadable"]);
        }
        if (problems.Count == 0 && values.Count == 0) Problem("A2", t["Excel.Empty"]);
        if (problems.Count > 0) return Outcome<ReportDto>.Invalid(problems.ByField());
        var saved = await reports.SaveAsync(scope, form, unit, period, new ReportInput(values), ct);
        if (saved.Kind == OutcomeKind.Invalid)
            // Name the cell of each refused value rather than the element code.
            return Outcome<ReportDto>.Invalid(saved.Problems.ToDictionary(p => cells.TryGetValue(p.Key, out var cell) ? cell : p.Key, p => p.Value));
        return saved;
    }

    private static string? Text(IDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var v) && v?.ToString()?.Trim() is { Length: > 0 } s ? s : null;

    /// <summary>Numbers typed as text: 1234.5, or Vietnamese 1.234,5.</summary>
    private static double? ParseNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !(s.Contains('.') && s.Contains(',')) ? d
        : double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("vi-VN"), out d) ? d : null;
}
