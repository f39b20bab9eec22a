using System.Net;
using System.Net.Http.Json;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Reporting;

/// <summary>Wherever a person is named to others (a report's history, "last saved by", a reopen request, task updates,
/// notifications), the name is the account's display name, never its e-mail.</summary>
public sealed class PeopleByNameTests(SqliteClockedDemoApp shared) : IClassFixture<SqliteClockedDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Reporter = "Cán bộ báo cáo xã Thượng Tân";
    private const string Manager = "Sở Khoa học và Công nghệ";

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options)!;
    }

    internal static async Task<string> CreateFormAsync(HttpClient manager, string[] units, int? lockAfter = null)
    {
        var code = "P-" + Guid.NewGuid().ToString("N")[..8];
        var input = new ReportFormInput(code, LocalText.Of("Báo cáo thử", "Test report"), null, PeriodType.Month, null, null, null, "day:25", lockAfter, 1, null,
            [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0)])], [], new AssignmentInput(null, null, units));
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/report-forms", input, Json.Options, Ct)).StatusCode);
        return code;
    }

    internal static ReportInput Values(double received) => new([new ReportValueInput("DOSSIERS_RECEIVED", received)]);

    [Fact]
    public async Task A_reports_history_last_save_reopen_request_and_the_notifications_name_people_by_their_display_name()
    {
        shared.Clock.Set(2026, 4, 10);
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08051"], lockAfter: 5);
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-04";

        var sent = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/submit", Values(10), Json.Options, Ct));
        Assert.Equal(Reporter, sent.SubmittedBy);
        Assert.Equal(Reporter, sent.UpdatedBy);
        Assert.Equal(Reporter, Assert.Single(sent.History).By);
        Assert.Equal(Reporter, sent.Values.Single().UpdatedBy);
        var returned = await Ok<ReportDto>(await manager.PostAsJsonAsync($"{url}/return", new ReturnInput("Thiếu số liệu"), Json.Options, Ct));
        Assert.Equal(Manager, returned.History[^1].By);
        Assert.Equal(Manager, returned.UpdatedBy);

        // The period locks; the reporter asks to reopen it and the manager is told who asked.
        shared.Clock.Set(2026, 5, 2);
        reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        manager = await shared.App.SignedInAsync("manager@demo.local");
        var asked = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/reopen-request", new ReopenRequestInput("Nghỉ ốm"), Json.Options, Ct));
        Assert.Equal(Reporter, asked.ReopenRequest?.By);

        var managersInbox = await Ok<List<InboxItem>>(await manager.GetAsync("/api/notifications?take=200", Ct));
        var mine = managersInbox.Where(n => n.Link?.Contains(form, StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(mine);
        Assert.Contains(mine, n => (n.Title + n.Body).Contains(Reporter, StringComparison.Ordinal));
        Assert.DoesNotContain(mine, n => (n.Title + n.Body).Contains("@demo.local", StringComparison.Ordinal));

        // The page shows the request with the name.
        var page = WebUtility.HtmlDecode(await reporter.GetStringAsync($"/reports/{form}/08051/2026-04", Ct));
        Assert.Contains(Reporter, page);
        Assert.DoesNotContain("reporter.thuongtan@demo.local)", page);
    }

    [Fact]
    public async Task A_task_update_and_its_urging_name_the_person_who_wrote_them()
    {
        shared.Clock.Set(2026, 4, 10);
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, "Kiểm tra điểm hỗ trợ", "08051", "Nguyễn Văn A", "reporter.thuongtan@demo.local",
            new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), "5 điểm", "Tổ công nghệ số", "Chủ tịch UBND xã", 1, ["08051-01"]), Json.Options, Ct);
        var task = await Ok<TaskDto>(created);
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var progress = new MultipartFormDataContent { { new StringContent("40"), "progress" }, { new StringContent("Đã xong hai điểm"), "note" } };
        Assert.Equal(HttpStatusCode.OK, (await reporter.PostAsync($"/api/tasks/{task.Id}/progress", progress, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/tasks/{task.Id}/urge", new TasksApi.UrgeInput("Nhanh lên"), Json.Options, Ct)).StatusCode);

        var detail = await Ok<TaskDetailDto>(await manager.GetAsync($"/api/tasks/{task.Id}", Ct));
        Assert.Equal(Reporter, Assert.Single(detail.Updates).By);
        Assert.Equal(Manager, Assert.Single(detail.Urgings).By);
    }
}
