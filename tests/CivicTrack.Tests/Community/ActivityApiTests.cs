using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Community.Activities;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Community;

/// <summary>Activities through the API: they move their data elements and indicators at once, follow an edit to another
/// month, go with a delete, stay within the recorder's village, prefill a report, and the demo's agree with its figures.</summary>
public abstract class ActivityApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;
    private const string Village = "08051-01";
    private const string OtherVillage = "08052-01";

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    private static async Task<double?> Figure(HttpClient client, string item, string unit, string period)
    {
        var result = await Ok<AnalyticsResult>(await client.GetAsync($"/api/analytics?indicators={item}&units={unit}&periods={period}", Ct));
        return result.Values.SingleOrDefault(v => v.Item == item && v.Unit == unit && v.Period == period)?.Value;
    }

    private static ActivityInput Class(string unit, DateOnly day, int citizens) =>
        new(unit, null, ActivityKind.DigitalLiteracyClass, "Lớp Bình dân học vụ số thử", day, null, "Nhà văn hóa thôn", Citizens: citizens, Women: citizens / 2);

    [Fact]
    public async Task An_activity_recorded_moves_its_element_and_the_indicator_at_once()
    {
        var team = await App.SignedInAsync("team.thuongtan@demo.local");
        var manager = await App.SignedInAsync("manager@demo.local");
        var communeBefore = await Figure(manager, "IND_LITERACY_PEOPLE", "08051", "2024-03") ?? 0;
        Assert.Null(await Figure(manager, "LITERACY_PEOPLE", Village, "2024-03"));

        var created = await team.PostAsJsonAsync("/api/activities", Class(Village, new DateOnly(2024, 3, 9), 37), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var activity = await Ok<ActivityDto>(created);
        Assert.Equal((Village, 37, 18), (activity.Unit, activity.Participants.Total, activity.Participants.Women));

        Assert.Equal(37, await Figure(manager, "LITERACY_PEOPLE", Village, "2024-03"));
        Assert.Equal(communeBefore + 37, await Figure(manager, "IND_LITERACY_PEOPLE", "08051", "2024-03"));
        Assert.Equal(37, await Figure(manager, "IND_LITERACY_PEOPLE", "08051-01", "2024"));
    }

    [Fact]
    public async Task An_edit_to_another_month_moves_the_value_and_a_delete_removes_it()
    {
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var course = new ActivityInput("08051-02", null, ActivityKind.TrainingCourse, "Tập huấn kỹ năng số", new DateOnly(2024, 5, 20), null, "Hội trường", Officials: 12);
        var a = await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities", course, Json.Options, Ct));
        Assert.Equal(12, await Figure(reporter, "OFFICIALS_TRAINED", "08051-02", "2024-05"));
        Assert.Equal(1, await Figure(reporter, "TRAINING_COURSES", "08051-02", "2024-05"));

        await Ok<ActivityDto>(await reporter.PutAsJsonAsync($"/api/activities/{a.Id}", course with { StartsOn = new DateOnly(2024, 6, 3), Officials = 15 }, Json.Options, Ct));
        Assert.Null(await Figure(reporter, "OFFICIALS_TRAINED", "08051-02", "2024-05"));
        Assert.Null(await Figure(reporter, "TRAINING_COURSES", "08051-02", "2024-05"));
        Assert.Equal(15, await Figure(reporter, "OFFICIALS_TRAINED", "08051-02", "2024-06"));

        Assert.Equal(HttpStatusCode.OK, (await reporter.DeleteAsync($"/api/activities/{a.Id}", Ct)).StatusCode);
        Assert.Null(await Figure(reporter, "OFFICIALS_TRAINED", "08051-02", "2024-06"));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/activities/{a.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_team_member_cannot_record_for_another_village_and_nothing_is_stored()
    {
        var team = await App.SignedInAsync("team.thuongtan@demo.local");
        var db = App.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        async Task<(int, int)> Count()
        {
            await using var c = await db.CreateDbContextAsync(Ct);
            return (await c.Activities.CountAsync(Ct), await c.DataValues.CountAsync(Ct));
        }
        var before = await Count();
        foreach (var unit in new[] { OtherVillage, "08051-02", "08051" })
        {
            var refused = await team.PostAsJsonAsync("/api/activities", Class(unit, new DateOnly(2024, 4, 6), 20), Json.Options, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("unit", await refused.Content.ReadAsStringAsync(Ct));
        }
        // Women above the total and a count out of range are refused by field, too.
        var bad = await team.PostAsJsonAsync("/api/activities", Class(Village, new DateOnly(2024, 4, 6), 20) with { Women = 21, YouthUnion = -5 }, Json.Options, Ct);
        var problems = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"women\"", problems);
        Assert.Contains("\"youthUnion\"", problems);
        Assert.Equal(before, await Count());
        // Another village's activity is not found for the team member.
        var manager = await App.SignedInAsync("manager@demo.local");
        var theirs = await Ok<ActivityDto>(await manager.PostAsJsonAsync("/api/activities", Class(OtherVillage, new DateOnly(2024, 4, 7), 5), Json.Options, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await team.GetAsync($"/api/activities/{theirs.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await team.DeleteAsync($"/api/activities/{theirs.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_prefill_gives_the_periods_activities_summed_by_the_mapping()
    {
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput("08051", null, ActivityKind.Festival, "Ngày hội chuyển đổi số", new DateOnly(2024, 10, 10), null, "Sân vận động xã", Citizens: 300), Json.Options, Ct));
        await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput("08051", null, ActivityKind.Contest, "Hội thi tìm hiểu chuyển đổi số", new DateOnly(2024, 10, 20), null, "Trường THCS", Students: 80), Json.Options, Ct));
        await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput("08051", null, ActivityKind.TrainingCourse, "Tập huấn", new DateOnly(2024, 10, 15), null, "Hội trường", Officials: 25), Json.Options, Ct));
        await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput("08051", null, ActivityKind.Festival, "Tháng sau", new DateOnly(2024, 11, 2), null, "Sân", Citizens: 10), Json.Options, Ct));

        var prefill = await Ok<ActivityPrefill>(await reporter.GetAsync($"/api/activities/prefill?form={CivicTrack.Demo.DemoReporting.OctoberForm}&unit=08051&period=2024-10", Ct));
        var values = prefill.Values.ToDictionary(v => v.Element, v => (v.Value, v.Activities));
        Assert.Equal((2.0, 2), values["COMM_EVENTS"]);
        Assert.Equal((25.0, 1), values["OFFICIALS_TRAINED"]);
        Assert.DoesNotContain("SUPPORT_SESSIONS", values.Keys);
        var refused = await reporter.GetAsync($"/api/activities/prefill?form=NOPE&unit=08052&period=2024-13", Ct);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.All(new[] { "form", "unit", "period" }, f => Assert.Contains($"\"{f}\"", body));
    }

    [Fact]
    public async Task The_campaign_page_data_counts_days_left_and_matches_each_villages_target_status()
    {
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var campaigns = await Ok<List<CampaignSummary>>(await reporter.GetAsync("/api/campaigns?asOf=2025-10-20", Ct));
        var fortyFive = Assert.Single(campaigns, c => c.DocumentNumber == CivicTrack.Demo.DemoActivities.ThuongTanCampaign);
        Assert.Equal((CampaignTiming.Running, 10, "08051"), (fortyFive.Timing, fortyFive.Days, fortyFive.ScopeUnit));
        Assert.Equal(CampaignTiming.Running, campaigns[0].Timing);

        var detail = await Ok<CampaignDetail>(await reporter.GetAsync($"/api/campaigns/{fortyFive.Id}?asOf=2025-10-20", Ct));
        Assert.Equal(25, detail.Rows.Count(r => r.Kind == CivicTrack.Engine.Organisation.OrgUnitKind.Village));
        for (var i = 0; i < detail.Columns.Count; i++)
        {
            var units = await Ok<List<TargetUnitDto>>(await reporter.GetAsync($"/api/targets/{detail.Columns[i]}/units?asOf=2025-10-20", Ct));
            foreach (var u in units)
            {
                var cell = detail.Rows.Single(r => r.Unit == u.Unit).Cells[i];
                Assert.Equal((u.Status, u.Actual), (cell!.Status, cell.Actual));
            }
        }
        Assert.All(detail.Behind, r => Assert.True(r.Behind + r.AtRisk > 0));
        Assert.Equal(detail.Behind.Select(r => r.Behind).OrderDescending(), detail.Behind.Select(r => r.Behind));
        Assert.True(detail.Activities.ByKind[ActivityKind.SupportSession] > 20);
        Assert.Contains(detail.Activities.Items, a => a.Kind == ActivityKind.Meeting && a.StartsOn == new DateOnly(2025, 9, 15));

        var ended = await Ok<List<CampaignSummary>>(await reporter.GetAsync("/api/campaigns?asOf=2025-12-31", Ct));
        Assert.Equal((CampaignTiming.Ended, 63), ended.Single(c => c.Id == fortyFive.Id) is var e ? (e.Timing, e.Days) : default);
    }

    [Fact]
    public async Task A_reported_value_stays_until_a_mapped_activity_replaces_it_and_goes_with_that_activity()
    {
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        const string unit = "08051-03";
        var put = await reporter.PutAsJsonAsync("/api/data-values", new DataValueBatch([new DataValueInput("COMM_EVENTS", unit, "2024-07", 4)]), Json.Options, Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));

        // A meeting feeds no element: the reported 4 stays.
        var meeting = await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput(unit, null, ActivityKind.Meeting, "Họp thôn", new DateOnly(2024, 7, 5), null, "Nhà văn hóa", Citizens: 30), Json.Options, Ct));
        Assert.Equal(4, await Figure(reporter, "COMM_EVENTS", unit, "2024-07"));
        // A festival is a response activity: the computed count replaces the reported one...
        var festival = await Ok<ActivityDto>(await reporter.PostAsJsonAsync("/api/activities",
            new ActivityInput(unit, null, ActivityKind.Festival, "Ngày hội thôn", new DateOnly(2024, 7, 20), null, "Sân thôn", Citizens: 120), Json.Options, Ct));
        Assert.Equal(1, await Figure(reporter, "COMM_EVENTS", unit, "2024-07"));
        // ...and goes when the festival goes; the meeting left alone changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await reporter.DeleteAsync($"/api/activities/{festival.Id}", Ct)).StatusCode);
        Assert.Null(await Figure(reporter, "COMM_EVENTS", unit, "2024-07"));
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync($"/api/activities/{meeting.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_campaign_takes_a_scope_and_another_kind_of_plan_refuses_one()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var number = $"77/CD-{Guid.NewGuid():N}"[..14];
        var created = await Ok<PlanDto>(await manager.PostAsJsonAsync("/api/plans", new PlanInput(number, "Chiến dịch thử", PlanKind.Campaign,
            new DateOnly(2024, 1, 2), "08", new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), "08051"), Json.Options, Ct));
        Assert.Equal(("08051", "08"), (created.ScopeUnit, created.IssuingUnit));
        var refused = await manager.PostAsJsonAsync("/api/plans", new PlanInput(number + "X", "Kế hoạch thử", PlanKind.Plan,
            new DateOnly(2024, 1, 2), "08", new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), "08051"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("scopeUnit", await refused.Content.ReadAsStringAsync(Ct));
        // The Giáp Trung reporter does not see a campaign of Thượng Tân.
        var other = await App.SignedInAsync("reporter.giaptrung@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/campaigns/{created.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_demo_activities_give_back_every_stored_figure_they_touch()
    {
        var mapping = App.Services.GetRequiredService<ActivityMapping>();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var activities = await db.Activities.AsNoTracking().Where(a => a.StartsOn >= new DateOnly(2025, 1, 1)).ToListAsync(Ct);
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, Ct);
        var stored = (await db.DataValues.AsNoTracking().Where(v => v.Period.StartsWith("2025-")).Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value }).ToListAsync(Ct))
            .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period), v => v.Value);
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var month in activities.Where(a => a.StartsOn.Year == 2025).GroupBy(a => (a.OrgUnitId, Period: $"{a.StartsOn:yyyy-MM}")))
            foreach (var (element, sum) in mapping.Sums(month.ToList()))
            {
                compared++;
                var want = stored.TryGetValue((elements[element], month.Key.OrgUnitId, month.Key.Period), out var v) ? v : (double?)null;
                if (want != sum) mismatches.Add($"{element} unit {month.Key.OrgUnitId} {month.Key.Period}: stored {want}, activities {sum}");
            }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
        Assert.True(compared > 500, $"{compared} unit-month figures compared");
        Assert.Contains(activities, a => a.Kind == ActivityKind.TrainingCourse && a.StartsOn.Month >= 10);
    }
}

public sealed class ActivityApiSqliteTests(SqliteDemoApp app) : ActivityApiTests(app), IClassFixture<SqliteDemoApp>;
public sealed class ActivityApiPostgresTests(PostgresDemoApp app) : ActivityApiTests(app), IClassFixture<PostgresDemoApp>;
