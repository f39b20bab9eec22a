using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Engine.Csv;
using CivicTrack.Features.Explorer;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CivicTrack.Tests.Explorer;

/// <summary>GET /api/explore and the pinned views on the demo province: the explorer's cells are the analytics API's,
/// however laid out; its exports carry the table; units outside the reader's are left out and counted; bad or oversized
/// queries are refused naming the parameter; pins belong to their account.</summary>
public abstract class ExplorerApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Items = "IND_HH_VNEID_PCT,HH_TOTAL";
    private const string View = $"items={Items}&units=08051,08052,08053&periods=2025-01..2025-12&by=quarter";

    private static async Task<ExplorerResult> GetAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/explore?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ExplorerResult>(Json.Options, Ct))!;
    }

    /// <summary>Every table cell keyed by (item, unit, period), read back through the layout's axes.</summary>
    private static Dictionary<(string, string, string), double?> CellsOf(ExplorerTable table)
    {
        var cells = new Dictionary<(string, string, string), double?>();
        foreach (var section in table.Sections)
            foreach (var row in section.Rows)
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    string Key(ExplorerAxis axis) => table.SectionAxis == axis ? section.Key : table.RowAxis == axis ? row.Key : table.Columns[i].Key;
                    cells.Add((Key(ExplorerAxis.Item), Key(ExplorerAxis.Unit), Key(ExplorerAxis.Period)), row.Values[i]);
                }
        return cells;
    }

    [Fact]
    public async Task Cells_equal_the_analytics_answer_in_every_layout_and_swapping_rows_and_columns_keeps_them()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var analytics = (await manager.GetFromJsonAsync<AnalyticsResult>(
            $"/api/analytics?indicators={Items}&units=08051,08052,08053&periods=2025Q1..2025Q4", Json.Options, Ct))!;
        var expected = analytics.Values.ToDictionary(c => (c.Item, c.Unit, c.Period), c => c.Value);
        Assert.Equal(2 * 3 * 4, expected.Count);
        Assert.Contains(expected.Values, v => v is > 0);

        var first = await GetAsync(manager, View);
        Assert.Equal(analytics.Values, first.Data.Values);
        Assert.Equal(["2025Q1", "2025Q2", "2025Q3", "2025Q4"], first.Data.Periods);
        Assert.Equal(0, first.LeftOut);
        foreach (var layout in ExplorerLayout.All)
        {
            var result = await GetAsync(manager, $"{View}&layout={layout.Id}");
            Assert.Equal((layout.Rows, layout.Columns), (result.Table.RowAxis, result.Table.ColumnAxis));
            Assert.Equal(expected, CellsOf(result.Table));
            var swapped = await GetAsync(manager, $"{View}&layout={layout.Swapped.Id}");
            Assert.Equal((result.Table.RowAxis, result.Table.ColumnAxis), (swapped.Table.ColumnAxis, swapped.Table.RowAxis));
            Assert.Equal(CellsOf(result.Table), CellsOf(swapped.Table));
        }
        // The query is given back normalised, and reading it again gives the same view.
        var again = await GetAsync(manager, first.Query);
        Assert.Equal(first.Data.Values, again.Data.Values);
    }

    [Fact]
    public async Task Csv_and_xlsx_exports_hold_the_rows_and_values_of_the_table()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var table = (await GetAsync(manager, View)).Table;
        var expected = table.Sections.SelectMany(s => s.Rows.Select(r => (Section: s.Label, Row: r.Label, r.Values))).ToList();

        var csvResponse = await manager.GetAsync($"/api/explore?{View}&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.StartsWith("text/csv", csvResponse.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.True(CsvReader.TryDecodeUtf8(bytes, out var text, out _));
        var csv = CsvReader.Parse(text);
        Assert.Equal(table.Columns.Select(c => c.Label), csv[0].Fields.Skip(2));
        Assert.Equal(expected.Count, csv.Count - 1);
        for (var i = 0; i < expected.Count; i++)
        {
            var fields = csv[i + 1].Fields;
            Assert.Equal((expected[i].Section, expected[i].Row), (fields[0], fields[1]));
            Assert.Equal(expected[i].Values, fields.Skip(2).Select(f => f.Length == 0 ? (double?)null : double.Parse(f, CultureInfo.InvariantCulture)));
        }

        var xlsxResponse = await manager.GetAsync($"/api/explore?{View}&format=xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(CivicTrack.Features.Shared.Workbook.ContentType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        var sheet = ReadSheet(await xlsxResponse.Content.ReadAsByteArrayAsync(Ct));
        var header = sheet.FindIndex(r => r.Count > 2 && r[2] == table.Columns[0].Label);
        Assert.True(header >= 0, "no header row in the workbook");
        for (var i = 0; i < expected.Count; i++)
        {
            var row = sheet[header + 1 + i];
            Assert.Equal((expected[i].Section, expected[i].Row), (row[0], row[1]));
            Assert.Equal(expected[i].Values, Enumerable.Range(2, table.Columns.Count).Select(j => j < row.Count ? row[j] : null)
                .Select(f => f is null or "" ? (double?)null : double.Parse(f, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Units_outside_the_readers_units_are_left_out_and_counted_never_shown()
    {
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var response = await reporter.GetAsync($"/api/explore?{View}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonSerializer.Deserialize<ExplorerResult>(body, Json.Options)!;
        Assert.Equal(["08051"], result.Data.Units.Select(u => u.Code));
        Assert.Equal(2, result.LeftOut);
        Assert.DoesNotContain("08052", body, StringComparison.Ordinal);
        Assert.DoesNotContain("08053", body, StringComparison.Ordinal);
        Assert.All(result.Targets, t => Assert.Equal("08051", t.Unit));

        // The same view read by the manager holds the reporter's commune with the same figures.
        var manager = await GetAsync(await shared.App.SignedInAsync("manager@demo.local"), View);
        Assert.Equal(manager.Data.Values.Where(c => c.Unit == "08051"), result.Data.Values);
    }

    [Fact]
    public async Task Level_commune_takes_the_communes_beneath_a_unit_and_a_commune_reader_keeps_its_own()
    {
        var query = "items=HH_TOTAL&units=08&level=commune&periods=2025";
        var manager = await GetAsync(await shared.App.SignedInAsync("manager@demo.local"), query);
        Assert.Contains(manager.Data.Units, u => u.Code == "08051");
        Assert.DoesNotContain(manager.Data.Units, u => u.Code == "08");
        Assert.All(manager.Data.Units, u => Assert.Matches("^(Xã|Phường|Đặc khu) ", u.Name));
        var reporter = await GetAsync(await shared.App.SignedInAsync("reporter.thuongtan@demo.local"), query);
        Assert.Equal(["08051"], reporter.Data.Units.Select(u => u.Code));
        Assert.Equal(manager.Data.Units.Count - 1, reporter.LeftOut);
        Assert.Contains("units=08&", reporter.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("items=NO_SUCH_CODE&periods=2025", "items")]
    [InlineData("periods=2025", "items")]
    [InlineData("items=HH_TOTAL&periods=2025-13", "periods")]
    [InlineData("items=HH_TOTAL&periods=2025-12..2025-01", "periods")]
    [InlineData("items=HH_TOTAL&periods=2025-12..2025-01&by=quarter", "periods")]
    [InlineData("items=HH_TOTAL", "periods")]
    [InlineData("items=HH_TOTAL&periods=2025&by=fortnight", "by")]
    [InlineData("items=HH_TOTAL&periods=2025&layout=sideways", "layout")]
    [InlineData("items=HH_TOTAL&periods=2025&format=pdf", "format")]
    [InlineData("items=HH_TOTAL&periods=2025&units=NOWHERE", "units")]
    [InlineData("items=HH_TOTAL&periods=2025&group=NOGROUP", "group")]
    [InlineData("items=HH_TOTAL&periods=2025&units=08&level=planet", "level")]
    [InlineData("items=HH_TOTAL,IND_HH_VNEID_PCT,HH_VNEID&units=08&children=true&periods=2000-01..2025-12&by=month", "periods")]
    [InlineData("items=HH_TOTAL&periods=0001..9999&by=month", "periods")]
    public async Task Bad_or_oversized_queries_are_refused_with_400_naming_the_field(string query, string field)
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var response = await manager.GetAsync($"/api/explore?{query}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{query}: expected '{field}' in {body}");
    }

    [Fact]
    public async Task Absurdly_long_parameters_are_refused_naming_the_field()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var longItems = string.Join(',', Enumerable.Repeat("HH_TOTAL_X", 600));
        foreach (var (query, field) in new[] { ($"items={longItems}&periods=2025", "items"), ($"items=HH_TOTAL&periods={new string('9', 5000)}", "periods"),
                     ($"items=HH_TOTAL&periods=2025&units={string.Join(',', Enumerable.Range(0, 900).Select(i => $"U{i}"))}", "units") })
        {
            var response = await manager.GetAsync($"/api/explore?{query}", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        }
    }

    [Fact]
    public async Task Pins_are_created_listed_and_deleted_by_their_account_only()
    {
        var approver = await shared.App.SignedInAsync("approver.thuongtan@demo.local");
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        foreach (var pin in await approver.GetFromJsonAsync<List<PinnedViewDto>>("/api/explore/pins", Json.Options, Ct) ?? [])
            await approver.DeleteAsync($"/api/explore/pins/{pin.Id}", Ct);

        var created = await approver.PostAsJsonAsync("/api/explore/pins", new PinInput("VNeID các xã", "?" + View), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pinned = (await created.Content.ReadFromJsonAsync<PinnedViewDto>(Json.Options, Ct))!;
        Assert.Equal("VNeID các xã", pinned.Title);
        Assert.Contains("items=IND_HH_VNEID_PCT%2CHH_TOTAL", pinned.Query, StringComparison.Ordinal);

        var own = (await approver.GetFromJsonAsync<List<PinnedViewDto>>("/api/explore/pins", Json.Options, Ct))!;
        Assert.Equal([pinned.Id], own.Select(p => p.Id));
        var others = (await viewer.GetFromJsonAsync<List<PinnedViewDto>>("/api/explore/pins", Json.Options, Ct))!;
        Assert.DoesNotContain(others, p => p.Id == pinned.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.DeleteAsync($"/api/explore/pins/{pinned.Id}", Ct)).StatusCode);
        Assert.Single((await approver.GetFromJsonAsync<List<PinnedViewDto>>("/api/explore/pins", Json.Options, Ct))!);

        // Bad pins are refused naming the field, and an account keeps at most twelve.
        foreach (var (input, field) in new[] { (new PinInput("", View), "title"), (new PinInput(new string('x', 500), View), "title"),
                     (new PinInput("x", "items=NOPE&periods=2025"), "query"), (new PinInput("x", new string('a', 3000)), "query") })
        {
            var refused = await approver.PostAsJsonAsync("/api/explore/pins", input, Json.Options, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True(JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors").TryGetProperty(field, out _));
        }
        for (var i = 1; i < PinnedView.MaxPerAccount; i++)
            Assert.Equal(HttpStatusCode.Created, (await approver.PostAsJsonAsync("/api/explore/pins", new PinInput($"Xem {i}", View), Json.Options, Ct)).StatusCode);
        var thirteenth = await approver.PostAsJsonAsync("/api/explore/pins", new PinInput("Quá nhiều", View), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, thirteenth.StatusCode);
        Assert.Contains("pins", await thirteenth.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await approver.DeleteAsync($"/api/explore/pins/{pinned.Id}", Ct)).StatusCode);
        var left = (await approver.GetFromJsonAsync<List<PinnedViewDto>>("/api/explore/pins", Json.Options, Ct))!;
        Assert.Equal(PinnedView.MaxPerAccount - 1, left.Count);
        Assert.DoesNotContain(left, p => p.Id == pinned.Id);
        foreach (var pin in left) await approver.DeleteAsync($"/api/explore/pins/{pin.Id}", Ct);
    }

    /// <summary>The first sheet as rows of cell texts (numbers as stored), each cell placed by its reference.</summary>
    private static List<List<string?>> ReadSheet(byte[] file)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(file), false);
        var book = doc.WorkbookPart!;
        var first = book.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First();
        var sheet = ((WorksheetPart)book.GetPartById(first.Id!)).Worksheet;
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<List<string?>>();
        foreach (var row in sheet.Descendants<Row>())
        {
            var cells = new List<string?>();
            var position = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                if (cell.CellReference?.Value is { } reference)
                {
                    var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
                    position = letters.Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
                }
                while (cells.Count < position) cells.Add(null);
                var text = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText
                    : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : cell.CellValue?.Text;
                cells.Add(text);
                position = cells.Count;
            }
            rows.Add(cells);
        }
        return rows;
    }
}

public sealed class ExplorerApiSqliteTests(SqliteDemoApp app) : ExplorerApiTests(app), IClassFixture<SqliteDemoApp>;

public sealed class ExplorerApiPostgresTests(PostgresDemoApp app) : ExplorerApiTests(app), IClassFixture<PostgresDemoApp>;
