using System.Net;
using System.Net.Http.Json;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Reporting;

/// <summary>The late list tells, per unit, when it was last urged for the period shown and by whom.</summary>
public sealed class LateUrgesTests(SqliteClockedDemoApp shared) : IClassFixture<SqliteClockedDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_late_list_and_page_show_when_each_unit_was_last_urged_for_the_period_and_by_whom()
    {
        shared.Clock.Set(2026, 6, 10);
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var form = await PeopleByNameTests.CreateFormAsync(manager, ["08051", "08052"]);
        shared.Clock.Set(2026, 5, 28, hour: 10); // Vietnam time, 03:00 UTC
        manager = await shared.App.SignedInAsync("manager@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync("/api/reports/urge", new UrgeReportsInput(form, "2026-05", "08051", null), Json.Options, Ct)).StatusCode);
        // An urge for another period says nothing about this one.
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync("/api/reports/urge", new UrgeReportsInput(form, "2026-04", "08052", null), Json.Options, Ct)).StatusCode);

        var rows = (await manager.GetFromJsonAsync<List<ReportStatusDto>>($"/api/reports?form={form}&periods=2026-05&pending=true", Json.Options, Ct))!;
        var urged = rows.Single(r => r.Unit == "08051");
        Assert.Equal(new DateTime(2026, 5, 28, 3, 0, 0, DateTimeKind.Utc), urged.LastUrgedAt);
        Assert.Equal("Sở Khoa học và Công nghệ", urged.LastUrgedBy);
        var other = rows.Single(r => r.Unit == "08052");
        Assert.Null(other.LastUrgedAt);
        Assert.Null(other.LastUrgedBy);

        var page = WebUtility.HtmlDecode(await manager.GetStringAsync($"/reports/late?form={form}&period=2026-05&unit=08", Ct));
        Assert.Contains("Đã đôn đốc lúc 28/05/2026 10:00, bởi Sở Khoa học và Công nghệ", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "data-testid=\"late-urged\""));
    }
}
