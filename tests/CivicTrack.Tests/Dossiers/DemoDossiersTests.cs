using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Dossiers;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Dossiers;

/// <summary>The demo's dossiers against the figures it stores: what the dossier feed would compute from them is exactly
/// what each unit reported, month by month.</summary>
public static class DemoDossierFigures
{
    private static readonly string[] Elements =
    [
        "DOSSIERS_RECEIVED", "DOSSIERS_ONLINE", "DOSSIERS_FINISHED", "DOSSIERS_ON_TIME", "DOSSIERS_CROSS_BOUNDARY",
        "DOSSIERS_PAID_ONLINE", "DOSSIERS_RESULTS_DIGITIZED",
    ];

    private static long[] Counted(DossierCounts c) => [c.Received, c.Online, c.Finished, c.Early + c.OnTime, c.CrossBoundary, c.PaidOnline, c.Digitized];

    /// <summary>Every unit and month of <paramref name="months"/> with stored dossier figures, counted from the dossiers and
    /// as stored; returns how many unit-months were compared.</summary>
    public static async Task<int> AssertCountsEqualStoredAsync(AppFactory app, IReadOnlyList<string> months, CancellationToken ct)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var elements = await db.DataElements.AsNoTracking().Where(e => Elements.Contains(e.Code)).ToDictionaryAsync(e => e.Id, e => Array.IndexOf(Elements, e.Code), ct);
        var values = await db.DataValues.AsNoTracking().Where(v => elements.Keys.Contains(v.DataElementId) && months.Contains(v.Period))
            .Select(v => new { v.OrgUnitId, v.Period, v.DataElementId, v.Value }).ToListAsync(ct);
        var stored = new Dictionary<(int Unit, string Period), long[]>();
        foreach (var v in values)
        {
            if (!stored.TryGetValue((v.OrgUnitId, v.Period), out var row)) stored[(v.OrgUnitId, v.Period)] = row = new long[Elements.Length];
            row[elements[v.DataElementId]] = (long)v.Value;
        }
        var codes = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var store = app.Services.GetRequiredService<DossierStore>();
        var first = DossierMonths.Of(DateOnly.ParseExact(months[0] + "-01", "yyyy-MM-dd"));
        var mismatches = new List<string>();
        foreach (var unit in stored.Keys.Select(k => k.Unit).Distinct())
        {
            var counted = await store.MonthsAsync([unit], first, first + months.Count - 1, ct);
            for (var i = 0; i < months.Count; i++)
                if (stored.TryGetValue((unit, months[i]), out var want) && !want.SequenceEqual(Counted(counted[i])))
                    mismatches.Add($"{codes[unit]} {months[i]}: stored {string.Join('/', want)}, counted {string.Join('/', Counted(counted[i]))}");
        }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
        return stored.Count;
    }
}

/// <summary>The demo province's year of dossiers, on the demo that ends with its 2025 history.</summary>
/// <summary>The demo with its year of dossiers.</summary>
public sealed class DossierDemoApp : IAsyncDisposable
{
    public AppFactory App { get; } = new(DatabaseProvider.Sqlite) { Settings = { ["Demo:Dossiers"] = "true" } };

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class DemoDossiersTests(DossierDemoApp shared) : IClassFixture<DossierDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;
    private static readonly string[] Year = [.. Enumerable.Range(1, 12).Select(m => $"2025-{m:00}")];

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options)!;
    }

    [Fact]
    public async Task Every_units_dossiers_give_back_its_stored_2025_figures_count_for_count()
    {
        var compared = await DemoDossierFigures.AssertCountsEqualStoredAsync(App, Year, Ct);
        // The communes, wards and departments, every month they reported.
        Assert.True(compared > 1_000, $"{compared} unit-months");
    }

    [Fact]
    public async Task The_province_handles_nearly_all_dossiers_on_time_and_most_online_and_some_across_boundaries()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var year = Assert.Single((await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08&periods=2025", Ct))).Rows);

        Assert.InRange(year.OnTimeRate!.Value, 99, 100);
        Assert.InRange(year.OnlineRate!.Value, 85, 90);
        Assert.InRange(year.CrossBoundaryRate!.Value, 3, 20);
        Assert.InRange(year.Received, 400_000, 700_000);
        Assert.True(year.Late > 0);

        var bySector = await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08&periods=2025&by=sector", Ct));
        Assert.True(bySector.Rows.Count(r => r.Received > 0) >= 6);
        var byProcedure = await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08&periods=2025&by=procedure", Ct));
        Assert.InRange(byProcedure.Rows.Count(r => r.Received > 0), 30, 60);
    }

    [Fact]
    public async Task There_are_late_and_open_overdue_dossiers_to_drill_into()
    {
        var manager = await App.SignedInAsync("manager@demo.local");

        var late = await Ok<DossierPage>(await manager.GetAsync("/api/dossiers?unit=08&period=2025-11&late=true", Ct));
        Assert.NotEmpty(late.Items);
        Assert.All(late.Items, d => Assert.True(d.DaysLate > 0 && d.Finished is { Year: 2025, Month: 11 }, $"{d.Code}"));
        var open = await Ok<DossierPage>(await manager.GetAsync("/api/dossiers?unit=08&period=2025-11&openOverdue=true", Ct));
        Assert.NotEmpty(open.Items);
        Assert.All(open.Items, d => Assert.True(d.Due < new DateOnly(2025, 11, 30) && d.Finished is null or { Month: 12 }, $"{d.Code}"));
        var november = Assert.Single((await Ok<DossierMetricsAnswer>(await manager.GetAsync("/api/dossiers/metrics?unit=08&periods=2025-11", Ct))).Rows);
        Assert.Equal(november.Late, late.Total);
        Assert.Equal(november.OpenOverdue, open.Total);
    }

    [Fact]
    public async Task One_more_dossier_for_a_commune_moves_its_received_figure_by_exactly_one()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        async Task<Dictionary<string, double?>> Figures()
        {
            var result = await Ok<AnalyticsResult>(await manager.GetAsync(
                "/api/analytics?indicators=DOSSIERS_RECEIVED,DOSSIERS_ONLINE,DOSSIERS_FINISHED,DOSSIERS_ON_TIME,DOSSIERS_CROSS_BOUNDARY,DOSSIERS_PAID_ONLINE,DOSSIERS_RESULTS_DIGITIZED&units=08051&periods=2025-11", Ct));
            return result.Values.Where(v => v.Unit == "08051" && v.Period == "2025-11").ToDictionary(v => v.Item, v => v.Value);
        }
        var before = await Figures();
        Assert.Equal(7, before.Count);

        var file = $"{DossierColumns.Header}\nTEST-08051-251120-9999,1.001193,Đăng ký khai sinh,Hộ tịch,4,1,08051,08051,2025-11-20,2025-11-21,,,4,0,0,0\n";
        var import = await Ok<DossierImportResult>(await manager.PostAsync("/api/dossiers", new StringContent(file, Encoding.UTF8, "text/csv"), Ct));
        Assert.Equal((1L, 0L), (import.Added, import.Refused));

        var after = await Figures();
        Assert.Equal(before["DOSSIERS_RECEIVED"] + 1, after["DOSSIERS_RECEIVED"]);
        Assert.All(before.Where(b => b.Key != "DOSSIERS_RECEIVED"), b => Assert.Equal(b.Value, after[b.Key]));
    }
}
