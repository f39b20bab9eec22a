using CivicTrack.Data;
using CivicTrack.Engine.Community;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Community.Teams;

/// <summary>The <c>Community:Commendation</c> settings: the components of the commendation score and their weights.</summary>
public sealed class CommendationSettings
{
    /// <summary>Household coverage: the mean of these indicators (comma-separated codes); a code the catalogue lacks is left out.</summary>
    public string CoverageIndicators { get; set; } = "IND_HHS_VNEID_PCT,IND_HHS_EWALLET_PCT,IND_HHS_ONLINE_SERVICE_PCT";
    public double CoverageWeight { get; set; } = 0.4;
    /// <summary>Activities held: the sum of this data element over the period.</summary>
    public string ActivitiesElement { get; set; } = "COMM_EVENTS";
    public double ActivitiesWeight { get; set; } = 0.2;
    /// <summary>Reports on time: the timeliness of this form's reports in the period.</summary>
    public string ReportForm { get; set; } = "BC-CDS-THANG";
    public double OnTimeWeight { get; set; } = 0.2;
    /// <summary>Task KPI: the mean of the monthly KPI of the unit's own tasks over the period's months up to today.</summary>
    public double KpiWeight { get; set; } = 0.2;
    /// <summary>How many places the annex lists by default.</summary>
    public int Top { get; set; } = 10;

