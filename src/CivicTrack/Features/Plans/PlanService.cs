using CivicTrack.Engine.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Plans;

/// <summary>Plans and their targets, with each target's status computed from the current data values.</summary>
/// <remarks>An account sees a target when its scope unit is within the account's units, or — for a target over
/// every unit of a kind — when some of those units are; it then sees the target as it stands for its own units
/// only. Plan summaries count the targets the account sees.</remarks>
public sealed partial class PlanService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, TaskService tasks, AuditLog audit, TimeProvider clock,
    Uploads.WorkbookCheck workbooks, IStringLocalizer<Resources.SharedResource> t)
{
    /// <summary>A target evaluated for the caller: the DTO plus its per-unit standings.</summary>
    private sealed record Evaluated(TargetDto Dto, IReadOnlyList<(OrgNode Unit, TargetStatus Status, double? Actual)> Units);

    public Task<IReadOnlyList<PlanDto>> ListAsync(AccessScope scope, DateOnly asOf, CancellationToken ct = default) =>
        ListAsync(scope, asOf, null, ct);

    /// <summary>The plans the caller sees among those <paramref name="which"/> picks; only those are read and evaluated.</summary>
    public async Task<IReadOnlyList<PlanDto>> ListAsync(AccessScope scope, DateOnly asOf, System.Linq.Expressions.Expression<Func<Plan, bool>>? which, CancellationToken ct = default)
    {
        var (plans, snapshot) = await LoadAsync(ct, which);
        scope = scope.On(snapshot.Tree);
        var result = new List<PlanDto>();
        foreach (var plan in plans)
        {
            var evaluated = Evaluate(scope, snapshot, plan, asOf, trend: false);
            if (evaluated.Count == 0 && !scope.Covers(plan.IssuingUnitId)) continue;
            result.Add(ToDto(plan, snapshot.Tree, evaluated));
        }
        return result;
    }

    public async Task<PlanDetailDto?> GetAsync(AccessScope scope, int id, DateOnly asOf, CancellationToken ct = default) =>
        (await EvaluatePlanAsync(scope, id, asOf, trend: false, ct))?.Detail;

    public async Task<IReadOnlyList<TargetDto>?> TargetsAsync(AccessScope scope, int planId, DateOnly asOf, CancellationToken ct = default) =>
        (await EvaluatePlanAsync(scope, planId, asOf, trend: true, ct))?.Targets;

    /// <summary>A plan's summary and its targets with their trends from one evaluation, for pages that show both.</summary>
    public Task<(PlanDetailDto Detail, IReadOnlyList<TargetDto> Targets)?> GetWithTargetsAsync(AccessScope scope, int id, DateOnly asOf, CancellationToken ct = default) =>
        EvaluatePlanAsync(scope, id, asOf, trend: true, ct);

    private async Task<(PlanDetailDto Detail, IReadOnlyList<TargetDto> Targets)?> EvaluatePlanAsync(AccessScope scope, int id, DateOnly asOf, bool trend, CancellationToken ct)
    {
        var (plans, snapshot) = await LoadAsync(ct);
        scope = scope.On(snapshot.Tree);
        if (plans.FirstOrDefault(p => p.Id == id) is not { } plan) return null;
        var evaluated = Evaluate(scope, snapshot, plan, asOf, trend);
        if (evaluated.Count == 0 && !scope.Covers(plan.IssuingUnitId)) return null;
        var byPillar = evaluated.GroupBy(e => e.Dto.Pillar ?? "")
            .Select(g => Row(g.Key, g.First().Dto.PillarName?.Pick() ?? t["Plans.NoPillar"], g.Select(e => e.Dto.Status)))
            .OrderBy(r => snapshot.Catalog.Pillars.FirstOrDefault(p => p.Code == r.Code)?.SortOrder ?? int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        var byUnit = evaluated.SelectMany(e => e.Units)
            .GroupBy(u => u.Unit.Id)
            .Select(g => Row(g.First().Unit.Code, g.First().Unit.Name, g.Select(u => u.Status)))
            .OrderByDescending(r => r.Percent).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        return (new PlanDetailDto(ToDto(plan, snapshot.Tree, evaluated), asOf, byPillar, byUnit), evaluated.Select(e => e.Dto).ToList());
    }

    public async Task<IReadOnlyList<TargetUnitDto>?> TargetUnitsAsync(AccessScope scope, int targetId, DateOnly asOf, CancellationToken ct = default)
    {
        var (plans, snapshot) = await LoadAsync(ct);
        scope = scope.On(snapshot.Tree);
        if (plans.FirstOrDefault(p => p.Targets.Any(x => x.Id == targetId)) is not { } plan) return null;
        var target = plan.Targets.Single(x => x.Id == targetId);
        if (EvaluateOne(scope, snapshot, plan, target, asOf, trend: false) is not { } e) return null;
        return e.Units.Select(u => new TargetUnitDto(u.Unit.Code, u.Unit.Name, u.Status, Round(u.Actual, e.Dto.Decimals))).ToList();
    }

    /// <summary>The targets that apply to one unit — scoped at it, or over a kind it belongs to — with its own standing.</summary>
    public async Task<IReadOnlyList<UnitTargetDto>?> UnitTargetsAsync(AccessScope scope, string unitCode, DateOnly asOf, CancellationToken ct = default)
    {
        var (plans, snapshot) = await LoadAsync(ct);
        scope = scope.On(snapshot.Tree);
        if (snapshot.Tree.Find(unitCode) is not { } unit || !scope.Covers(unit)) return null;
        var result = new List<UnitTargetDto>();
        foreach (var plan in plans)
            foreach (var target in plan.Targets)
            {
                if (EvaluateOne(scope, snapshot, plan, target, asOf, trend: false) is not { } e) continue;
                var own = e.Units.FirstOrDefault(u => u.Unit.Id == unit.Id);
                if (own.Unit is null) continue;
                result.Add(new UnitTargetDto(plan.Id, plan.DocumentNumber, e.Dto, own.Status, Round(own.Actual, e.Dto.Decimals)));
            }
        return result;
    }

    /// <summary>The targets on any of <paramref name="indicators"/> that apply to each of <paramref name="unitCodes"/> (units
    /// outside the scope are skipped), each with that unit's own standing; plans are read once for all units.</summary>
    public async Task<IReadOnlyList<(string Unit, UnitTargetDto Target)>> UnitTargetsAsync(AccessScope scope, IReadOnlyCollection<string> unitCodes,
        IReadOnlySet<string> indicators, DateOnly asOf, CancellationToken ct = default)
    {
        var (plans, snapshot) = await LoadAsync(ct);
        scope = scope.On(snapshot.Tree);
        var units = unitCodes.Select(snapshot.Tree.Find).OfType<OrgNode>().Where(scope.Covers).ToDictionary(u => u.Id);
        var result = new List<(string, UnitTargetDto)>();
        if (units.Count == 0) return result;
        foreach (var plan in plans)
            foreach (var target in plan.Targets)
            {
                if (target.IndicatorId is not { } id || !snapshot.Catalog.IndicatorsById.TryGetValue(id, out var indicator) || !indicators.Contains(indicator.Code)) continue;
                if (EvaluateOne(scope, snapshot, plan, target, asOf, trend: false) is not { } e) continue;
                foreach (var own in e.Units)
                    if (units.TryGetValue(own.Unit.Id, out var unit))
                        result.Add((unit.Code, new UnitTargetDto(plan.Id, plan.DocumentNumber, e.Dto, own.Status, Round(own.Actual, e.Dto.Decimals))));
            }
        return result;
    }

    /// <summary>Units of a kind ranked by the share of their targets achieved, then by their task score this month.</summary>
    public async Task<IReadOnlyList<RankingRow>> RankingAsync(AccessScope scope, OrgUnitKind kind, DateOnly asOf, CancellationToken ct = default)
    {
        var (plans, snapshot) = await LoadAsync(ct);
        scope = scope.On(snapshot.Tree);
        var counts = new Dictionary<int, (OrgNode Unit, int Achieved, int Total)>();
        foreach (var plan in plans)
            foreach (var target in plan.Targets)
            {
                if (EvaluateOne(scope, snapshot, plan, target, asOf, trend: false) is not { } e) continue;
                foreach (var (unit, status, _) in e.Units)
                {
                    if (unit.Kind != kind) continue;
                    var c = counts.TryGetValue(unit.Id, out var found) ? found : (Unit: unit, Achieved: 0, Total: 0);
                    counts[unit.Id] = (unit, c.Achieved + (TargetStatuses.IsAchieved(status) ? 1 : 0), c.Total + 1);
                }
            }
        var month = Period.Containing(PeriodType.Month, asOf);
        var kpi = await tasks.KpiByUnitAsync(scope, month.Start.Year, month.Start.Month, asOf, ct);
        var rows = counts.Values
            .Select(c => (c.Unit, c.Achieved, c.Total, Percent: c.Total == 0 ? (double?)null : Math.Round(100.0 * c.Achieved / c.Total, 1),
                Kpi: kpi.TryGetValue(c.Unit.Id, out var k) ? k : null))
            .OrderByDescending(r => r.Percent ?? -1).ThenByDescending(r => r.Kpi ?? -1).ThenBy(r => r.Unit.Code, StringComparer.Ordinal)
            .ToList();
        return rows.Select((r, i) => new RankingRow(i + 1, r.Unit.Code, r.Unit.Name, r.Achieved, r.Total, r.Percent, r.Kpi)).ToList();
    }

    private async Task<(List<Plan> Plans, AnalyticsStore.Snapshot Snapshot)> LoadAsync(CancellationToken ct, System.Linq.Expressions.Expression<Func<Plan, bool>>? which = null)
    {
        var snapshot = await store.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await (which is null ? db.Plans : db.Plans.Where(which)).AsNoTracking().Include(p => p.Targets)
            .OrderByDescending(p => p.IssuedOn).ThenBy(p => p.Id).ToListAsync(ct);
        foreach (var p in plans) p.Targets.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : CompareCodes(a.Code, b.Code));
        return (plans, snapshot);
    }

    /// <summary>"2" before "10", "2.3" before "2.10".</summary>
    internal static int CompareCodes(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var c = int.TryParse(pa[i], out var x) && int.TryParse(pb[i], out var y) ? x.CompareTo(y) : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    }

    private List<Evaluated> Evaluate(AccessScope scope, AnalyticsStore.Snapshot snapshot, Plan plan, DateOnly asOf, bool trend) =>
        plan.Targets.Select(x => EvaluateOne(scope, snapshot, plan, x, asOf, trend)).OfType<Evaluated>().ToList();

    /// <summary>The target as the caller sees it, or null when none of its units is within the caller's reach.</summary>
    private Evaluated? EvaluateOne(AccessScope scope, AnalyticsStore.Snapshot snapshot, Plan plan, Target target, DateOnly asOf, bool trend)
    {
        var tree = snapshot.Tree;
        if (!tree.Contains(target.ScopeUnitId)) return null;
        var scopeUnit = tree.Get(target.ScopeUnitId);
        var wholeScope = scope.Covers(scopeUnit);
        List<OrgNode> units;
        if (target.ScopeKind is { } kind)
        {
            // The units that must reach the target are those of the kind that exist on its deadline.
            units = tree.Subtree(scopeUnit.Id).Where(u => u.Kind == kind && u.IsOpenOn(target.Deadline) && (wholeScope || scope.Covers(u))).ToList();
            if (units.Count == 0 && !wholeScope) return null;
        }
        else
        {
            if (!wholeScope) return null;
            units = [scopeUnit];
        }
        var catalog = snapshot.Catalog;
        var indicator = target.IndicatorId is { } iid && catalog.IndicatorsById.TryGetValue(iid, out var ind) ? ind : null;
        var formula = indicator is null ? null : catalog.Formulas[indicator.Id];
        var rule = new TargetRule(target.Comparison, target.Value, target.Baseline, plan.StartsOn, target.Deadline);
        double? ActualOf(ValueStore.Reader r, int unitId, DateOnly day)
        {
            if (target.Comparison == TargetComparison.Done || formula is null)
                return target.DoneOn is { } done && done <= day ? 1 : 0;
            if (day < plan.StartsOn) return null;
            return formula.Evaluate(r, unitId, new PeriodRange(plan.StartsOn, day)).Value;
        }
        var (perUnit, actual, points) = snapshot.Values.Read(r =>
        {
            var perUnit = units.Select(u => { var a = ActualOf(r, u.Id, asOf); return (u, TargetStatuses.Evaluate(rule, a, asOf), a); }).ToList();
            // The figure for the whole scope: the scope unit's own when the caller sees it all, else the caller's unit.
            var actual = wholeScope ? ActualOf(r, scopeUnit.Id, asOf) : perUnit.Count == 1 ? perUnit[0].a : null;
            var points = new List<TrendPoint>();
            if (trend)
            {
                var trendUnit = wholeScope ? scopeUnit.Id : perUnit.Count == 1 ? perUnit[0].u.Id : (int?)null;
                var last = asOf < plan.EndsOn ? asOf : plan.EndsOn;
                for (var m = Period.Containing(PeriodType.Month, plan.StartsOn); m.End <= last && points.Count < 36; m = m.Next())
                    points.Add(new TrendPoint(m.Id, trendUnit is { } tu ? Round(ActualOf(r, tu, m.End), indicator?.Decimals ?? 0) : null));
            }
            return (perUnit, actual, points);
        });
        var status = target.ScopeKind is null ? perUnit[0].Item2 : TargetStatuses.Combine(perUnit.Select(p => p.Item2).ToList(), target.Deadline, asOf);
        var decimals = indicator?.Decimals ?? 0;
        var pillarId = target.PillarId ?? indicator?.PillarId;
        var pillar = pillarId is { } pid && catalog.PillarsById.TryGetValue(pid, out var pl) ? pl : null;
        var dto = new TargetDto(target.Id, plan.Id, target.Code, target.Name, indicator?.Code, indicator?.Name, pillar?.Code, pillar?.Name,
            scopeUnit.Code, scopeUnit.Name, target.ScopeKind, target.Comparison, target.Value, target.Baseline, target.Deadline, target.DoneOn,
            status, Round(actual, decimals), Round(TargetStatuses.Expected(rule, asOf), decimals),
            target.ScopeKind is null ? null : perUnit.Count(p => TargetStatuses.IsAchieved(p.Item2)),
            target.ScopeKind is null ? null : perUnit.Count,
            points, indicator?.Unit ?? LocalText.Empty, decimals);
        return new Evaluated(dto, perUnit.Select(p => (p.u, p.Item2, p.a)).ToList());
    }

    private static double? Round(double? v, int decimals) => v is { } x ? Math.Round(x, Math.Clamp(decimals, 0, 6)) : null;

    private static PlanBreakdownRow Row(string code, string name, IEnumerable<TargetStatus> statuses)
    {
        var list = statuses.ToList();
        var achieved = list.Count(TargetStatuses.IsAchieved);
        return new PlanBreakdownRow(code, name, achieved, list.Count, list.Count == 0 ? 0 : Math.Round(100.0 * achieved / list.Count, 1));
    }

    private static PlanDto ToDto(Plan plan, OrgTree tree, IReadOnlyList<Evaluated> evaluated)
    {
        var statuses = evaluated.Select(e => e.Dto.Status).ToList();
        var achieved = statuses.Count(TargetStatuses.IsAchieved);
        var summary = new PlanSummary(achieved, statuses.Count, statuses.Count == 0 ? 0 : Math.Round(100.0 * achieved / statuses.Count, 1),
            Enum.GetValues<TargetStatus>().ToDictionary(s => s, s => statuses.Count(x => x == s)));
        var issuer = tree.Find(plan.IssuingUnitId);
        var campaignScope = plan.Kind == PlanKind.Campaign ? tree.Find(plan.ScopeUnitId ?? plan.IssuingUnitId) : null;
        return new PlanDto(plan.Id, plan.DocumentNumber, plan.Title, plan.Kind, plan.IssuedOn,
            issuer?.Code ?? "", issuer?.Name ?? "", plan.StartsOn, plan.EndsOn, summary, campaignScope?.Code, campaignScope?.Name);
    }
}
