using System.Net;
using System.Net.Http.Json;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using CivicTrack.Tests.Reporting;

namespace CivicTrack.Tests.Notifications;

/// <summary>An inbox item about a report that has since been dealt with is marked done, judged from the report's state now.</summary>
public sealed class InboxHandledTests(SqliteClockedDemoApp shared) : IClassFixture<SqliteClockedDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> As(string email) => await shared.App.SignedInAsync(email);

    private static async Task<InboxItem> Item(HttpClient client, NotificationKind kind, string link)
    {
        var items = (await client.GetFromJsonAsync<List<InboxItem>>("/api/notifications?take=200", Json.Options, Ct))!;
        return Assert.Single(items, i => i.Kind == kind && i.Link == link);
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    [Fact]
    public async Task Urges_approval_requests_returns_and_reopen_requests_read_done_once_the_report_was_dealt_with()
    {
        shared.Clock.Set(2026, 6, 27, hour: 9);
        var manager = await As("manager@demo.local");
        var form = await PeopleByNameTests.CreateFormAsync(manager, ["08051"], lockAfter: 5);
        var june = ReportFormat.Link(form, "08051", "2026-06");
        var may = ReportFormat.Link(form, "08051", "2026-05");
        await Ok(manager.PostAsJsonAsync("/api/reports/urge", new UrgeReportsInput(form, "2026-06", "08051", null), Json.Options, Ct));
        await Ok(manager.PostAsJsonAsync("/api/reports/urge", new UrgeReportsInput(form, "2026-05", "08051", null), Json.Options, Ct));
        var reporter = await As("reporter.thuongtan@demo.local");
        Assert.False((await Item(reporter, NotificationKind.Urge, june)).Handled);

        // The reporter sends June: its urge is done, May's (still missing) is not; the approver is asked to approve.
        shared.Clock.Set(2026, 6, 27, hour: 10);
        reporter = await As("reporter.thuongtan@demo.local");
        await Ok(reporter.PostAsJsonAsync($"/api/reports/{form}/08051/2026-06/submit", PeopleByNameTests.Values(10), Json.Options, Ct));
        Assert.True((await Item(reporter, NotificationKind.Urge, june)).Handled);
        Assert.False((await Item(reporter, NotificationKind.Urge, may)).Handled);
        var approver = await As("approver.thuongtan@demo.local");
        Assert.False((await Item(approver, NotificationKind.Submitted, june)).Handled);

        // Returned: the approval request is done; the return waits for the report to be sent again.
        shared.Clock.Set(2026, 6, 27, hour: 11);
        approver = await As("approver.thuongtan@demo.local");
        await Ok(approver.PostAsJsonAsync($"/api/reports/{form}/08051/2026-06/return", new ReturnInput("Thiếu số liệu"), Json.Options, Ct));
        Assert.True((await Item(approver, NotificationKind.Submitted, june)).Handled);
        reporter = await As("reporter.thuongtan@demo.local");
        Assert.False((await Item(reporter, NotificationKind.Return, june)).Handled);
        Assert.False((await Item(reporter, NotificationKind.Urge, june)).Handled);
        shared.Clock.Set(2026, 6, 27, hour: 12);
        reporter = await As("reporter.thuongtan@demo.local");
        await Ok(reporter.PostAsJsonAsync($"/api/reports/{form}/08051/2026-06/submit", PeopleByNameTests.Values(12), Json.Options, Ct));
        Assert.True((await Item(reporter, NotificationKind.Return, june)).Handled);

        // May is locked: the request to reopen it is done once the manager reopens it.
        await Ok(reporter.PostAsJsonAsync($"/api/reports/{form}/08051/2026-05/reopen-request", new ReopenRequestInput("Nghỉ ốm"), Json.Options, Ct));
        manager = await As("manager@demo.local");
        Assert.False((await Item(manager, NotificationKind.ReopenRequest, may)).Handled);
        shared.Clock.Set(2026, 6, 27, hour: 13);
        manager = await As("manager@demo.local");
        await Ok(manager.PostAsJsonAsync($"/api/reports/{form}/08051/2026-05/reopen", new ReopenInput(3), Json.Options, Ct));
        var reopen = await Item(manager, NotificationKind.ReopenRequest, may);
        Assert.True(reopen.Handled);

        // The inbox page marks it done.
        var page = WebUtility.HtmlDecode(await manager.GetStringAsync("/inbox", Ct));
        Assert.Contains($"data-testid=\"inbox-item-{reopen.Id}\" data-unread=\"true\" data-handled=\"true\"", page);
        Assert.Contains("data-testid=\"inbox-handled\"", page);
        Assert.Contains("Đã xử lý", page);
    }
}
