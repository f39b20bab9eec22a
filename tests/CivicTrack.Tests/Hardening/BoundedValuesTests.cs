using CivicTrack.Engine.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;
using MiniExcelLibs;

namespace CivicTrack.Tests.Hardening;

/// <summary>Values are bounded and totals stay exact, so no single input can poison a dashboard; every number
/// that enters is finite and in range.</summary>
public abstract class BoundedValuesTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> Manager() => await shared.App.SignedInAsync("manager@demo.local");

    private static async Task<string> NewElementAsync(HttpClient manager, Engine.Analytics.ValueType type, double? max = null)
    {
        var code = $"T_{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var created = await manager.PostAsJsonAsync("/api/data-elements",
            new DataElementInput(code, LocalText.Of("Chỉ tiêu thử", "Test element"), type, AggregationType.Sum, null, null, null, max), Json.Options, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return code;
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string element, string unit, string period, double? value) =>
        client.PutAsJsonAsync("/api/data-values", new DataValueBatch([new DataValueInput(element, unit, period, value)]), Json.Options, Ct);

    private static async Task<double?> Total(HttpClient client, string element, string unit = "08051", string periods = "2025-01")
    {
        var response = await client.GetAsync($"/api/analytics?indicators={element}&units={unit}&periods={periods}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"analytics: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return Assert.Single((await response.Content.ReadFromJsonAsync<AnalyticsResult>(Json.Options, Ct))!.Values).Value;
    }

    [Fact]
    public async Task Huge_and_negative_counts_are_refused_naming_the_value_and_the_dashboards_keep_answering()
    {
        var manager = await Manager();
        var code = await NewElementAsync(manager, Engine.Analytics.ValueType.Integer);
        foreach (var poison in new[] { 1.7e308, 1e17, 1e9 + 1, -5 })
        {
            var refused = await Put(manager, code, "08051-01", "2025-01", poison);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var body = await refused.Content.ReadFromJsonAsync<DataValueResult>(Json.Options, Ct);
            Assert.Equal("value", Assert.Single(body!.Problems).Field);
        }
        Assert.Null(await Total(manager, code));
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-01", "2025-01", 1e9)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-02", "2025-01", 1e9)).StatusCode);
        Assert.Equal(2e9, await Total(manager, code));
        foreach (var plan in (await (await manager.GetAsync("/api/plans?asOf=2025-12-31", Ct)).Content.ReadFromJsonAsync<List<PlanDto>>(Json.Options, Ct))!)
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/plans/{plan.Id}/targets?asOf=2025-12-31", Ct)).StatusCode);
    }

    [Fact]
    public async Task Extreme_values_written_and_removed_leave_the_totals_exact()
    {
        var manager = await Manager();
        var code = await NewElementAsync(manager, Engine.Analytics.ValueType.Integer, max: ValueBounds.WholeLimit);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-01", "2025-01", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-02", "2025-01", ValueBounds.WholeLimit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-03", "2025-01", ValueBounds.WholeLimit - 1)).StatusCode);
        Assert.Equal(2 * ValueBounds.WholeLimit, await Total(manager, code));
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-02", "2025-01", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, code, "08051-03", "2025-01", null)).StatusCode);
        Assert.Equal(1, await Total(manager, code));

        var real = await NewElementAsync(manager, Engine.Analytics.ValueType.Number, max: ValueBounds.Limit);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, real, "08051-01", "2025-01", 0.1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, real, "08051-02", "2025-01", 0.2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, real, "08051-03", "2025-01", ValueBounds.Limit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(manager, real, "08051-03", "2025-01", null)).StatusCode);
        // Without the compensation term the commune would show 0.300048828125.
        Assert.Equal(0.3, (await Total(manager, real))!.Value, 1e-12);
    }

    [Fact]
    public async Task An_element_cannot_be_given_bounds_beyond_the_exact_limits_or_out_of_order()
    {
        var manager = await Manager();
        var code = await NewElementAsync(manager, Engine.Analytics.ValueType.Integer);
        async Task<string> Refused(double? min, double? max, string field)
        {
            var r = await manager.PutAsJsonAsync($"/api/data-elements/{code}",
                new DataElementInput(null, null, null, null, null, null, min, max), Json.Options, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.Contains($"\"{field}\"", text);
            return text;
        }
        await Refused(null, 1e17, "maxValue");
        await Refused(10, 5, "minValue");
        await Refused(0.5, null, "minValue");
        var integerAggregation = await manager.PutAsync($"/api/data-elements/{code}",
            new StringContent("""{"aggregation": 99}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, integerAggregation.StatusCode);
        var elements = await (await manager.GetAsync("/api/data-elements", Ct)).Content.ReadFromJsonAsync<List<DataElementDto>>(Json.Options, Ct);
        var element = Assert.Single(elements!, e => e.Code == code);
        Assert.Equal((0, 1e9, AggregationType.Sum), (element.MinValue, element.MaxValue, element.Aggregation));
    }

    [Fact]
    public async Task Infinity_and_nan_in_the_target_annex_are_refused_by_cell_and_the_plan_still_answers()
    {
        var manager = await Manager();
        var created = await manager.PostAsJsonAsync("/api/plans", new PlanInput("98/KH-THU", "Kế hoạch thử giới hạn", PlanKind.Plan,
            new DateOnly(2025, 1, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct);
        var plan = (await created.Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
        var template = await manager.GetByteArrayAsync($"/api/plans/{plan.Id}/targets/template", Ct);
        var indicator = (string)new MemoryStream(template).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().First()["indicator"]!;
        var rows = new[] { "Infinity", "1e999", "NaN", "-Infinity" }
            .Select((v, i) => PlanService.AnnexColumns.Zip(new object?[] { $"{i + 1}", "Chỉ tiêu", "", indicator, "", "08", "", ">=", v, i == 3 ? "1e999" : "40", "2025-12-31", "" })
                .ToDictionary(x => x.First, x => x.Second))
            .ToList();
        using var ms = new MemoryStream();
        ms.SaveAs(rows);
        var content = new ByteArrayContent(ms.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var refused = await manager.PostAsync($"/api/plans/{plan.Id}/targets/import", content, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<TargetImportResult>(Json.Options, Ct))!.Errors;
        foreach (var cell in new[] { "I2", "I3", "I4", "I5", "J5" })
            Assert.Contains(errors, e => e.Cell == cell);

        var json = await manager.PutAsync($"/api/plans/{plan.Id}/targets",
            new StringContent($$"""{"code":"9","name":"x","indicator":"{{indicator}}","scopeUnit":"08","comparison":"AtLeast","value":1e999,"deadline":"2025-12-31"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var answer = await manager.GetAsync($"/api/plans/{plan.Id}/targets?asOf=2025-12-31", Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty((await answer.Content.ReadFromJsonAsync<List<TargetDto>>(Json.Options, Ct))!);
    }

    [Fact]
    public async Task Names_with_control_characters_are_refused_naming_the_field()
    {
        var manager = await Manager();
        const string bad = "Thôn\u001b[31m Đỏ\nHai dòng";
        async Task Refused(HttpResponseMessage r, string field)
        {
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{field}: {(int)r.StatusCode} {text}");
            Assert.Contains(field, text);
        }
        await Refused(await manager.PutAsJsonAsync("/api/org-units/08051-01", new OrgUnitInput(null, bad, "Village", "08051", null, null, null), Json.Options, Ct), "name");
        await Refused(await manager.PostAsJsonAsync("/api/data-elements",
            new DataElementInput("T_CTRL", bad, Engine.Analytics.ValueType.Integer, AggregationType.Sum, null, null), Json.Options, Ct), "name.vi");
        await Refused(await manager.PostAsJsonAsync("/api/plans", new PlanInput("97/KH-THU", bad, PlanKind.Plan,
            new DateOnly(2025, 1, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct), "title");
        await Refused(await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, bad, "08051", "Nguyễn Văn B", null,
            new DateOnly(2025, 3, 1), new DateOnly(2026, 3, 20), "Xong", "Tổ", "Chủ tịch", 1, []), Json.Options, Ct), "title");
        var unit = await (await manager.GetAsync("/api/org-units/08051-01", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Đỏ", unit);
    }

    [Fact]
    public async Task Task_progress_refuses_what_it_cannot_read_instead_of_ignoring_it()
    {
        var manager = await Manager();
        var created = await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, "Kiểm tra tiến độ", "08051", "Nguyễn Văn B", null,
            new DateOnly(2025, 3, 1), new DateOnly(2026, 3, 20), "Xong", "Tổ công nghệ số", "Chủ tịch UBND xã", 1, []), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = (await created.Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;
        foreach (var (field, value) in new[] { ("progress", "năm mươi"), ("progress", "50.5"), ("state", "999"), ("state", "Finished"), ("completedOn", "hôm qua") })
        {
            var form = new MultipartFormDataContent { { new StringContent("Ghi chú"), "note" }, { new StringContent(value), field } };
            var r = await manager.PostAsync($"/api/tasks/{task.Id}/progress", form, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains($"\"{field}\"", await r.Content.ReadAsStringAsync(Ct));
        }
        var after = (await (await manager.GetAsync($"/api/tasks/{task.Id}", Ct)).Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;
        Assert.Equal(task.Progress, after.Progress);
        Assert.Equal(task.State, after.State);
    }
}

public sealed class BoundedValuesSqliteTests(SqliteDemoApp app) : BoundedValuesTests(app), IClassFixture<SqliteDemoApp>;

public sealed class BoundedValuesPostgresTests(PostgresDemoApp app) : BoundedValuesTests(app), IClassFixture<PostgresDemoApp>;
