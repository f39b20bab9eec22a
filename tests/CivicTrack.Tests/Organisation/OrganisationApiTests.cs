using CivicTrack.Engine.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;
using MiniExcelLibs;

namespace CivicTrack.Tests.Organisation;

/// <summary>The organisation registry through HTTP, against the real app and a real database.</summary>
public abstract class OrganisationApiTests(SharedApp shared)
{
    // Each import test works under a top unit of its own, created with its administrator.
    private static string RootOf(string test) => test switch
    {
        nameof(Import_of_100_rows_with_3_bad_ones_lists_exactly_those_and_changes_nothing) => "T9",
        nameof(A_good_file_imported_twice_leaves_the_same_tree) => "T8",
        nameof(Changed_rows_count_as_updated_and_groups_are_replaced) => "T7",
        nameof(A_cycle_through_stored_units_is_refused) => "T6",
        nameof(Xlsx_upload_as_multipart_imports_and_the_xlsx_export_reimports_unchanged) => "T5",
        nameof(Create_update_and_merge_through_the_api) => "T4",
        _ => "P1",
    };

    protected abstract DatabaseProvider Provider { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient? _admin;

    /// <summary>The demo province's administrator, whose scope is the whole province.</summary>
    private async Task<HttpClient> DemoAsync() => _admin ??= await shared.App.SignedInAsync("admin@demo.local");

    private async Task<T> Get<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, byte[] file, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync("/api/org-units/import", content, Ct);
    }

    [Fact]
    public async Task Demo_province_is_the_root_with_departments_communes_and_enterprises()
    {
        var client = await DemoAsync();
        var roots = await Get<OrgUnitPage>(client, "/api/org-units");
        var province = Assert.Single(roots.Items);
        Assert.Equal("Tỉnh Tuyên Quang", province.Name);
        var children = await Get<OrgUnitPage>(client, $"/api/org-units?parent={province.Code}&limit=1000");
        Assert.True(children.Items.Count(u => u.Kind is Engine.Organisation.OrgUnitKind.Commune or Engine.Organisation.OrgUnitKind.Ward) >= 40);
        Assert.Equal("Sở Khoa học và Công nghệ", children.Items.First(u => u.Kind == Engine.Organisation.OrgUnitKind.Department).Name);
        Assert.Contains(children.Items, u => u.Name.Contains("VNPT") && u.Kind == Engine.Organisation.OrgUnitKind.Enterprise);
        var villages = await Get<OrgUnitPage>(client, "/api/org-units?kind=Village&limit=1");
        var groups = await Get<OrgUnitPage>(client, "/api/org-units?kind=ResidentialGroup&limit=1");
        Assert.True(villages.Total + groups.Total >= 300);
    }

    [Theory]
    [InlineData("thuong tan", "Xã Thượng Tân")]
    [InlineData("THUONG TÂN", "Xã Thượng Tân")]
    [InlineData("giap trung", "Xã Giáp Trung")]
    [InlineData("minh thanh", "Xã Minh Thanh")]
    public async Task Search_ignores_diacritics_and_case(string query, string expected)
    {
        var page = await Get<OrgUnitPage>(await DemoAsync(), $"/api/org-units?search={Uri.EscapeDataString(query)}");
        Assert.Equal(expected, page.Items[0].Name);
    }

    [Fact]
    public async Task Search_within_a_parent_and_kind_filter_narrow_the_results()
    {
        var client = await DemoAsync();
        var thuongTan = (await Get<OrgUnitPage>(client, "/api/org-units?search=thuong%20tan&kind=Commune")).Items.Single();
        var villages = await Get<OrgUnitPage>(client, $"/api/org-units?search=thon&parent={thuongTan.Code}&limit=1000");
        Assert.NotEmpty(villages.Items);
        Assert.All(villages.Items, v => Assert.Equal(thuongTan.Code, v.ParentCode));
    }

