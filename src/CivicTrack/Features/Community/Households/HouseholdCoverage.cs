using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Households;

public sealed record ServiceCoverage(string Service, string Label, int Reached, double? Percent);
public sealed record HouseholdCoverageDto(string Unit, string Name, DateOnly AsOf, double? Households, IReadOnlyList<ServiceCoverage> Services);

/// <summary>"% of households reached" of a village, commune or province, counted straight from the entries: for each
/// service the distinct households of each village helped through to the end (done) up to the day, over the unit's
/// households (<c>HH_TOTAL</c>, its latest value in the day's month). Counts are added up the tree, never percentages.</summary>
public sealed class HouseholdCoverage(IDbContextFactory<AppDb> dbFactory, AnalyticsStore analytics, TimeProvider clock, IStringLocalizer<HouseholdResource> t)
{
    public async Task<Outcome<HouseholdCoverageDto>> CoverageAsync(AccessScope scope, string? unit, string? asOf, CancellationToken ct)
    {
        var day = VietnamTime.Today(clock);
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            var text = asOf.Trim();
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) day = d;
            else if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)) day = m.AddMonths(1).AddDays(-1);
            else return Outcome<HouseholdCoverageDto>.Invalid("asOf", t["Coverage.AsOf"]);
            if (day.Year is < 2000 or > 2100) return Outcome<HouseholdCoverageDto>.Invalid("asOf", t["Coverage.AsOf"]);
        }
        var node = string.IsNullOrWhiteSpace(unit) ? scope.Roots.FirstOrDefault() : scope.Tree.Find(unit.Trim());
        if (node is null || !scope.Covers(node)) return Outcome<HouseholdCoverageDto>.NotFound();
        var villages = scope.Tree.Subtree(node.Id).Where(HouseholdLog.IsVillage).Select(v => v.Id).ToList();
        var reached = HouseholdServices.All.ToDictionary(s => s, _ => 0);
        if (villages.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var done = await db.HouseholdSupportServices.AsNoTracking()
                .Where(s => s.Outcome == HouseholdServices.Done)
                .Join(db.HouseholdSupportEntries.Where(e => villages.Contains(e.VillageId) && e.Date <= day), s => s.EntryId, e => e.Id,
                    (s, e) => new { e.VillageId, e.Household, s.Service })
                .Distinct().ToListAsync(ct);
            foreach (var g in done.GroupBy(x => x.Service))
                if (reached.ContainsKey(g.Key)) reached[g.Key] = g.Select(x => (x.VillageId, x.Household)).Distinct().Count();
        }
        var snapshot = await analytics.GetAsync(ct);
        var households = HouseholdsCounted(snapshot, node.Id, day);
        var services = HouseholdServices.All.Select(s => new ServiceCoverage(s, t["Service." + s], reached[s],
            households is > 0 ? Math.Round(100.0 * reached[s] / households.Value, 4) : null)).ToList();
        return Outcome<HouseholdCoverageDto>.Ok(new HouseholdCoverageDto(node.Code, node.Name, day, households, services));
    }

    /// <summary>How many households the unit has on <paramref name="day"/>: the latest month up to it with a count,
    /// since households are counted monthly and early in a month the figure may still be last month's.</summary>
    private static double? HouseholdsCounted(AnalyticsStore.Snapshot snapshot, int unit, DateOnly day)
    {
        if (snapshot.Values.Element("HH_TOTAL") is null) return null;
        for (var back = 0; back < MonthsBack; back++)
        {
            var d = day.AddMonths(-back);
            if (snapshot.Values.Get("HH_TOTAL", unit, PeriodRange.Of(Period.Month(d.Year, d.Month))).Value is { } count) return count;
        }
        return null;
    }

    /// <summary>How far back a household count is still taken as the current one.</summary>
    private const int MonthsBack = 3;
}
