using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Plans;

/// <summary>Changing plans, targets and tasks after they are set up: PUT /api/plans/{id}, DELETE of a target and
/// PUT /api/tasks/{id}, each for managers only, audited, and refusing bad input by naming the field.</summary>
public abstract class PlanSetupApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PlanInput APlan(string number) => new(number, LocalText.Of("Kế hoạch thử", "Test plan", "পরীক্ষামূলক কর্মপরিকল্পনা"), PlanKind.Plan,
        new DateOnly(2025, 2, 1), "08", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));

    private async Task<PlanDto> CreatePlanAsync(HttpClient manager, string number)
    {
        var created = await manager.PostAsJsonAsync("/api/plans", APlan(number), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<PlanDto>(Json.Options, Ct))!;
    }

    private static async Task<Dictionary<string, string[]>> ProblemsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
    }

    private async Task<AuditEntryDto> LastAuditAsync(string action, string entityType, string entityId)
    {
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var page = (await admin.GetFromJsonAsync<AuditPage>($"/api/audit?action={action}&entity={entityType}", Json.Options, Ct))!;
        return page.Items.Where(e => e.EntityId == entityId).OrderByDescending(e => e.Id).First();
    }

    [Fact]
    public async Task A_manager_changes_a_plan_and_the_audit_log_keeps_the_before_and_after()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plan = await CreatePlanAsync(manager, $"7{Random.Shared.Next(100, 999)}/KH-UBND");
        var changed = APlan("12/KH-SKHCN") with
        {
            Title = LocalText.Of("Kế hoạch đã sửa", "Revised plan", "সংশোধিত কর্মপরিকল্পনা"), Kind = PlanKind.Campaign, IssuingUnit = "08-SKHCN",
            EndsOn = new DateOnly(2026, 6, 30),
        };
        var response = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}", changed, Json.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        var detail = (await manager.GetFromJsonAsync<PlanDetailDto>($"/api/plans/{plan.Id}", Json.Options, Ct))!;
        Assert.Equal(("12/KH-SKHCN", PlanKind.Campaign, "08-SKHCN", new DateOnly(2026, 6, 30)),
            (detail.Plan.DocumentNumber, detail.Plan.Kind, detail.Plan.IssuingUnit, detail.Plan.EndsOn));
        Assert.Equal("Revised plan", detail.Plan.Title.Pick("en"));
        Assert.Equal("সংশোধিত কর্মপরিকল্পনা", detail.Plan.Title.Pick("bn"));

        var entry = await LastAuditAsync(AuditActions.Update, "Plan", plan.Id.ToString());
        Assert.Equal("manager@demo.local", entry.ActorName);
        Assert.Contains(plan.DocumentNumber, entry.Before);
        Assert.Contains("12/KH-SKHCN", entry.After);
    }

    [Fact]
    public async Task Only_managers_may_change_a_plan_and_bad_fields_are_named()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plan = await CreatePlanAsync(manager, "71/KH-THU");
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PutAsJsonAsync($"/api/plans/{plan.Id}", APlan("1/KH"), Json.Options, Ct)).StatusCode);
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/plans/{plan.Id}", APlan("1/KH"), Json.Options, Ct)).StatusCode);

        var bad = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}", new PlanInput(new string('9', 101), LocalText.Empty, null,
            null, "99999", new DateOnly(2025, 6, 1), new DateOnly(2025, 1, 1)), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = await ProblemsAsync(bad);
        Assert.Equal(["documentNumber", "endsOn", "issuedOn", "issuingUnit", "title"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("99999", problems["issuingUnit"][0]);

        // A kind the API does not know is refused as a bad request, not a server error.
        var kind = await manager.PutAsync($"/api/plans/{plan.Id}", JsonContent.Create(new
        {
            documentNumber = "1/KH", title = "Kế hoạch", kind = "Poem", issuedOn = "2025-01-01", issuingUnit = "08", startsOn = "2025-01-01", endsOn = "2025-12-31",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync("/api/plans/999999", APlan("1/KH"), Json.Options, Ct)).StatusCode);
        var unchanged = (await manager.GetFromJsonAsync<PlanDetailDto>($"/api/plans/{plan.Id}", Json.Options, Ct))!;
        Assert.Equal("71/KH-THU", unchanged.Plan.DocumentNumber);
    }

    [Fact]
    public async Task A_target_is_added_edited_and_deleted_with_each_step_audited()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plan = await CreatePlanAsync(manager, "72/KH-THU");
        var milestone = new TargetInput("1", LocalText.Of("Ra mắt tổ công nghệ số", "Launch the digital technology team"), null, null, "08051", null,
            TargetComparison.Done, null, null, new DateOnly(2025, 10, 31), null);
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync($"/api/plans/{plan.Id}/targets", milestone, Json.Options, Ct)).StatusCode);
        var edited = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}/targets", milestone with { Deadline = new DateOnly(2025, 11, 30), DoneOn = new DateOnly(2025, 11, 2) }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var target = (await edited.Content.ReadFromJsonAsync<TargetDto>(Json.Options, Ct))!;
        Assert.Equal((new DateOnly(2025, 11, 30), new DateOnly(2025, 11, 2)), (target.Deadline, target.DoneOn));

        var noValue = await manager.PutAsJsonAsync($"/api/plans/{plan.Id}/targets", milestone with { Code = "2", Comparison = TargetComparison.AtLeast }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noValue.StatusCode);
        Assert.Contains("value", (await ProblemsAsync(noValue)).Keys);
        Assert.Contains("indicator", (await ProblemsAsync(noValue)).Keys);

        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.DeleteAsync($"/api/plans/{plan.Id}/targets/{target.Id}", Ct)).StatusCode);
        var deleted = await manager.DeleteAsync($"/api/plans/{plan.Id}/targets/{target.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("1", (await deleted.Content.ReadFromJsonAsync<TargetRef>(Json.Options, Ct))!.Code);
        Assert.Empty((await manager.GetFromJsonAsync<List<TargetDto>>($"/api/plans/{plan.Id}/targets", Json.Options, Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync($"/api/plans/{plan.Id}/targets/{target.Id}", Ct)).StatusCode);

        var entry = await LastAuditAsync(AuditActions.Delete, "Plan", plan.Id.ToString());
        Assert.Contains("Ra mắt tổ công nghệ số", entry.Before);
        Assert.Contains("08051", entry.Before);
    }

    [Fact]
    public async Task A_target_of_another_plan_is_not_deleted_through_this_one()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var first = await CreatePlanAsync(manager, "73/KH-THU");
        var second = await CreatePlanAsync(manager, "74/KH-THU");
        var saved = await manager.PutAsJsonAsync($"/api/plans/{first.Id}/targets", new TargetInput("1", LocalText.Of("Mốc"), null, null, "08", null,
            TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null), Json.Options, Ct);
        var target = (await saved.Content.ReadFromJsonAsync<TargetDto>(Json.Options, Ct))!;
        Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync($"/api/plans/{second.Id}/targets/{target.Id}", Ct)).StatusCode);
        Assert.Single((await manager.GetFromJsonAsync<List<TargetDto>>($"/api/plans/{first.Id}/targets", Json.Options, Ct))!);
    }

    private static TaskInput ATask(int? plan) => new(plan, "Tập huấn kỹ năng số cho cán bộ xã", "08051", "Nguyễn Thị Hoa", null,
        new DateOnly(2025, 10, 1), new DateOnly(2025, 12, 15), "100% cán bộ xã được tập huấn", "Văn phòng UBND xã chịu trách nhiệm tổ chức",
        "Chủ tịch UBND xã", 2, ["08-SKHCN"]);

    [Fact]
    public async Task A_manager_changes_a_task_and_a_new_lead_account_is_told()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var plan = await CreatePlanAsync(manager, "75/KH-THU");
        var created = await manager.PostAsJsonAsync("/api/tasks", ATask(plan.Id), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = (await created.Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;

        var change = ATask(null) with
        {
            Title = "Tập huấn kỹ năng số (đợt 2)", LeadUnit = "08052", LeadPerson = "Trần Văn Bình", LeadUserEmail = "reporter.giaptrung@demo.local",
            DueOn = new DateOnly(2026, 1, 15), Weight = 3, Coordinators = ["08-SKHCN", "08051"],
        };
        var response = await manager.PutAsJsonAsync($"/api/tasks/{task.Id}", change, Json.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var detail = (await manager.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{task.Id}", Json.Options, Ct))!;
        Assert.Equal(("Tập huấn kỹ năng số (đợt 2)", "08052", "Trần Văn Bình", 3.0, (int?)null), (detail.Task.Title, detail.Task.LeadUnit, detail.Task.LeadPerson, detail.Task.Weight, detail.Task.PlanId));
        Assert.Equal(["08-SKHCN", "08051"], detail.Task.Coordinators.Order(StringComparer.Ordinal));
        Assert.Equal(TaskState.NotStarted, detail.Task.State);

        var entry = await LastAuditAsync(AuditActions.Update, "Task", task.Id.ToString());
        Assert.Contains("Nguyễn Thị Hoa", entry.Before);
        Assert.Contains("Trần Văn Bình", entry.After);

        var giapTrung = await shared.App.SignedInAsync("reporter.giaptrung@demo.local");
        var inbox = await giapTrung.GetStringAsync("/api/notifications", Ct);
        Assert.Contains("Tập huấn kỹ năng số (đợt 2)", inbox);
    }

    [Fact]
    public async Task Only_managers_may_change_a_task_and_bad_fields_are_named()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var task = (await (await manager.PostAsJsonAsync("/api/tasks", ATask(null), Json.Options, Ct)).Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PutAsJsonAsync($"/api/tasks/{task.Id}", ATask(null), Json.Options, Ct)).StatusCode);

        var bad = await manager.PutAsJsonAsync($"/api/tasks/{task.Id}", ATask(999999) with
        {
            Title = " ", LeadUnit = "nowhere", DueOn = new DateOnly(2025, 9, 1), Weight = 0, Coordinators = ["nope"],
            LeadUserEmail = "nobody@demo.local", LeadPerson = new string('x', 201),
        }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = await ProblemsAsync(bad);
        Assert.Equal(["coordinators", "dueOn", "leadPerson", "leadUnit", "leadUserEmail", "planId", "title", "weight"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync("/api/tasks/999999", ATask(null), Json.Options, Ct)).StatusCode);
        var unchanged = (await manager.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{task.Id}", Json.Options, Ct))!;
        Assert.Equal("Tập huấn kỹ năng số cho cán bộ xã", unchanged.Task.Title);
    }
}

public sealed class PlanSetupApiSqliteTests(SqliteDemoApp app) : PlanSetupApiTests(app), IClassFixture<SqliteDemoApp>;

public sealed class PlanSetupApiPostgresTests(PostgresDemoApp app) : PlanSetupApiTests(app), IClassFixture<PostgresDemoApp>;
