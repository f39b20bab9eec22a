using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Dossiers;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Dossiers;

/// <summary>The dossier push API, the metrics and the drill-down list on the demo instance. Each test works in months of
/// 2024, which the demo leaves empty, so the figures it checks are its own.</summary>
public abstract class DossierApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;

    private const string Header = "dossier_code,procedure_code,procedure_name,sector,service_level,channel,receiving_unit_code,handling_unit_code,received_at,due_at,finished_at,returned_at,status,digitized,paid_online,vneid_verified";

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options)!;
    }

    private static async Task<DossierMetricsRow> MetricsAsync(HttpClient client, string unit, string period) =>
        Assert.Single((await Ok<DossierMetricsAnswer>(await client.GetAsync($"/api/dossiers/metrics?unit={unit}&periods={period}", Ct))).Rows);

    private async Task<double?> StoredAsync(HttpClient client, string element, string unit, string period)
    {
        var result = await Ok<AnalyticsResult>(await client.GetAsync($"/api/analytics?indicators={element}&units={unit}&periods={period}", Ct));
        return result.Values.SingleOrDefault(v => v.Item == element && v.Unit == unit && v.Period == period)?.Value;
    }

    [Fact]
    public async Task An_import_counts_added_updated_unchanged_and_refused_rows_and_the_same_file_again_changes_nothing()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var file = $""""
            {Header}
            A1-001,1.001,"Cấp giấy phép xây dựng, nhà ở ""riêng lẻ""",Xây dựng,4,2,08051,08051,2024-03-04T09:00:00+07:00,2024-03-10,2024-03-09,2024-03-09,10,1,1,1
            A1-002,1.001,Cấp giấy phép xây dựng,Xây dựng,4,1,08052,08051,2024-03-04,2024-03-10,2024-03-10,,9,0,0,0
            A1-003,1.002,Đăng ký khai sinh,Hộ tịch,3,2,08051,08051,2024-03-05,2024-03-06,2024-03-08,,10,1,0,1
            A1-004,1.002,Đăng ký khai sinh,Hộ tịch,3,9,08051,08051,2024-03-05,2024-03-06,,,4,0,0,1
            A1-005,1.002,Đăng ký khai sinh,Hộ tịch,3,2,08051,08051,2024-02-30,,,,4,0,0,1
            A1-006,1.002,Đăng ký khai sinh,Hộ tịch,3,2,08051,08051,2024-03-05,2024-03-01,,,4,0,0,maybe
            A1-007,1.002,Đăng ký khai sinh,Hộ tịch,3,2,08051,08051,2024-03-06,2024-03-07,,,4,0,0,0
            """";
        var first = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", Csv(file), Ct));
        Assert.Equal((7L, 4L, 0L, 0L, 3L), (first.Rows, first.Added, first.Updated, first.Unchanged, first.Refused));
        Assert.Contains(first.Problems, p => p is { Line: 5, Column: "channel", Kind: nameof(DossierProblemKind.ChannelOutOfRange), Value: "9" });
        Assert.Contains(first.Problems, p => p is { Line: 6, Column: "received_at", Kind: nameof(DossierProblemKind.ImpossibleDate), Value: "2024-02-30" });
        Assert.Contains(first.Problems, p => p is { Line: 7, Column: "vneid_verified", Kind: nameof(DossierProblemKind.BadBoolean) });
        Assert.Contains(first.Problems, p => p is { Line: 7, Column: "due_at", Kind: nameof(DossierProblemKind.DueBeforeReceived) });
        Assert.All(first.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));

        var march = await MetricsAsync(manager, "08051", "2024-03");
        Assert.Equal((4L, 3L, 1L, 1L, 1L, 1L), (march.Received, march.Finished, march.Early, march.OnTime, march.Late, march.CrossBoundary));
        Assert.Equal((3L, 2L, 1L, 2L), (march.Online, march.Digitized, march.PaidOnline, march.VneidVerified));
        Assert.Equal(66.67, march.OnTimeRate);
        Assert.Equal(75, march.OnlineRate);
        Assert.Equal(25, march.CrossBoundaryRate);
        Assert.Equal(33.33, march.OnlinePaymentRate);
        // A-007 is open and was due on 7 March: overdue at the month's end.
        Assert.Equal(1, march.OpenOverdue);

        // The counts are the handling unit's data values, so the indicators move at once.
        Assert.Equal(4, await StoredAsync(manager, "DOSSIERS_RECEIVED", "08051", "2024-03"));
        Assert.Equal(2, await StoredAsync(manager, "DOSSIERS_ON_TIME", "08051", "2024-03"));
        Assert.Equal(75, await StoredAsync(manager, "IND_DOSSIERS_ONLINE_PCT", "08051", "2024-03"));

        var again = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", Csv(file), Ct));
        Assert.Equal((7L, 0L, 0L, 4L, 3L), (again.Rows, again.Added, again.Updated, again.Unchanged, again.Refused));
        Assert.Equal(march, await MetricsAsync(manager, "08051", "2024-03"));

        // The refused rows of an import, as a file.
        var problems = await manager.GetStringAsync($"/api/dossiers/imports/{first.ImportId}/problems", Ct);
        Assert.StartsWith("\uFEFFline,column,reason,value", problems);
        Assert.Contains("5,channel,", problems);
    }

    [Fact]
    public async Task A_later_record_replaces_the_earlier_one_and_moves_the_figures_from_one_month_to_another()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var file = $""""
            {Header}
            B1-001,1.003,Chứng thực,Tư pháp,3,1,08052,08052,2024-04-10,2024-04-12,,,4,0,0,0
            B1-002,1.003,Chứng thực,Tư pháp,3,1,08052,08052,2024-04-10,2024-04-12,2024-04-11,,10,0,0,0
            B1-001,1.003,Chứng thực,Tư pháp,3,1,08052,08052,2024-04-10,2024-04-12,2024-04-15,,10,0,0,0
            """";
        var first = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", Csv(file), Ct));
        // Within a file the later row of a code wins.
        Assert.Equal((3L, 2L, 0L), (first.Rows, first.Added, first.Refused));
        var april = await MetricsAsync(manager, "08052", "2024-04");
        Assert.Equal((2L, 2L, 1L, 1L, 0L), (april.Received, april.Finished, april.Early, april.Late, april.OpenOverdue));

        // A correction moves B1-001's finishing to May, on time: April loses a late one, May gains an on-time one.
        var correction = $""""
            {Header}
            B1-001,1.003,Chứng thực,Tư pháp,3,1,08052,08052,2024-04-10,2024-05-20,2024-05-02T23:30:00Z,,10,0,0,0
            B1-002,1.003,Chứng thực,Tư pháp,3,1,08052,08052,2024-04-10,2024-04-12,2024-04-11,,10,0,0,0
            """";
        var second = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", Csv(correction), Ct));
        Assert.Equal((1L, 1L), (second.Updated, second.Unchanged));
        april = await MetricsAsync(manager, "08052", "2024-04");
        Assert.Equal((2L, 1L, 1L, 0L), (april.Received, april.Finished, april.Early, april.Late));
        var may = await MetricsAsync(manager, "08052", "2024-05");
        // 23:30 UTC on 2 May is 3 May in Vietnam, still before its due date.
        Assert.Equal((0L, 1L, 1L, 1L), (may.Received, may.CarriedOver, may.Finished, may.Early));
        Assert.Equal(1, await StoredAsync(manager, "DOSSIERS_FINISHED", "08052", "2024-04"));
        Assert.Equal(1, await StoredAsync(manager, "DOSSIERS_FINISHED", "08052", "2024-05"));
        // The quarter is the sum of its months.
        var quarter = await MetricsAsync(manager, "08052", "2024Q2");
        Assert.Equal((2L, 2L, 2L, 100.0), (quarter.Received, quarter.Finished, quarter.Early, quarter.OnTimeRate!.Value));
    }

    [Fact]
    public async Task A_machine_token_writes_gzip_and_json_within_its_units_only()
    {
        var reporter = await App.WithTokenAsync("reporter.thuongtan@demo.local", TokenScopes.DossiersWrite, TokenScopes.Read);
        var text = $""""
            {Header}
            C1-001,1.004,Đăng ký kết hôn,Hộ tịch,4,2,08051,08051,2024-06-03,2024-06-05,2024-06-04,,10,1,0,1
            C1-002,1.004,Đăng ký kết hôn,Hộ tịch,4,2,08052,08052,2024-06-03,2024-06-05,2024-06-04,,10,1,0,1
            """";
        var gzip = new MemoryStream();
        await using (var zip = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true)) await zip.WriteAsync(Encoding.UTF8.GetBytes(text), Ct);
        var body = new ByteArrayContent(gzip.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        body.Headers.ContentEncoding.Add("gzip");
        var result = await Ok<DossierImportResult>(await reporter.PostAsync("/api/dossiers", body, Ct));
        Assert.Equal((1L, 1L), (result.Added, result.Refused));
        Assert.Contains(result.Problems, p => p is { Line: 3, Column: "handling_unit_code", Kind: nameof(DossierProblemKind.OutsideScope), Value: "08052" });

        var json = """
            [{"dossier_code": "C1-003", "procedure_code": "1.004", "procedure_name": "Đăng ký kết hôn", "sector": "Hộ tịch", "service_level": 4,
              "channel": 2, "receiving_unit_code": "08051", "handling_unit_code": "08051", "received_at": "2024-06-10T08:00:00+07:00",
              "due_at": "2024-06-12", "finished_at": null, "returned_at": null, "status": 4, "digitized": false, "paid_online": false, "vneid_verified": true},
             {"dossier_code": "C1-004", "procedure_code": "1.004", "channel": 7, "receiving_unit_code": "08051", "handling_unit_code": "08051",
              "received_at": "2024-06-10", "status": 2}]
            """;
        var fromJson = await Ok<DossierImportResult>(await reporter.PostAsync("/api/dossiers", new StringContent(json, Encoding.UTF8, "application/json"), Ct));
        Assert.Equal((2L, 1L, 1L), (fromJson.Rows, fromJson.Added, fromJson.Refused));
        // For JSON the line is the record's position.
        Assert.Contains(fromJson.Problems, p => p is { Line: 2, Column: "channel" });
        Assert.Equal(2, (await MetricsAsync(reporter, "08051", "2024-06")).Received);

        // Without the scope, or as a role that may not push, nothing is written.
        var reader = await App.WithTokenAsync("reporter.thuongtan@demo.local", TokenScopes.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/dossiers", Csv(text), Ct)).StatusCode);
        var approver = await App.SignedInAsync("approver.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsync("/api/dossiers", Csv(text), Ct)).StatusCode);
        // Reading is bounded by the units too.
        var outside = await reporter.GetAsync("/api/dossiers/metrics?unit=08052&periods=2024-06", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("\"unit\"", await outside.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_file_with_a_broken_header_encoding_or_shape_is_refused_whole_with_the_reason()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var row = "D1-001,1.005,Cấp phép,Xây dựng,4,2,08051,08051,2024-07-03,,,,2,0,0,0";
        async Task<string> RefusedAsync(HttpContent content, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var response = await manager.PostAsync("/api/dossiers", content, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
            return body;
        }
        Assert.Contains("dossier_code", await RefusedAsync(Csv(Header.Replace("sector", "dossier_code", StringComparison.Ordinal) + "\n" + row)));
        Assert.Contains("vneid_verified", await RefusedAsync(Csv(Header.Replace(",vneid_verified", "", StringComparison.Ordinal) + "\n" + row)));
        Assert.Contains("colour", await RefusedAsync(Csv(Header + ",colour\n" + row + ",red")));
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Header + "\n"), .. Encoding.Latin1.GetBytes("D1-002,1.005,C\u00e2p,X,4,2,08051,08051,2024-07-03,,,,2,0,0,0\n")]);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Contains("UTF-8", await RefusedAsync(latin1));
        var brokenGzip = new ByteArrayContent([1, 2, 3, 4]);
        brokenGzip.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        brokenGzip.Headers.ContentEncoding.Add("gzip");
        Assert.Contains("gzip", await RefusedAsync(brokenGzip));
        Assert.Contains("file", await RefusedAsync(new StringContent("{\"dossier_code\": 1}", Encoding.UTF8, "application/json")));
        await RefusedAsync(new StringContent("<x/>", Encoding.UTF8, "application/xml"), HttpStatusCode.UnsupportedMediaType);
        // Nothing of any of them was stored.
        Assert.Equal(0, (await MetricsAsync(manager, "08051", "2024-07")).Received);
    }

    [Fact]
    public async Task Metrics_break_down_by_child_and_sector_and_the_list_shows_the_late_and_open_overdue_dossiers()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var file = $""""
            {Header}
            E1-001,2.001,Đăng ký kinh doanh hộ,Đăng ký kinh doanh,4,2,08053,08053,2024-08-01,2024-08-05,2024-08-09,,10,1,1,1
            E1-002,2.002,Khai tử,Hộ tịch,3,1,08053,08053,2024-08-01,2024-08-02,,,5,0,0,0
            E1-003,2.002,Khai tử,Hộ tịch,3,1,08054,08054,2024-08-01,2024-08-31,,,5,0,0,0
            E1-004,2.002,Khai tử,Hộ tịch,3,1,08054,08054,2024-08-01,2024-08-03,,2024-08-02,7,0,0,0
            """";
        await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", Csv(file), Ct));
        var byChild = await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08&periods=2024-08&children=true", Ct));
        var province = byChild.Rows.Single(r => r.Unit == "08");
        Assert.True(province.Received >= 4);
        var first = byChild.Rows.Single(r => r.Unit == "08053");
        Assert.Equal((2L, 1L, 1L), (first.Received, first.Late, first.OpenOverdue));
        // Due on the month's last day is not yet overdue in that month; withdrawn is never open.
        var second = byChild.Rows.Single(r => r.Unit == "08054");
        Assert.Equal((2L, 0L, 0L), (second.Received, second.Finished, second.OpenOverdue));
        Assert.Equal(1, (await MetricsAsync(manager, "08054", "2024-09")).OpenOverdue);
        Assert.Equal(1, (await MetricsAsync(manager, "08054", "2024-09")).CarriedOver);

        var bySector = await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08053&periods=2024-08&by=sector", Ct));
        Assert.Equal(1, bySector.Rows.Single(r => r.Sector == "Đăng ký kinh doanh").Late);
        Assert.Equal(1, bySector.Rows.Single(r => r.Sector == "Hộ tịch").OpenOverdue);
        var months = await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08053&periods=2024-07..2024-09", Ct));
        Assert.Equal(["2024-07", "2024-08", "2024-09"], months.Rows.Select(r => r.Period));

        var late = await Ok<DossierPage>(await manager.GetAsync("/api/dossiers?unit=08053&period=2024-08&late=true", Ct));
        Assert.Equal("E1-001", Assert.Single(late.Items).Code);
        Assert.Equal(4, late.Items[0].DaysLate);
        var open = await Ok<DossierPage>(await manager.GetAsync("/api/dossiers?unit=08&period=2024-08&openOverdue=true", Ct));
        Assert.Contains(open.Items, d => d.Code == "E1-002");
        Assert.DoesNotContain(open.Items, d => d.Code is "E1-003" or "E1-004");

        foreach (var (query, field) in new[] { ("periods=2024W10", "periods"), ("periods=abc", "periods"), ("periods=2024-08&by=colour", "by"), ("periods=", "periods"),
                     ("periods=1999-01", "periods") })
        {
            var bad = await manager.GetAsync($"/api/dossiers/metrics?unit=08053&{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains($"\"{field}\"", await bad.Content.ReadAsStringAsync(Ct));
        }
        var badPage = await manager.GetAsync("/api/dossiers?unit=08053&period=2024-08&pageSize=100000", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("pageSize", await badPage.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_xlsx_sheet_with_the_same_header_imports_like_the_csv()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var sheet = new CivicTrack.Features.Shared.Sheet("dossiers",
            [.. DossierColumns.All.Select(c => new CivicTrack.Features.Shared.SheetColumn(c))],
            [
                ["F1-001", "1.006", "Cấp đổi giấy phép", "Xây dựng", 4, 2, "08051", "08051", "2024-09-02", "2024-09-09", "2024-09-05", "", 10, 1, 1, 0],
                ["F1-002", "1.006", "Cấp đổi giấy phép", "Xây dựng", 4, 5, "08051", "08051", "2024-09-02", "", "", "", 4, 0, 0, 0],
            ]);
        var content = new ByteArrayContent(CivicTrack.Features.Shared.Workbook.ToBytes([sheet]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var result = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", content, Ct));
        Assert.Equal((2L, 1L, 1L), (result.Rows, result.Added, result.Refused));
        Assert.Contains(result.Problems, p => p is { Line: 3, Column: "channel" });
        Assert.Equal(1, (await MetricsAsync(manager, "08051", "2024-09")).Early);
    }
}

public sealed class DossierApiSqliteTests(SqliteDemoApp app) : DossierApiTests(app), IClassFixture<SqliteDemoApp>;
public sealed class DossierApiPostgresTests(PostgresDemoApp app) : DossierApiTests(app), IClassFixture<PostgresDemoApp>;
