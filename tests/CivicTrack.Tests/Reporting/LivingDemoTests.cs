using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Reporting;

/// <summary>Two demo instances: one carried up to 3 December 2026 (as a first run on that day would be), one ending with
/// the 2025 history; a day of its own for each, through the test clock and <c>Demo:Today</c>.</summary>
public sealed class LivingDemoApps : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2026, 12, 3);

    public AppFactory Living { get; } = new(DatabaseProvider.Sqlite)
        { DemoToday = "2026-12-03", Clock = TestClock.At(2026, 12, 3), Settings = { ["Demo:Dossiers"] = "true" } };

    public AppFactory History { get; } = new(DatabaseProvider.Sqlite) { Clock = TestClock.At(2026, 12, 3) };

    public async ValueTask DisposeAsync()
    {
        await Living.DisposeAsync();
        await History.DisposeAsync();
    }
}

/// <summary>The demo is alive on the day it is first run, and its 2025 history stays exactly as it is.</summary>
public sealed class LivingDemoTests(LivingDemoApps apps) : IClassFixture<LivingDemoApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Form = CivicTrack.Demo.DemoReporting.MonthlyForm;

    private static async Task<T> Get<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    [Fact]
    public async Task The_Thuong_Tan_reporter_finds_this_months_report_open_with_its_due_day_ahead()
    {
        var reporter = await apps.Living.SignedInAsync("reporter.thuongtan@demo.local");

        var mine = await Get<List<ReportStatusDto>>(reporter, $"/api/reports?form={Form}&periods=2026-12");
        var current = Assert.Single(mine);
        Assert.Equal(("08051", ReportTiming.NotDue, new DateOnly(2026, 12, 25), (SubmissionState?)null),
            (current.Unit, current.Timing, current.DueDate, current.State));
        var report = await Get<ReportDto>(reporter, $"/api/reports/{Form}/08051/2026-12");
        Assert.True(report.Can.Edit);
        Assert.All(report.Values, v => Assert.Null(v.Value));

        // The months before are there: last month's report waits for its approver, Giáp Trung's came back to be corrected.
        var approver = await apps.Living.SignedInAsync("approver.thuongtan@demo.local");
        Assert.Equal(SubmissionState.Submitted, (await Get<ReportDto>(approver, $"/api/reports/{Form}/08051/2026-11")).State);
        var giapTrung = await apps.Living.SignedInAsync("reporter.giaptrung@demo.local");
        var returned = await Get<ReportDto>(giapTrung, $"/api/reports/{Form}/08052/2026-11");
        Assert.Equal(SubmissionState.Returned, returned.State);
        Assert.False(string.IsNullOrWhiteSpace(returned.ReturnReason));
        Assert.All(returned.Values.Where(v => v.Element == "DOSSIERS_RECEIVED"), v => Assert.True(v.Value > 0));
    }

    [Fact]
    public async Task Every_month_of_the_year_has_its_reports_mostly_on_time_a_few_late_or_missing()
    {
        var manager = await apps.Living.SignedInAsync("manager@demo.local");
        var rates = await Get<ReportingRatesDto>(manager, $"/api/reporting-rates?form={Form}&periods=2026-01..2026-11");

        Assert.Equal(11, rates.Unit.ByPeriod.Count);
        Assert.All(rates.Unit.ByPeriod.Values, r =>
        {
            Assert.InRange(r.Completeness ?? 0, 0.9, 0.999);
            Assert.InRange(r.Timeliness ?? 0, 0.8, 0.99);
        });
    }

    [Fact]
    public async Task Tasks_fall_due_around_today_and_none_has_been_overdue_for_months()
    {
        var manager = await apps.Living.SignedInAsync("manager@demo.local");
        var tasks = await Get<List<TaskDto>>(manager, "/api/tasks");

        Assert.Contains(tasks, t => t.DueOn > LivingDemoApps.Today && t.DueOn <= LivingDemoApps.Today.AddDays(14) && t.State != TaskState.Done);
        Assert.Contains(tasks, t => t.Overdue && t.DaysOverdue is > 0 and < 14);
        Assert.All(tasks.Where(t => t.Overdue), t => Assert.InRange(t.DaysOverdue, 1, 30));
        Assert.Contains(tasks, t => t.LeadUnit == "08051" && t.State != TaskState.Done && t.DueOn >= LivingDemoApps.Today);
    }

    [Fact]
    public async Task Each_role_finds_its_own_work_on_the_home_page_and_no_button_it_cannot_press()
    {
        async Task<string> Page(string email, string path) =>
            System.Net.WebUtility.HtmlDecode(await (await apps.Living.SignedInAsync(email)).GetStringAsync(path, Ct));

        // The reporter: this month's report with its due day, then the commune's targets and tasks.
        var reporter = await Page("reporter.thuongtan@demo.local", "/");
        Assert.Contains("data-testid=\"home-todo-08051-2026-12\"", reporter);
        Assert.Contains("25/12/2026", reporter);
        Assert.Contains("data-testid=\"unit-targets\"", reporter);
        Assert.DoesNotContain("data-testid=\"home-awaiting\"", reporter);
        // The approver: last month's report waiting for approval.
        var approver = await Page("approver.thuongtan@demo.local", "/");
        Assert.Contains("data-testid=\"home-awaiting-08051-2026-11\"", approver);
        Assert.DoesNotContain("data-testid=\"home-reports-todo\"", approver);
        // The village team member: their village, with room for the household log, and no province overview.
        var team = await Page("team.thuongtan@demo.local", "/");
        Assert.Contains("data-testid=\"home-village\"", team);
        Assert.Contains("data-testid=\"home-household-log\"", team);
        Assert.Contains("href=\"/household/index.html\"", team);
        // What the team has reached in its village, and the campaign running there.
        Assert.Contains("data-testid=\"home-village-coverage\"", team);
        Assert.Matches(@"data-testid=""home-village-coverage""[^>]*>\s*<li[^>]*><span[^>]*>[^<]+</span> <strong[^>]*>\d+(,\d)?%</strong>", team);
        Assert.Contains("data-testid=\"home-village-campaign\"", team);
        Assert.Contains("href=\"/activities/new\"", team);
        Assert.DoesNotContain("data-testid=\"overview-ranking\"", team);
        // Leaders keep the overview.
        var manager = await Page("manager@demo.local", "/");
        Assert.Contains("data-testid=\"overview-ranking\"", manager);
        Assert.DoesNotContain("data-testid=\"home-reports-todo\"", manager);
        // A viewer is offered neither unit import and export nor the audit log; a manager is.
        var viewer = await Page("viewer@demo.local", "/org");
        Assert.DoesNotContain("href=\"/org/import\"", viewer);
        Assert.DoesNotContain("href=\"/admin/audit\"", viewer);
        var managerTree = await Page("manager@demo.local", "/org");
        Assert.Contains("href=\"/org/import\"", managerTree);
        Assert.Contains("href=\"/admin/audit\"", managerTree);
        Assert.DoesNotContain("href=\"/admin/accounts\"", managerTree);
    }

    [Fact]
    public async Task The_dossiers_of_the_living_year_give_back_every_units_stored_figures()
    {
        var months = Enumerable.Range(1, 12).Select(m => $"2026-{m:00}").ToList();
        var compared = await CivicTrack.Tests.Dossiers.DemoDossierFigures.AssertCountsEqualStoredAsync(apps.Living, months, Ct);
        Assert.True(compared > 1_000, $"{compared} unit-months");
    }

    [Fact]
    public async Task The_2025_history_is_exactly_the_one_of_a_demo_that_ends_with_it()
    {
        var living = await apps.Living.SignedInAsync("manager@demo.local");
        var history = await apps.History.SignedInAsync("manager@demo.local");

        var plans = await Get<List<PlanDto>>(living, "/api/plans?asOf=2025-06-30");
        var resolution = Assert.Single(plans, p => p.Title.Pick("vi").Contains("57-NQ/TW", StringComparison.Ordinal));
        Assert.Equal((17, 43, 39.5), (resolution.Summary.Achieved, resolution.Summary.Total, resolution.Summary.Percent));
        var before = (await Get<List<PlanDto>>(history, "/api/plans?asOf=2025-06-30")).ToDictionary(p => p.DocumentNumber, p => p.Summary);
        Assert.All(plans.Where(p => p.StartsOn.Year == 2025), p => Assert.Equal((before[p.DocumentNumber].Achieved, before[p.DocumentNumber].Total,
            before[p.DocumentNumber].Percent), (p.Summary.Achieved, p.Summary.Total, p.Summary.Percent)));

        foreach (var url in new[]
        {
            $"/api/reporting-rates?form={Form}&periods=2025-01..2025-12",
            $"/api/reporting-rates?form={CivicTrack.Demo.DemoReporting.OctoberForm}&periods=2025-10",
            $"/api/reports?form={Form}&periods=2025-10",
        })
        {
            var now = await living.GetStringAsync(url, Ct);
            var then = await history.GetStringAsync(url, Ct);
            // The rates say which day they were counted on; both count on the same day.
            Assert.Equal(then, now);
        }
        Assert.Equal(await history.GetStringAsync("/api/analytics?indicators=IND_DOSSIERS_ONLINE_PCT,IND_HH_VNEID_PCT&periods=2025-10,2025&units=08", Ct),
            await living.GetStringAsync("/api/analytics?indicators=IND_DOSSIERS_ONLINE_PCT,IND_HH_VNEID_PCT&periods=2025-10,2025&units=08", Ct));
    }

    [Fact]
    public async Task The_demo_household_log_of_2025_is_the_same_whatever_day_the_demo_runs_to_and_never_reaches_more_households_than_there_are()
    {
        var living = await apps.Living.SignedInAsync("manager@demo.local");
        var history = await apps.History.SignedInAsync("manager@demo.local");
        foreach (var url in new[]
        {
            "/api/household-support/coverage?unit=08&asOf=2025-12-31",
            "/api/household-support/coverage?unit=08051&asOf=2025-10-29",
            "/api/analytics?indicators=IND_HHS_VNEID_PCT,HHS_EWALLET,HHS_SESSIONS&periods=2025-07..2025-12&units=08,08051,08001",
        })
            Assert.Equal(await history.GetStringAsync(url, Ct), await living.GetStringAsync(url, Ct));

        await using (var db = await apps.History.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct))
            Assert.InRange(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.HouseholdSupportEntries, Ct), 4_000, 6_000);

        // The history ends with 2025; its coverage figures carry the last counts on into the clock's month.
        var carried = await Get<CivicTrack.Features.Indicators.AnalyticsResult>(history, "/api/analytics?indicators=HHS_VNEID&periods=2025-12,2026-12&units=08051");
        Assert.True(carried.Values.Single(v => v.Period == "2025-12").Value > 0);
        Assert.Equal(carried.Values.Single(v => v.Period == "2025-12").Value, carried.Values.Single(v => v.Period == "2026-12").Value);

        // Thượng Tân's campaign month dwarfs a quiet one; no village reaches more households than it has.
        var sessions = await Get<CivicTrack.Features.Indicators.AnalyticsResult>(history, "/api/analytics?indicators=HHS_SESSIONS&periods=2025-08,2025-10&units=08051");
        Assert.True(sessions.Values.Single(v => v.Period == "2025-10").Value > 5 * sessions.Values.Single(v => v.Period == "2025-08").Value);
        var codes = string.Join(',', CivicTrack.Features.Community.Households.HouseholdServices.All.Select(s => "HHS_" + s));
        var villages = await Get<CivicTrack.Features.Indicators.AnalyticsResult>(living, $"/api/analytics?indicators=HH_TOTAL,{codes}&periods=2026-11&units=08051,08001&children=true");
        foreach (var village in villages.Values.GroupBy(v => v.Unit).Where(g => g.Key.Contains('-')))
        {
            var households = village.Single(v => v.Item == "HH_TOTAL").Value;
            Assert.All(village.Where(v => v.Item != "HH_TOTAL"), v => Assert.InRange(v.Value ?? 0, 0, households ?? 0));
        }
    }
}