    public IReadOnlyList<string> CoverageCodes =>
        CoverageIndicators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A component as the ranking used it: its weight share (0 when dropped) and what it was computed from.</summary>
public sealed record CommendationComponentDto(string Key, double Weight, bool Used, string Source);

/// <summary>A candidate's raw figure for a component (a percentage or a count) and its normalised value on 0–1.</summary>
public sealed record CommendationFigure(double? Value, double Normalised);

/// <summary>One place: the collective's name, the unit it is in, its score (0–100) and components.</summary>
public sealed record CommendationRow(int Rank, string Key, string Name, string UnitCode, string UnitName, double Score,
    IReadOnlyDictionary<string, CommendationFigure> Components);

public sealed record CommendationResult(string Unit, string UnitName, string Period, string Of, IReadOnlyList<CommendationComponentDto> Components,
    IReadOnlyList<CommendationRow> Rows);

/// <summary>Ranks communes and wards, or teams, for commendation by <see cref="CommendationScore"/> over figures the app already
/// keeps: household coverage indicators, activities held, reports on time and the task KPI. A team counts its unit's figures.</summary>
public sealed class CommendationService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, RatesService rates, TaskService tasks,
    TimeProvider clock, IOptions<CommendationSettings> options, IStringLocalizer<TeamResource> t)
{
    public const string Coverage = "coverage", Activities = "activities", OnTime = "onTime", Kpi = "kpi";
    public static readonly string[] Keys = [Coverage, Activities, OnTime, Kpi];

    public CommendationSettings Settings => options.Value;

    public async Task<Outcome<CommendationResult>> RankAsync(AccessScope scope, string? unitCode, string? period, string? of, CancellationToken ct = default)
    {
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        scope = scope.On(tree);
        var problems = new FieldProblems();
        var today = VietnamTime.Today(clock);
        var p = Period.Year(today.Year);
        if (!string.IsNullOrWhiteSpace(period) && !Period.TryParse(period.Trim(), out p)) problems.Add("period", t["Commendation.BadPeriod", period]);
        var teamsWanted = (of ?? "units").Trim().ToLowerInvariant() switch { "units" => (bool?)false, "teams" => true, _ => null };
        if (teamsWanted is null) problems.Add("of", t["Commendation.BadOf", of ?? ""]);
        if (problems.Count > 0) return Outcome<CommendationResult>.Invalid(problems.ByField());
        if (TeamService.Resolve(scope, tree, unitCode) is not { } root) return Outcome<CommendationResult>.NotFound();

        // Candidates: (key, name, unit whose figures count).
        List<(string Key, string Name, OrgNode Unit)> candidates;
        if (teamsWanted == true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var teams = await db.Set<CommunityTeam>().AsNoTracking().Where(x => x.Active).Select(x => new { x.Id, x.OrgUnitId }).ToListAsync(ct);
            candidates = [.. teams.Where(x => tree.Contains(x.OrgUnitId) && tree.IsWithin(x.OrgUnitId, root.Id))
                .Select(x => (x.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TeamName(tree.Get(x.OrgUnitId)), tree.Get(x.OrgUnitId)))];
        }
        else
        {
            var day = p.End < today ? p.End : today;
            candidates = [.. tree.Subtree(root.Id).Where(u => TeamService.LevelOf(u.Kind) == TeamLevel.Commune && u.IsOpenOn(day)).Select(u => (u.Code, u.Name, u))];
        }

        var s = Settings;
        var range = PeriodRange.Of(p);
        var catalog = snapshot.Catalog;
        var coverage = s.CoverageCodes.Where(catalog.IndicatorsByCode.ContainsKey).Select(c => catalog.IndicatorsByCode[c]).ToList();
        var element = catalog.ElementsByCode.GetValueOrDefault(s.ActivitiesElement);
        var unitIds = candidates.Select(c => c.Unit.Id).Distinct().ToList();
        var figures = snapshot.Values.Read(r => unitIds.ToDictionary(id => id, id =>
        {
            var values = coverage.Select(i => catalog.Formulas[i.Id] is { } f ? f.Evaluate(r, id, range).Value : null).OfType<double>().ToList();
            return (Coverage: values.Count > 0 ? values.Average() : (double?)null, Activities: element is null ? null : r.Get(element.Id, id, range).Value);
        }));

        IReadOnlyDictionary<int, RateCounts> onTime = new Dictionary<int, RateCounts>();
        var expectation = await rates.ExpectAsync(scope, s.ReportForm, root.Code, p.Id, ct);
        if (expectation.Value is { } e) onTime = ReportingRates.RollUp(e.Tree, e.Reports, unitIds);

        var kpiSums = new Dictionary<int, (double Sum, int Count)>();
        for (var month = Period.Month(p.Start.Year, p.Start.Month); month.Start <= p.End && month.Start <= today; month = month.Next())
            foreach (var (unitId, percent) in await tasks.KpiByUnitAsync(scope, month.Start.Year, month.Start.Month, today, ct))
                if (percent is { } k)
                    kpiSums[unitId] = kpiSums.TryGetValue(unitId, out var acc) ? (acc.Sum + k, acc.Count + 1) : (k, 1);

        var raw = candidates.ToDictionary(c => c.Key, c => new Dictionary<string, double?>
        {
            [Coverage] = figures[c.Unit.Id].Coverage,
            [Activities] = figures[c.Unit.Id].Activities,
            [OnTime] = onTime.TryGetValue(c.Unit.Id, out var rc) && rc.Timeliness is { } tl ? Math.Round(100 * tl, 1) : null,
            [Kpi] = kpiSums.TryGetValue(c.Unit.Id, out var ks) ? Math.Round(ks.Sum / ks.Count, 1) : null,
        });
        var ranking = CommendationScore.Rank(
            [.. candidates.Select(c => new CommendationCandidate(c.Key, c.Name, raw[c.Key]))],
            [new(Coverage, s.CoverageWeight), new(Activities, s.ActivitiesWeight), new(OnTime, s.OnTimeWeight), new(Kpi, s.KpiWeight)]);
        var byKey = candidates.ToDictionary(c => c.Key);
        var rows = ranking.Places.Select(place =>
        {
            var c = byKey[place.Key];
            var unitName = teamsWanted == true ? TeamService.CommuneOf(tree, c.Unit.Id)?.Name ?? c.Unit.Name : tree.Parent(c.Unit.Id)?.Name ?? "";
            return new CommendationRow(place.Rank, place.Key, place.Name, c.Unit.Code, unitName, Math.Round(100 * place.Score, 1),
                Keys.Where(place.Normalised.ContainsKey).ToDictionary(k => k, k => new CommendationFigure(raw[c.Key][k], Math.Round(place.Normalised[k], 4))));
        }).ToList();
        var used = ranking.Used.ToDictionary(u => u.Key, u => u.Weight);
        var components = new List<CommendationComponentDto>
        {
            new(Coverage, Math.Round(used.GetValueOrDefault(Coverage), 4), used.ContainsKey(Coverage), string.Join(", ", coverage.Select(i => i.Code))),
            new(Activities, Math.Round(used.GetValueOrDefault(Activities), 4), used.ContainsKey(Activities), element?.Code ?? ""),
            new(OnTime, Math.Round(used.GetValueOrDefault(OnTime), 4), used.ContainsKey(OnTime), expectation.Succeeded ? s.ReportForm : ""),
            new(Kpi, Math.Round(used.GetValueOrDefault(Kpi), 4), used.ContainsKey(Kpi), "KPI"),
        };
        return Outcome<CommendationResult>.Ok(new CommendationResult(root.Code, root.Name, p.Id, teamsWanted == true ? "teams" : "units", components, rows));
    }

    public const string TeamPrefix = "Tổ công nghệ số cộng đồng ";
    private static readonly string[] KindWords = ["Thôn ", "Bản ", "Tổ dân phố ", "Tổ ", "Khu ", "Xóm ", "Ấp ", "Buôn ", "Làng ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn "];

    /// <summary>The collective's name in an annex: "Tổ công nghệ số cộng đồng thôn Nà Bó" (the unit's kind word in lower case, as
    /// it reads inside a name).</summary>
    public static string TeamName(OrgNode unit)
    {
        var name = unit.Name;
        if (KindWords.Any(w => name.StartsWith(w, StringComparison.Ordinal))) name = char.ToLowerInvariant(name[0]) + name[1..];
        return TeamPrefix + name;
    }
}