    [Fact]
    public async Task Unknown_kind_is_a_clear_400_and_unknown_parent_a_404()
    {
        var client = await DemoAsync();
        var bad = await client.GetAsync("/api/org-units?kind=Planet&culture=en-GB", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Planet", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/org-units?parent=NOPE", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/org-units/NOPE", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unit_profile_has_parents_children_groups_and_subtree()
    {
        var client = await DemoAsync();
        var code = (await Get<OrgUnitPage>(client, "/api/org-units?search=thuong%20tan&kind=Commune")).Items.Single().Code;
        var detail = await Get<OrgUnitDetailDto>(client, $"/api/org-units/{code}");
        Assert.Equal("Tỉnh Tuyên Quang", Assert.Single(detail.Ancestors).Name);
        Assert.True(detail.Children.Count >= 20);
        Assert.Contains(detail.Groups, g => g.Code == "pilot" && g.Name.In("vi") == "Xã thí điểm");
        Assert.Contains(detail.Groups, g => g.Code == "mountainous");
        var subtree = await Get<List<OrgUnitDto>>(client, $"/api/org-units/{code}/subtree");
        Assert.Equal(detail.Children.Count + 1, subtree.Count);
        Assert.Equal(code, subtree[0].Code);
        Assert.All(subtree.Skip(1), u => Assert.Equal(2, u.Level));
    }

    [Fact]
    public async Task Demo_merger_shows_in_both_units_history()
    {
        var client = await DemoAsync();
        var closed = (await Get<OrgUnitPage>(client, "/api/org-units?kind=Commune&limit=1000")).Items.Where(u => u.MergedIntoCode is not null).ToList();
        Assert.Equal(2, closed.Count);
        Assert.All(closed, u => Assert.Equal(new DateOnly(2025, 7, 1), u.ClosedOn));
        var target = await Get<OrgUnitDetailDto>(client, $"/api/org-units/{closed[0].MergedIntoCode}");
        Assert.Equal(closed.Select(c => c.Code).Order(), target.MergedFrom.Select(m => m.Code).Order());
        Assert.Equal(new DateOnly(2025, 7, 1), target.Unit.OpenedOn);
    }

    [Fact]
    public async Task Import_of_100_rows_with_3_bad_ones_lists_exactly_those_and_changes_nothing()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        var rows = OrgCsv.Province("T9", 20)[..99];
        rows.Add("T9999,Xã Cuối,Commune,T9,2025-07-01,,,");
        Assert.Equal(100, rows.Count);
        rows[10] = "T9002-05,Thôn lạc,Village,ZZ999,2025-07-01,,,";
        rows[40] = "T9008-04,Thôn ngày sai,Village,T9008,2025-02-30,,,";
        rows[70] = "T9014-04,Thôn loại sai,Hamlet,T9014,2025-07-01,,,";
        var response = await Import(client, OrgCsv.Bytes(rows));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var refusal = (await response.Content.ReadFromJsonAsync<ImportRefusal>(Json.Options, Ct))!;
        Assert.Equal(3, refusal.Errors.Count);
        Assert.Equal((12, "parent_code", "UnknownParent"), (refusal.Errors[0].Line, refusal.Errors[0].Column, refusal.Errors[0].Code));
        Assert.Equal((42, "opened_on", "BadDate"), (refusal.Errors[1].Line, refusal.Errors[1].Column, refusal.Errors[1].Code));
        Assert.Equal((72, "kind", "UnknownKind"), (refusal.Errors[2].Line, refusal.Errors[2].Column, refusal.Errors[2].Code));
        Assert.All(refusal.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Single(await Get<List<OrgUnitDto>>(client, "/api/org-units/T9/subtree"));
    }

    [Fact]
    public async Task A_good_file_imported_twice_leaves_the_same_tree()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        var file = OrgCsv.Bytes(OrgCsv.Province("T8", 10));
        var first = await Import(client, file);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // The top unit already exists (it was made with the administrator), unchanged by the file.
        Assert.Equal(new ImportCounts(50, 0, 1), await first.Content.ReadFromJsonAsync<ImportCounts>(Json.Options, Ct));
        var exportBefore = await client.GetByteArrayAsync("/api/org-units/export?format=csv", Ct);
        var second = await Import(client, file);
        Assert.Equal(new ImportCounts(0, 0, 51), await second.Content.ReadFromJsonAsync<ImportCounts>(Json.Options, Ct));
        Assert.Equal(exportBefore, await client.GetByteArrayAsync("/api/org-units/export?format=csv", Ct));
    }

    [Fact]
    public async Task Changed_rows_count_as_updated_and_groups_are_replaced()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        var rows = OrgCsv.Province("T7", 3);
        Assert.Equal(HttpStatusCode.OK, (await Import(client, OrgCsv.Bytes(rows))).StatusCode);
        rows[1] = "T7001,Xã Thử Đổi Tên,Commune,T7,2025-07-01,,,mountainous";
        var counts = await (await Import(client, OrgCsv.Bytes(rows))).Content.ReadFromJsonAsync<ImportCounts>(Json.Options, Ct);
        Assert.Equal(new ImportCounts(0, 1, 15), counts);
        var detail = await Get<OrgUnitDetailDto>(client, "/api/org-units/T7001");
        Assert.Equal("Xã Thử Đổi Tên", detail.Unit.Name);
        Assert.Equal(["mountainous"], detail.Unit.Groups);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_with_its_line()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        var latin1 = Encoding.Latin1.GetBytes(OrgCsv.Header + "\nP1,Province One,Province,,,,,\nC1,Xã Thé,Commune,P1,,,,\n");
        var response = await Import(client, latin1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<ImportRefusal>(Json.Options, Ct))!.Errors);
        Assert.Equal(("NotUtf8", 3), (error.Code, error.Line));
    }

    [Fact]
    public async Task A_cycle_through_stored_units_is_refused()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        Assert.Equal(HttpStatusCode.OK, (await Import(client, OrgCsv.Bytes(OrgCsv.Province("T6", 2)))).StatusCode);
        // T6 (the province) placed under one of its own villages.
        var response = await Import(client, OrgCsv.Bytes(["T6,Tỉnh Thử Nghiệm T6,Province,T6001-01,,,,"]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<ImportRefusal>(Json.Options, Ct))!.Errors);
        Assert.Equal(("Cycle", "parent_code", 2), (error.Code, error.Column, error.Line));
    }

    [Fact]
    public async Task Xlsx_upload_as_multipart_imports_and_the_xlsx_export_reimports_unchanged()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        var sheet = OrgCsv.Province("T5", 4).Select(line => line.Split(',')).Select(f => new Dictionary<string, object>
        {
            ["code"] = f[0], ["name"] = f[1], ["kind"] = f[2], ["parent_code"] = f[3], ["opened_on"] = f[4],
            ["closed_on"] = f[5], ["merged_into_code"] = f[6], ["groups"] = f[7],
        }).ToList();
        using var ms = new MemoryStream();
        ms.SaveAs(sheet, excelType: ExcelType.XLSX);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(ms.ToArray()), "file", "units.xlsx" } };
        var response = await client.PostAsync("/api/org-units/import", form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ImportCounts(20, 0, 1), await response.Content.ReadFromJsonAsync<ImportCounts>(Json.Options, Ct));

        var xlsx = await client.GetByteArrayAsync("/api/org-units/export?format=xlsx", Ct);
        var again = await Import(client, xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal(new ImportCounts(0, 0, 21), await again.Content.ReadFromJsonAsync<ImportCounts>(Json.Options, Ct));
    }

    [Fact]
    public async Task Create_update_and_merge_through_the_api()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var client = await app.AccountOnNewRootAsync(RootOf(TestContext.Current.TestMethod!.MethodName));
        Assert.Equal(HttpStatusCode.OK, (await Import(client, OrgCsv.Bytes(OrgCsv.Province("T4", 2)))).StatusCode);

        var created = await client.PostAsJsonAsync("/api/org-units", new OrgUnitInput("T4900", "Xã Mới", "Commune", "T4", new DateOnly(2025, 7, 1), null, ["pilot"]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/org-units/T4900", created.Headers.Location?.OriginalString);

        var duplicate = await client.PostAsJsonAsync("/api/org-units", new OrgUnitInput("T4900", "Xã Khác", "Commune", "T4", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var invalid = await client.PostAsJsonAsync("/api/org-units?culture=en-GB", new OrgUnitInput("T4901", "", "Commune", "NOPE", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = await invalid.Content.ReadAsStringAsync(Ct);
        var problem = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Equal("Required.", problem.GetProperty("name")[0].GetString());
        Assert.Contains("NOPE", problem.GetProperty("parentCode")[0].GetString());

        var renamed = await client.PutAsJsonAsync("/api/org-units/T4900", new OrgUnitInput(null, "Xã Mới Đổi Tên", "Commune", "T4", new DateOnly(2025, 7, 1), null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var after = (await renamed.Content.ReadFromJsonAsync<OrgUnitDetailDto>(Json.Options, Ct))!;
        Assert.Equal("Xã Mới Đổi Tên", after.Unit.Name);
        Assert.Equal(["pilot"], after.Unit.Groups);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/org-units/NOPE", new OrgUnitInput(null, "X", "Commune", null, null, null, null), Json.Options, Ct)).StatusCode);

        var merge = await client.PostAsJsonAsync("/api/org-units/T4001/merge", new MergeRequest("T4900", new DateOnly(2026, 1, 1)), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var old = await Get<OrgUnitDetailDto>(client, "/api/org-units/T4001");
        Assert.Equal("T4900", old.MergedInto?.Code);
        Assert.Equal(new DateOnly(2026, 1, 1), old.Unit.ClosedOn);
        Assert.Empty(old.Children);
        var target = await Get<OrgUnitDetailDto>(client, "/api/org-units/T4900");
        Assert.Equal(4, target.Children.Count);
        Assert.Equal("T4001", Assert.Single(target.MergedFrom).Code);

        var again = await client.PostAsJsonAsync("/api/org-units/T4001/merge", new MergeRequest("T4002", new DateOnly(2026, 2, 1)), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Demo_is_loaded_once_even_when_the_app_starts_again()
    {
        await using var first = new AppFactory(Provider);
        var total = (await Get<OrgUnitPage>(await first.SignedInAsync("admin@demo.local"), "/api/org-units?kind=Village&limit=1")).Total;
        Assert.True(total > 0);
        await using var second = new AppFactory(Provider, reuseConnection: first.ConnectionString);
        Assert.Equal(total, (await Get<OrgUnitPage>(await second.SignedInAsync("admin@demo.local"), "/api/org-units?kind=Village&limit=1")).Total);
    }

    [Fact]
    public async Task Messages_follow_the_chosen_language_and_default_to_vietnamese()
    {
        var client = await DemoAsync();
        var viBody = await (await client.GetAsync("/api/org-units/NOPE-X", Ct)).Content.ReadAsStringAsync(Ct);
        var enBody = await (await client.GetAsync("/api/org-units/NOPE-X?culture=en-GB", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Không có đơn vị", viBody);
        Assert.Contains("There is no unit", enBody);
    }

    [Fact]
    public async Task Openapi_document_lists_every_organisation_endpoint_and_the_reference_page_is_served()
    {
        var client = await DemoAsync();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/org-units", "/api/org-units/{code}", "/api/org-units/{code}/subtree", "/api/org-units/{code}/merge", "/api/org-units/import", "/api/org-units/export" })
            Assert.True(doc.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        var page = await client.GetAsync("/api-docs", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("CivicTrack API", await page.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class OrganisationApiSqliteTests(SqliteDemoApp app) : OrganisationApiTests(app), IClassFixture<SqliteDemoApp>
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OrganisationApiPostgresTests(PostgresDemoApp app) : OrganisationApiTests(app), IClassFixture<PostgresDemoApp>
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
