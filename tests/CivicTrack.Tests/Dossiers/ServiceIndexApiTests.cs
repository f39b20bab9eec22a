using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Dossiers;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CivicTrack.Tests.Dossiers;

/// <summary>GET /api/dossiers/service-index on the demo province: the four counted components from imported dossiers,
/// transparency and satisfaction from their indicators, the total and the ranking of the communes.</summary>
public sealed class ServiceIndexApiTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Header = "dossier_code,procedure_code,procedure_name,sector,service_level,channel,receiving_unit_code,handling_unit_code,"
        + "received_at,due_at,finished_at,returned_at,status,digitized,paid_online,vneid_verified\n";

    // May 2023 in Thượng Tân (08051): 4 received, 2 online; 3 finished (early, on time, late), 2 digitized, 1 paid online;
    // one open past its due date. In 08052 one dossier, online, early, digitized and paid online.
    private const string May2023 = Header
        + "SI-51-1,P1,Đăng ký khai sinh,Hộ tịch,4,2,08051,08051,2023-05-02,2023-05-10,2023-05-08,,10,1,1,0\n"
        + "SI-51-2,P1,Đăng ký khai sinh,Hộ tịch,4,1,08051,08051,2023-05-03,2023-05-10,2023-05-10,,10,1,0,0\n"
        + "SI-51-3,P2,Chứng thực bản sao,Chứng thực,3,2,08052,08051,2023-05-04,2023-05-06,2023-05-09,,10,0,0,0\n"
        + "SI-51-4,P2,Chứng thực bản sao,Chứng thực,3,1,08051,08051,2023-05-05,2023-05-08,,,4,0,0,0\n"
        + "SI-52-1,P1,Đăng ký khai sinh,Hộ tịch,4,2,08052,08052,2023-05-02,2023-05-10,2023-05-05,,10,1,1,0\n";

    private static bool _imported;
    private static readonly SemaphoreSlim Once = new(1, 1);

    private async Task<HttpClient> ManagerWithDataAsync()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        await Once.WaitAsync(Ct);
        try
        {
            if (_imported) return manager;
            var import = await manager.PostAsync("/api/dossiers", new StringContent(May2023, Encoding.UTF8, "text/csv"), Ct);
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync(Ct));
            // 45 of 50 ratings satisfied (90%), 180 of 200 procedures published (90%), in Thượng Tân only.
            var values = await manager.PutAsJsonAsync("/api/data-values", new DataValueBatch([
                new DataValueInput("DOSSIERS_RATED", "08051", "2023-05", 50), new DataValueInput("DOSSIERS_SATISFIED", "08051", "2023-05", 45),
                new DataValueInput("PROCEDURES_TOTAL", "08051", "2023-05", 200), new DataValueInput("PROCEDURES_PUBLISHED", "08051", "2023-05", 180)]), Json.Options, Ct);
            Assert.True(values.IsSuccessStatusCode, await values.Content.ReadAsStringAsync(Ct));
            _imported = true;
            return manager;
        }
        finally { Once.Release(); }
    }

    private static async Task<ServiceIndexAnswer> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<ServiceIndexAnswer>(body, Json.Options)!;
    }

    private static ServiceComponentDto Part(ServiceIndexRow row, string name) => row.Components.Single(c => c.Component == name);

    [Fact]
    public async Task A_commune_scores_its_rates_against_the_targets_as_computed_by_hand()
    {
        var manager = await ManagerWithDataAsync();
        var answer = await OkAsync(await manager.GetAsync("/api/dossiers/service-index?unit=08051&period=2023-05", Ct));
        var row = answer.Unit;
        Assert.Equal("2023-05", answer.Period);
        Assert.Equal("08051", row.Unit);
        Assert.Empty(answer.Children);
        // progress 2/3 = 66.67% → 20 × 0.6667 = 13.33; online 2/4 = 50% of 80 → 7.5; payment 1/3 = 33.33% of 50 → 6.67;
        // digitization 2/3 = 66.67% → 22 × 0.6667 = 14.67; transparency 90% → 16.2; satisfaction 90% of 90 → 18.
        Assert.Equal(["transparency", "progress", "online", "payment", "digitization", "satisfaction"], row.Components.Select(c => c.Component));
        Assert.Equal((90, 16.2), (Part(row, "transparency").Rate, Part(row, "transparency").Points));
        Assert.Equal((66.67, 13.33), (Part(row, "progress").Rate, Part(row, "progress").Points));
        Assert.Equal((50, 7.5), (Part(row, "online").Rate, Part(row, "online").Points));
        Assert.Equal((33.33, 6.67), (Part(row, "payment").Rate, Part(row, "payment").Points));
        Assert.Equal((66.67, 14.67), (Part(row, "digitization").Rate, Part(row, "digitization").Points));
        Assert.Equal((90, 18), (Part(row, "satisfaction").Rate, Part(row, "satisfaction").Points));
        Assert.All(row.Components, c => Assert.False(c.Missing));
        Assert.Equal(76.37, row.Total, 6);
        Assert.Equal(100, row.MaxTotal);
        Assert.Equal((4, 3, 1, 1), (row.Metrics.Received, row.Metrics.Finished, row.Metrics.Late, row.Metrics.OpenOverdue));
        Assert.Equal(25, row.Metrics.CrossBoundaryRate);
    }

    [Fact]
    public async Task The_communes_are_ranked_and_a_commune_without_entered_figures_has_them_missing()
    {
        var manager = await ManagerWithDataAsync();
        var answer = await OkAsync(await manager.GetAsync("/api/dossiers/service-index?unit=08&period=2023-05&children=true", Ct));
        Assert.Equal("08", answer.Unit.Unit);
        Assert.Null(answer.Unit.Rank);
        Assert.True(answer.Children.Count > 2);
        var first = answer.Children[0];
        var second = answer.Children[1];
        Assert.Equal(("08051", 1), (first.Unit, first.Rank));
        Assert.Equal(("08052", 2), (second.Unit, second.Rank));
        // Everything counted at full points; no transparency or satisfaction figure: 20 + 12 + 10 + 22.
        Assert.Equal(64, second.Total);
        Assert.True(Part(second, "transparency").Missing);
        Assert.True(Part(second, "satisfaction").Missing);
        Assert.Equal(0, Part(second, "satisfaction").Points);
        // Units with nothing share the next place.
        var rest = answer.Children.Skip(2).ToList();
        Assert.All(rest, r => Assert.Equal(0, r.Total));
        Assert.All(rest, r => Assert.Equal(3, r.Rank));
        Assert.All(rest, r => Assert.True(r.Components.All(c => c.Missing)));
        // The province's own row counts every dossier below it.
        Assert.Equal(5, answer.Unit.Metrics.Received);
    }

    [Fact]
    public async Task A_quarter_sums_its_months()
    {
        var manager = await ManagerWithDataAsync();
        var answer = await OkAsync(await manager.GetAsync("/api/dossiers/service-index?unit=08052&period=2023Q2", Ct));
        Assert.Equal(64, answer.Unit.Total);
        Assert.Equal(1, answer.Unit.Metrics.Received);
    }

    [Theory]
    [InlineData("unit=08051", "period")]
    [InlineData("unit=08051&period=2023-13", "period")]
    [InlineData("unit=08051&period=2023W05", "period")]
    [InlineData("unit=08051&period=1999-12", "period")]
    [InlineData("unit=NOPE&period=2023-05", "unit")]
    public async Task Bad_parameters_are_refused_with_400_naming_the_field(string query, string field)
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var response = await manager.GetAsync("/api/dossiers/service-index?" + query, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), problem.RootElement.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task A_commune_reporter_cannot_see_another_commune()
    {
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var own = await reporter.GetAsync("/api/dossiers/service-index?period=2023-05", Ct);
        Assert.Equal("08051", (await OkAsync(own)).Unit.Unit);
        var other = await reporter.GetAsync("/api/dossiers/service-index?unit=08052&period=2023-05", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("08052", await other.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Anonymous_callers_are_turned_away()
    {
        using var anonymous = shared.App.CreateClient();
        var response = await anonymous.GetAsync("/api/dossiers/service-index?period=2023-05", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void Settings_bind_points_and_targets_and_keep_the_defaults_for_the_rest()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dossiers:ServiceIndex:Online:Target"] = "50",
            ["Dossiers:ServiceIndex:Payment:Points"] = "15",
        }).Build();
        var settings = config.GetSection("Dossiers").Get<DossierSettings>()!;
        var rules = settings.ServiceIndex.ToRules();
        Assert.Equal(new ServiceComponentRule(12, 50), rules[ServiceComponent.Online]);
        Assert.Equal(new ServiceComponentRule(15, 50), rules[ServiceComponent.Payment]);
        Assert.Equal(ServiceIndexRules.Default[ServiceComponent.Satisfaction], rules[ServiceComponent.Satisfaction]);
        Assert.Equal("IND_SATISFACTION_PCT", settings.ServiceIndex.SatisfactionIndicator);
    }
}
