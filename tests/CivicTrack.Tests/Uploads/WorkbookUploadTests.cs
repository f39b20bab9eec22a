using CivicTrack.Engine.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Demo;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using MiniExcelLibs;

namespace CivicTrack.Tests.Uploads;


/// <summary>The unit, target and report imports against hostile and broken workbooks (security review, finding 4 and the
/// workbook part of finding 6): each is refused with a 4xx naming the reason, quickly, without inflating a bomb.</summary>
public abstract class WorkbookUploadTests(SharedApp shared)
{
    private const long BombBytes = 200L * 1024 * 1024;
    private static readonly Lazy<byte[]> Bomb = new(() => TestWorkbooks.Bomb(BombBytes));
    private static readonly Lazy<byte[]> LyingBomb = new(() => TestWorkbooks.LyingBomb(BombBytes));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Importer(string Name, Func<byte[], Task<HttpResponseMessage>> Send);

    /// <summary>The three workbook imports, each as the account that may use it.</summary>
    private async Task<List<Importer>> ImportersAsync()
    {
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var created = await manager.PostAsJsonAsync("/api/plans", new PlanInput($"97/KH-{Guid.NewGuid():N}"[..12], "Kế hoạch tệp", PlanKind.Plan,
            new DateOnly(2025, 1, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = (await created.Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
        static ByteArrayContent Xlsx(byte[] file)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            return content;
        }
        return
        [
            new("units", f => admin.PostAsync("/api/org-units/import", Xlsx(f), Ct)),
            new("targets", f => manager.PostAsync($"/api/plans/{plan.Id}/targets/import", Xlsx(f), Ct)),
            new("report", f => reporter.PostAsync($"/api/reports/{DemoReporting.MonthlyForm}/08051/2025-10/import",
                new MultipartFormDataContent { { Xlsx(f), "file", "report.xlsx" } }, Ct)),
        ];
    }

    private static async Task<string> Refused(Importer import, HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
            $"{import.Name}, {what}: {(int)response.StatusCode} {body}");
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return body;
    }

    [Fact]
    public async Task A_workbook_inflating_to_200_MB_is_refused_by_every_import_within_seconds_and_without_being_inflated()
    {
        var importers = await ImportersAsync();
        foreach (var (label, file) in new[] { ("bomb", Bomb.Value), ("bomb with lying sizes", LyingBomb.Value) })
        {
            Assert.True(file.Length < 2 * 1024 * 1024, $"the {label} is {file.Length} bytes");
            foreach (var import in importers)
            {
                GC.Collect();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var response = await import.Send(file);
                clock.Stop();
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                var body = await Refused(import, response, label);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{import.Name}, {label}: answered after {clock.Elapsed}");
                // The sheet alone is 200 MB of text (400 MB as a .NET string); reading it at all would allocate far more.
                Assert.True(allocated < 64L * 1024 * 1024, $"{import.Name}, {label}: {allocated / 1024 / 1024} MB allocated");
                if (label == "bomb") Assert.Contains("50 MB", body, StringComparison.Ordinal);
            }
        }
    }

    public static TheoryData<string> BrokenCases => ["not a zip", "truncated", "no sheet", "dtd", "malformed xml", "control character", "too many columns", "cell too long"];

    private static byte[] Broken(string name) => name switch
    {
        "not a zip" => [.. "PK\u0003\u0004"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))],
        "truncated" => Valid()[..(Valid().Length / 2)],
        "no sheet" => TestWorkbooks.WithoutSheets(),
        "dtd" => TestWorkbooks.WithSheet("<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
            + TestWorkbooks.SheetStart[TestWorkbooks.SheetStart.IndexOf("<worksheet", StringComparison.Ordinal)..]
            + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>" + TestWorkbooks.SheetEnd),
        "malformed xml" => TestWorkbooks.WithSheet(TestWorkbooks.SheetStart + "<row r=\"1\"><c r=\"A1\"><v>1</c></row>" + TestWorkbooks.SheetEnd),
        "control character" => TestWorkbooks.WithSheet(TestWorkbooks.SheetStart
            + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>code&#1;</t></is></c></row>" + TestWorkbooks.SheetEnd),
        "too many columns" => TestWorkbooks.WithSheet(TestWorkbooks.SheetStart
            + "<row r=\"1\"><c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c></row>" + TestWorkbooks.SheetEnd),
        "cell too long" => TestWorkbooks.WithSheet(TestWorkbooks.SheetStart
            + $"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{new string('x', 40_000)}</t></is></c></row>" + TestWorkbooks.SheetEnd),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Valid()
    {
        using var ms = new MemoryStream();
        ms.SaveAs(Enumerable.Range(1, 200).Select(i => new Dictionary<string, object?> { ["code"] = $"X{i}", ["name"] = $"Tên {i}" }).ToList());
        return ms.ToArray();
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public async Task A_broken_workbook_is_a_4xx_with_a_reason_from_every_import(string broken)
    {
        var file = Broken(broken);
        foreach (var import in await ImportersAsync())
        {
            var body = await Refused(import, await import.Send(file), broken);
            if (broken == "dtd") Assert.Contains("DOCTYPE", body, StringComparison.Ordinal);
            if (broken == "too many columns") Assert.Contains("XFD1", body, StringComparison.Ordinal);
            if (broken == "cell too long") Assert.Contains("A1", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Control_characters_in_imported_text_are_refused_with_line_and_column_and_nothing_is_stored()
    {
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var csv = Encoding.UTF8.GetBytes("code,name,kind,parent_code\n08051-97,Thôn\0Mới,Village,08051\n");
        var response = await admin.PostAsync("/api/org-units/import", new ByteArrayContent(csv), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<ImportRefusal>(Json.Options, Ct))!.Errors);
        Assert.Equal((2, "name", "ControlCharacter"), (error.Line, error.Column, error.Code));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/org-units/08051-97", Ct)).StatusCode);

        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plan = (await (await manager.PostAsJsonAsync("/api/plans", new PlanInput("96/KH-THU", "Kế hoạch ký tự", PlanKind.Plan,
            new DateOnly(2025, 1, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct)).Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
        var target = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}/targets", new TargetInput("1", "Mục\u0001tiêu", null, null, "08",
            null, TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, target.StatusCode);
        Assert.Contains("\"name\"", await target.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var report = await reporter.PutAsJsonAsync($"/api/reports/{DemoReporting.MonthlyForm}/08051/2025-10",
            new ReportInput([], "Ghi chú\0"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Contains("\"comment\"", await report.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

[Collection(FilesOnSqlite.Sqlite)]
public sealed class WorkbookUploadSqliteTests(SqliteDemoApp app) : WorkbookUploadTests(app);

[Collection(FilesOnPostgres.Postgres)]
public sealed class WorkbookUploadPostgresTests(PostgresDemoApp app) : WorkbookUploadTests(app);
