using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Community.Households;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Community;

/// <summary>"% of households reached" of a village, its commune and the province equals a count by hand, through the
/// coverage API (counted from the entries) and through the indicator the feed keeps in the analytics store.</summary>
public abstract class HouseholdCoverageTests
{
    protected abstract DatabaseProvider Provider { get; }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Province = "HP", Commune1 = "HP-C1", Commune2 = "HP-C2", V1 = "HP-C1-01", V2 = "HP-C1-02", V3 = "HP-C2-01";

    private static object Visit(string village, string household, string date, params (string Service, string Outcome)[] services) => new
    {
        id = Guid.NewGuid(), village, household, date, editedAt = "2025-11-05T08:00:00Z",
        services = services.Select(s => new { service = s.Service, outcome = s.Outcome }),
    };

    [Fact]
    public async Task Reached_households_of_a_village_its_commune_and_the_province_equal_a_hand_count_in_both_the_api_and_the_indicator()
    {
        // Late November 2025 in Vietnam; later the month turns twice.
        var clock = TestClock.At(2025, 11, 20);
        await using var app = new AppFactory(Provider, loadDemo: false) { Clock = clock };
        var admin = await app.AccountOnNewRootAsync(Province);
        var system = await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var org = app.Services.GetRequiredService<OrgService>();
        foreach (var (code, kind, parent) in new[] { (Commune1, "Commune", Province), (Commune2, "Commune", Province), (V1, "Village", Commune1), (V2, "Village", Commune1), (V3, "Village", Commune2) })
        {
            var created = await org.CreateAsync(system, new OrgUnitInput(code, $"Đơn vị {code}", kind, parent, null, null, null), Ct);
            Assert.Equal(OutcomeKind.Created, created.Kind);
        }
        (await admin.PostAsync("/api/indicators/library", null, Ct)).EnsureSuccessStatusCode();
        var households = await admin.PutAsJsonAsync("/api/data-values", new DataValueBatch(
        [
            new DataValueInput("HH_TOTAL", V1, "2025-10", 40), new DataValueInput("HH_TOTAL", V2, "2025-10", 60), new DataValueInput("HH_TOTAL", V3, "2025-10", 100),
        ]), Ct);
        Assert.Equal(HttpStatusCode.OK, households.StatusCode);

        // By hand, VNeID done by the end of October: V1 A-001 (twice, counted once) and A-004 → 2; partly, declined and a
        // November visit do not count. V2 B-001 and B-002 → 2. V3 its own A-001 → 1 (another village's household).
        var sent = await admin.PostAsJsonAsync("/api/household-support", new
        {
            entries = new[]
            {
                Visit(V1, "A-001", "2025-10-01", ("VNEID", "done")),
                Visit(V1, "A-001", "2025-10-05", ("VNEID", "done"), ("EWALLET", "partly")),
                Visit(V1, "A-002", "2025-10-06", ("VNEID", "partly")),
                Visit(V1, "A-003", "2025-10-07", ("VNEID", "declined")),
                Visit(V1, "A-004", "2025-10-20", ("VNEID", "done")),
                Visit(V1, "A-005", "2025-11-02", ("VNEID", "done")),
                Visit(V2, "B-001", "2025-10-02", ("VNEID", "done"), ("EWALLET", "done")),
                Visit(V2, "B-002", "2025-10-03", ("VNEID", "done")),
                Visit(V2, "B-003", "2025-10-04", ("VNEID", "not_eligible")),
                Visit(V3, "A-001", "2025-10-09", ("VNEID", "done")),
                Visit(V3, "C-009", "2025-10-10", ("VNEID", "partly")),
            },
        }, Ct);
        var results = (await sent.Content.ReadFromJsonAsync<HouseholdSaveResult>(Json.Options, Ct))!.Results;
        Assert.All(results, r => Assert.Equal("stored", r.Status));

        var expected = new Dictionary<string, (int Reached, double Households)>
        {
            [V1] = (2, 40), [V2] = (2, 60), [Commune1] = (4, 100), [V3] = (1, 100), [Province] = (5, 200),
        };
        var analytics = (await admin.GetFromJsonAsync<AnalyticsResult>(
            $"/api/analytics?indicators=IND_HHS_VNEID_PCT,IND_HHS_EWALLET_PCT,HHS_SESSIONS&units={string.Join(',', expected.Keys)}&periods=2025-10", Json.Options, Ct))!;
        foreach (var (unit, (reached, total)) in expected)
        {
            var coverage = (await admin.GetFromJsonAsync<HouseholdCoverageDto>($"/api/household-support/coverage?unit={unit}&asOf=2025-10-31", Json.Options, Ct))!;
            var vneid = coverage.Services.Single(s => s.Service == "VNEID");
            Assert.Equal((total, reached), (coverage.Households!.Value, vneid.Reached));
            Assert.Equal(100.0 * reached / total, vneid.Percent!.Value, 3);
            var indicator = analytics.Values.Single(v => v.Item == "IND_HHS_VNEID_PCT" && v.Unit == unit);
            // The indicator's own counts are the hand count; its value is shown to the indicator's one decimal.
            Assert.Equal(((double?)reached, (double?)total), (indicator.Numerator, indicator.Denominator));
            Assert.Equal(Math.Round(100.0 * reached / total, 1), indicator.Value);
            Assert.Equal(Math.Round(vneid.Percent!.Value, 1), indicator.Value);
        }
        // E-wallet: B-001 only; V1's A-001 was partly.
        Assert.Equal((1.0, 0.5), (analytics.Values.Single(v => v.Item == "IND_HHS_EWALLET_PCT" && v.Unit == Province).Numerator!.Value,
            analytics.Values.Single(v => v.Item == "IND_HHS_EWALLET_PCT" && v.Unit == Province).Value!.Value));
        Assert.Equal(5, analytics.Values.Single(v => v.Item == "HHS_SESSIONS" && v.Unit == V1).Value);
        Assert.Equal(10, analytics.Values.Single(v => v.Item == "HHS_SESSIONS" && v.Unit == Province).Value);

        // November: A-005 joins; the commune's figure follows without any further write to V2.
        var november = (await admin.GetFromJsonAsync<HouseholdCoverageDto>($"/api/household-support/coverage?unit={Commune1}&asOf=2025-11", Json.Options, Ct))!;
        Assert.Equal(5, november.Services.Single(s => s.Service == "VNEID").Reached);
        // Households were counted in October only: November's coverage is over that count, until it is three months old.
        Assert.Equal((100.0, 5.0), (november.Households, november.Services.Single(s => s.Service == "VNEID").Percent));
        var january = (await admin.GetFromJsonAsync<HouseholdCoverageDto>($"/api/household-support/coverage?unit={Commune1}&asOf=2026-01-31", Json.Options, Ct))!;
        Assert.Null(january.Households);
        Assert.Null(january.Services.Single(s => s.Service == "VNEID").Percent);
        var later = (await admin.GetFromJsonAsync<AnalyticsResult>($"/api/analytics?indicators=HHS_VNEID&units={Commune1}&periods=2025-11", Json.Options, Ct))!;
        Assert.Equal(5, Assert.Single(later.Values).Value);
        var beyond = (await admin.GetFromJsonAsync<AnalyticsResult>($"/api/analytics?indicators=HHS_VNEID&units={Commune1}&periods=2025-12", Json.Options, Ct))!;
        Assert.Null(Assert.Single(beyond.Values).Value);

        // January 2026: nothing new was recorded, and every village's counts are carried into December and January.
        clock.Set(2026, 1, 5);
        await app.Services.GetRequiredService<HouseholdFeed>().RollForwardAsync(Ct);
        admin = await app.SignedInAsync("administrator.hp@test.local"); // the November session has expired
        var carried = (await admin.GetFromJsonAsync<AnalyticsResult>(
            $"/api/analytics?indicators=HHS_VNEID,IND_HHS_VNEID_PCT&units={Commune1},{Province}&periods=2025-12,2026-01", Json.Options, Ct))!;
        Assert.Equal([6, 6, 5, 5], carried.Values.Where(v => v.Item == "HHS_VNEID").OrderBy(v => v.Unit).ThenBy(v => v.Period).Select(v => v.Value ?? -1));
    }
}

public sealed class HouseholdCoverageSqliteTests : HouseholdCoverageTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class HouseholdCoveragePostgresTests : HouseholdCoverageTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
