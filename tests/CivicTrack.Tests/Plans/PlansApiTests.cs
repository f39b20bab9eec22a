using CivicTrack.Engine.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;
using MiniExcelLibs;

namespace CivicTrack.Tests.Plans;

/// <summary>Indicators, data values, plans, targets and tasks through HTTP, against the demo province.</summary>
public abstract class PlansApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> Get<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    [Fact]
    public async Task The_resolution_57_plan_has_17_of_43_targets_achieved_at_the_end_of_June_2025()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plans = await Get<List<PlanDto>>(manager, "/api/plans?asOf=2025-06-30");
        var plan = Assert.Single(plans, p => p.Title.Pick("vi").Contains("57-NQ/TW", StringComparison.Ordinal));
        Assert.Equal(43, plan.Summary.Total);
        Assert.Equal(17, plan.Summary.Achieved);
        Assert.Equal(39.5, plan.Summary.Percent);
        var targets = await Get<List<TargetDto>>(manager, $"/api/plans/{plan.Id}/targets?asOf=2025-06-30");
        Assert.Equal(43, targets.Count);
        Assert.Equal(17, targets.Count(t => TargetStatuses.IsAchieved(t.Status)));
        Assert.Contains(plans, p => p.DocumentNumber == "38/KH-UBND");
    }

    [Fact]
    public async Task A_new_value_turns_a_target_status_at_once()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var code = $"T_REACH_{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/data-elements",
            new DataElementInput(code, LocalText.Of("Hộ được hỗ trợ (thử)", "Households helped (test)"), Engine.Analytics.ValueType.Integer, Engine.Analytics.AggregationType.Sum, LocalText.Of("hộ", "households"), null), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/indicators",
            new IndicatorInput("I" + code, "Hộ được hỗ trợ (thử)", null, $"#{{{code}}}", null, 1, IndicatorDirection.HigherIsBetter, 0, LocalText.Of("hộ", "households")), Json.Options, Ct)).StatusCode);
        var created = await manager.PostAsJsonAsync("/api/plans", new PlanInput("99/KH-THU", "Kế hoạch thử", PlanKind.Campaign,
            new DateOnly(2025, 1, 1), "08051", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = (await created.Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
        var saved = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}/targets", new TargetInput("1", "Hỗ trợ 100 hộ", "I" + code, null, "08051",
            null, TargetComparison.AtLeast, 100, 0, new DateOnly(2025, 12, 31), null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        async Task<TargetDto> Target(string asOf) => Assert.Single(await Get<List<TargetDto>>(manager, $"/api/plans/{plan.Id}/targets?asOf={asOf}"));
        Assert.Equal(TargetStatus.NoData, (await Target("2025-06-30")).Status);

        // 30 by mid-year is behind the line (50 expected); 60 is ahead; 100 more in July reaches it.
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        async Task Put(string unit, string period, double value)
        {
            var r = await reporter.PutAsJsonAsync("/api/data-values", new DataValueBatch([new DataValueInput(code, unit, period, value)]), Json.Options, Ct);
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync(Ct));
        }
        await Put("08051-01", "2025-03", 20);
        await Put("08051-02", "2025-05", 10);
        var behind = await Target("2025-06-30");
        Assert.Equal(TargetStatus.Behind, behind.Status);
        Assert.Equal(30, behind.Actual);
        await Put("08051-02", "2025-05", 40);
        var onTrack = await Target("2025-06-30");
        Assert.Equal(TargetStatus.OnTrack, onTrack.Status);
        Assert.Equal(60, onTrack.Actual);
        await Put("08051", "2025-07", 45);
        Assert.Equal(TargetStatus.Achieved, (await Target("2025-07-31")).Status);
        Assert.Equal(TargetStatus.OnTrack, (await Target("2025-06-30")).Status);

        var analytics = await Get<AnalyticsResult>(manager, $"/api/analytics?indicators={code}&units=08051&periods=2025Q1..2025Q3");
        Assert.Equal([20, 40, 45], analytics.Values.Select(v => v.Value ?? -1));
    }

    [Fact]
    public async Task A_commune_reporter_sees_only_its_own_targets_tasks_and_values()
    {
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var plans = await Get<List<PlanDto>>(reporter, "/api/plans?asOf=2025-12-31");
        Assert.NotEmpty(plans);
        foreach (var plan in plans)
        {
            var targets = await Get<List<TargetDto>>(reporter, $"/api/plans/{plan.Id}/targets?asOf=2025-12-31");
            Assert.All(targets, t => Assert.True(t.ScopeUnit.StartsWith("08051", StringComparison.Ordinal) || t.ScopeKind is not null,
                $"target {t.Code} of {plan.DocumentNumber} is scoped at {t.ScopeUnit}"));
            foreach (var target in targets.Where(t => t.ScopeKind is not null))
            {
                var units = await Get<List<TargetUnitDto>>(reporter, $"/api/targets/{target.Id}/units?asOf=2025-12-31");
                Assert.All(units, u => Assert.StartsWith("08051", u.Unit, StringComparison.Ordinal));
            }
        }
        var tasks = await Get<List<TaskDto>>(reporter, "/api/tasks");
        Assert.NotEmpty(tasks);
        Assert.All(tasks, t => Assert.True(t.LeadUnit.StartsWith("08051", StringComparison.Ordinal) || t.Coordinators.Any(c => c.StartsWith("08051", StringComparison.Ordinal))));
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var all = await Get<List<TaskDto>>(manager, "/api/tasks");
        Assert.True(all.Count > tasks.Count);
        var foreign = all.First(t => !t.LeadUnit.StartsWith("08051", StringComparison.Ordinal) && t.Coordinators.All(c => !c.StartsWith("08051", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/tasks/{foreign.Id}", Ct)).StatusCode);

        var values = await Get<List<DataValueDto>>(reporter, "/api/data-values?unit=08051&subtree=true&limit=50000");
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.StartsWith("08051", v.Unit, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync("/api/data-values?unit=08052", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync("/api/analytics?indicators=HH_TOTAL&units=08052&periods=2025", Ct)).StatusCode);
        var write = await reporter.PutAsJsonAsync("/api/data-values", new DataValueBatch([new DataValueInput("HH_TOTAL", "08052-01", "2025-01", 1)]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, write.StatusCode);
    }

    [Fact]
    public async Task Indicator_expressions_are_checked_with_position_and_unknown_codes_named()
    {
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        var response = await viewer.PostAsJsonAsync("/api/indicators/validate", new IndicatorInput(null, null, null, "#{HH_VNEID} * ", "#{NOPE}", null, null, null, null), Json.Options, Ct);
        var result = (await response.Content.ReadFromJsonAsync<ExpressionValidation>(Json.Options, Ct))!;
        Assert.False(result.Valid);
        Assert.Contains(result.Problems, p => p.Field == "numerator" && p.Position == 14);
        Assert.Contains(result.Problems, p => p.Field == "denominator" && p.Kind == Engine.Expressions.ExpressionErrorKind.UnknownCode && p.Token == "NOPE");
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var refused = await manager.PostAsJsonAsync("/api/indicators", new IndicatorInput("BAD_IND", "Sai", null, "#{NOPE} / 2", null, 100, null, 1, "%"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("NOPE", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_annex_with_bad_cells_names_them_and_changes_nothing_and_a_good_one_applies_once()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsJsonAsync("/api/plans", new PlanInput("98/KH-THU", "Kế hoạch phụ lục", PlanKind.Plan,
            new DateOnly(2025, 1, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json.Options, Ct);
        var plan = (await created.Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
        var template = await manager.GetByteArrayAsync($"/api/plans/{plan.Id}/targets/template", Ct);
        var example = new MemoryStream(template).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().First();
        var indicator = (string)example["indicator"]!;
        byte[] Annex(params object[][] rows)
        {
            // Rows name the columns in this order; the annex's columns (with one name column per language) come from the app.
            string[] given = ["code", "name", "name_en", "name_bn", "indicator", "pillar", "scope_unit", "scope_kind", "comparison", "value", "baseline", "deadline", "done_on"];
            Assert.Equal(given, PlanService.AnnexColumns);
            var list = rows.Select(r => given.Select((c, i) => (c, v: i < r.Length ? r[i] : null)).ToDictionary(x => x.c, x => x.v)).ToList();
            using var ms = new MemoryStream();
            ms.SaveAs(list);
            return ms.ToArray();
        }
        async Task<HttpResponseMessage> Upload(byte[] file)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            return await manager.PostAsync($"/api/plans/{plan.Id}/targets/import", content, Ct);
        }
        var bad = await Upload(Annex(
            ["1", "Tỷ lệ hộ có VNeID", "", "", indicator, "", "08", "", ">=", 70, 40, "2025-12-31", ""],
            ["2", "Sai so sánh", "", "", indicator, "", "08", "", "about", 70, 40, "2025-12-31", ""],
            ["3", "Sai ngày", "", "", indicator, "", "08", "", ">=", 70, 40, "31/13/2025", ""],
            ["4", "Sai đơn vị", "", "", indicator, "", "99999", "", ">=", 70, 40, "2025-12-31", ""]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<TargetImportResult>(Json.Options, Ct))!.Errors;
        Assert.Contains(errors, e => e.Cell == "I3" && e.Column == "comparison");
        Assert.Contains(errors, e => e.Cell == "L4" && e.Column == "deadline");
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "scope_unit");
        Assert.Empty(await Get<List<TargetDto>>(manager, $"/api/plans/{plan.Id}/targets"));

        var good = Annex(
            ["1", "Tỷ lệ hộ có VNeID", "Households with VNeID", "VNeID থাকা পরিবারের হার", indicator, "", "08", "", ">=", 70, 40, "2025-12-31", ""],
            ["2", "Mỗi xã có tổ công nghệ số", "", "", "", "", "08", "Commune", "done", "", "", "31/12/2025", ""]);
        var first = (await (await Upload(good)).Content.ReadFromJsonAsync<TargetImportResult>(Json.Options, Ct))!;
        Assert.True(first.Applied);
        Assert.Equal(2, first.Added);
        var again = (await (await Upload(good)).Content.ReadFromJsonAsync<TargetImportResult>(Json.Options, Ct))!;
        Assert.Equal((0, 0, 2), (again.Added, again.Updated, again.Unchanged));
        var stored = await Get<List<TargetDto>>(manager, $"/api/plans/{plan.Id}/targets");
        Assert.Equal(2, stored.Count);
        Assert.Equal(LocalText.Of("Tỷ lệ hộ có VNeID", "Households with VNeID", "VNeID থাকা পরিবারের হার"), stored.Single(x => x.Code == "1").Name);
        Assert.Equal(LocalText.Of("Mỗi xã có tổ công nghệ số"), stored.Single(x => x.Code == "2").Name);
    }

    [Fact]
    public async Task Progress_with_evidence_urging_and_the_monthly_kpi()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, "Lắp điểm hỗ trợ lưu động", "08051", "Nguyễn Văn A", "reporter.thuongtan@demo.local",
            new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 20), "25 điểm", "Tổ công nghệ số", "Chủ tịch UBND xã", 2, ["08051-01"]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = (await created.Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;
        Assert.True(task.Overdue);

        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var badFile = new MultipartFormDataContent { { new StringContent("Xong một nửa"), "note" }, { new ByteArrayContent([1, 2, 3]), "files", "virus.exe" } };
        var refused = await reporter.PostAsync($"/api/tasks/{task.Id}/progress", badFile, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("virus.exe", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var evidence = Encoding.UTF8.GetBytes("Biên bản nghiệm thu 25 điểm hỗ trợ");
        var form = new MultipartFormDataContent
        {
            { new StringContent("100"), "progress" }, { new StringContent("Done"), "state" }, { new StringContent("2025-03-25"), "completedOn" },
            { new StringContent("Đã lắp đủ 25 điểm"), "note" }, { new ByteArrayContent(evidence), "files", "bien-ban.txt" },
        };
        Assert.Equal(HttpStatusCode.OK, (await reporter.PostAsync($"/api/tasks/{task.Id}/progress", form, Ct)).StatusCode);
        var detail = await Get<TaskDetailDto>(manager, $"/api/tasks/{task.Id}");
        Assert.Equal(TaskState.Done, detail.Task.State);
        var file = Assert.Single(Assert.Single(detail.Updates).Evidence);
        Assert.Equal(evidence, await manager.GetByteArrayAsync(file.Url, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/tasks/{task.Id}/urge", new TasksApi.UrgeInput(null), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/tasks/{task.Id}/urge", new TasksApi.UrgeInput("Báo cáo ngay"), Json.Options, Ct)).StatusCode);
        Assert.Contains((await Get<TaskDetailDto>(manager, $"/api/tasks/{task.Id}")).Urgings, u => u.Body == "Báo cáo ngay");

        // Done five days late: half of its weight counts in March.
        var kpi = await Get<KpiReport>(manager, "/api/kpi?month=2025-03&unit=08051");
        var person = Assert.Single(kpi.People, p => p.Key == "Nguyễn Văn A");
        Assert.Equal((2.0, 0.0, 2.0, 50.0), (person.WeightDue, person.WeightOnTime, person.WeightLate, person.Percent ?? -1));
    }
}

public sealed class PlansApiSqliteTests(SqliteDemoApp app) : PlansApiTests(app), IClassFixture<SqliteDemoApp>;

public sealed class PlansApiPostgresTests(PostgresDemoApp app) : PlansApiTests(app), IClassFixture<PostgresDemoApp>;
