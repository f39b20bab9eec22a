using CivicTrack.Engine.CompositeIndex;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.CompositeIndex;

public sealed record IndexPillarHead(string Code, string Name, double Points, int Components);
public sealed record IndexPillarCell(string Code, double? Score, double? Points);
/// <summary>A ranked unit: rank (null without any value), scores 0–1 and points, and the change against the previous period
/// (<see cref="RankChange"/> positive when it moved up).</summary>
public sealed record IndexRankingRow(int? Rank, string Unit, string UnitName, double? Score, double? Points, IReadOnlyList<IndexPillarCell> Pillars,
    double? ScoreChange, int? RankChange, int? PreviousRank);
public sealed record IndexRankingAnswer(int Id, string Name, string Period, string PreviousPeriod, string Unit, string UnitName, IndexUnitSet Units,
    Aggregation Aggregation, MissingRule Missing, double TotalPoints, IReadOnlyList<IndexPillarHead> Pillars, IReadOnlyList<IndexRankingRow> Rows);

public sealed record IndexRankRangeRow(string Unit, string UnitName, int? Rank, int Min, int Max, double Median);
public sealed record IndexSensitivityAnswer(int Id, string Period, string Unit, int Draws, int Seed, double Spread, IReadOnlyList<IndexRankRangeRow> Rows);

public sealed record IndexComponentValue(string Indicator, string Name, string IndicatorUnit, int Decimals, double Weight, Direction Direction,
    Normalisation Normalisation, double? Target, double? Raw, double? Score);
public sealed record IndexProfilePillar(string Code, string Name, double Points, double? Score, double? EarnedPoints, IReadOnlyList<IndexComponentValue> Components);
public sealed record IndexProfileAnswer(int Id, string Name, string Period, string Unit, string UnitName, string Parent, int? Rank, int Ranked,
    double? Score, double? Points, double TotalPoints, IReadOnlyList<IndexProfilePillar> Pillars);

/// <summary>Computes an index for the units under a unit and a period from the in-memory analytics store.</summary>
/// <remarks>Ranks are within the caller's reach: the units ranked are those of the definition's kind in the subtree of the
/// unit asked for, which must lie in the caller's scope — as the overview's commune ranking counts only what the account
/// sees. A commune account thus ranks nothing but itself and never reads another commune's values.</remarks>
public sealed class IndexRanking(IndexService definitions, AnalyticsStore store, TimeProvider clock, IStringLocalizer<IndexResource> t)
{
    public const int DefaultSeed = 20251010;

    private sealed record Context(IndexDefinition Definition, IndexSpec Spec, AnalyticsStore.Snapshot Snapshot, OrgNode Parent, Period Period, List<OrgNode> Units);

    public async Task<Outcome<IndexRankingAnswer>> RankAsync(AccessScope scope, int id, string? unit, string? period, string language, CancellationToken ct)
    {
        var (context, failed) = await ContextAsync(scope, id, unit, period, ct);
        if (context is null) return failed!.Failed<IndexRankingAnswer>();
        var (definition, spec, snapshot, parent, p, units) = context;
        var now = IndexCalculator.Compute(spec, Values(snapshot, spec, units, p));
        // Without a period asked for, the latest of the last three periods that ranks anyone (a year just begun has no data yet).
        for (var back = 0; string.IsNullOrWhiteSpace(period) && back < 2 && units.Count > 0 && now.All(s => s.Rank is null); back++)
        {
            p = p.Previous();
            now = IndexCalculator.Compute(spec, Values(snapshot, spec, units, p));
        }
        var previousPeriod = p.Previous();
        var before = IndexCalculator.Compute(spec, Values(snapshot, spec, units, previousPeriod));
        var changes = IndexCalculator.Change(now, before).ToDictionary(c => c.Unit);
        var beforeRank = before.ToDictionary(b => b.Unit, b => b.Rank);
        var names = units.ToDictionary(u => u.Code, u => u.Name);
        var rows = now.Select(s => new IndexRankingRow(s.Rank, s.Unit, names[s.Unit], Round(s.Score), Round(s.Points),
            [.. s.Pillars.Select(x => new IndexPillarCell(x.Code, Round(x.Score), Round(x.Points)))],
            Round(changes[s.Unit].ScoreChange), changes[s.Unit].RankChange, beforeRank.GetValueOrDefault(s.Unit))).ToList();
        return Outcome<IndexRankingAnswer>.Ok(new(definition.Id, definition.Name.Pick(language), p.Id, previousPeriod.Id, parent.Code, parent.Name, definition.Units,
            definition.Aggregation, definition.Missing, spec.TotalPoints, Heads(definition, language), rows));
    }

    public async Task<Outcome<IndexSensitivityAnswer>> SensitivityAsync(AccessScope scope, int id, string? unit, string? period, int? draws, int? seed, CancellationToken ct)
    {
        var n = draws ?? Sensitivity.DefaultDraws;
        if (n is < 1 or > Sensitivity.MaxDraws) return Outcome<IndexSensitivityAnswer>.Invalid("draws", t["Index.BadDraws", Sensitivity.MaxDraws]);
        var (context, failed) = await ContextAsync(scope, id, unit, period, ct);
        if (context is null) return failed!.Failed<IndexSensitivityAnswer>();
        var (definition, spec, snapshot, parent, p, units) = context;
        var values = Values(snapshot, spec, units, p);
        var ranks = IndexCalculator.Compute(spec, values).ToDictionary(s => s.Unit, s => s.Rank);
        var names = units.ToDictionary(u => u.Code, u => u.Name);
        var s = seed ?? DefaultSeed;
        var rows = Sensitivity.Run(spec, values, n, s)
            .Select(r => new IndexRankRangeRow(r.Unit, names[r.Unit], ranks.GetValueOrDefault(r.Unit), r.Min, r.Max, r.Median))
            .OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList();
        return Outcome<IndexSensitivityAnswer>.Ok(new(definition.Id, p.Id, parent.Code, n, s, Sensitivity.Spread, rows));
    }

    /// <summary>One unit's pillars and components, computed among the units ranked with it (its parent's set).</summary>
    public async Task<Outcome<IndexProfileAnswer>> ProfileAsync(AccessScope scope, int id, string code, string? period, string language, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        scope = scope.On(tree);
        if (tree.Find(code.Trim()) is not { } target || !scope.Covers(target)) return Outcome<IndexProfileAnswer>.Invalid("unit", t["Index.UnknownUnit", code]);
        var definition = await definitions.FindAsync(id, ct);
        if (definition is null) return Outcome<IndexProfileAnswer>.NotFound();
        // Ranked among the units of the highest ancestor still within reach, as the ranking page of that unit shows it.
        var parent = tree.Ancestors(target.Id).FirstOrDefault(a => scope.Covers(a)) ?? target;
        var (context, failed) = await ContextAsync(scope, id, parent.Code, period, ct);
        if (context is null) return failed!.Failed<IndexProfileAnswer>();
        var (_, spec, _, _, p, units) = context;
        if (!units.Any(u => u.Id == target.Id)) return Outcome<IndexProfileAnswer>.Invalid("unit", t["Index.NotRanked", target.Name]);
        var result = IndexCalculator.Compute(spec, Values(snapshot, spec, units, p));
        // As the ranking: without a period asked for, the latest of the last three in which the unit is ranked.
        for (var back = 0; string.IsNullOrWhiteSpace(period) && back < 2 && result.Single(r => r.Unit == target.Code).Rank is null; back++)
        {
            p = p.Previous();
            result = IndexCalculator.Compute(spec, Values(snapshot, spec, units, p));
        }
        var mine = result.Single(r => r.Unit == target.Code);
        var catalog = snapshot.Catalog;
        var pillars = definition.Pillars.Select((pd, i) =>
        {
            var score = mine.Pillars[i];
            return new IndexProfilePillar(pd.Code, pd.Name.Pick(language), pd.Points, Round(score.Score), Round(score.Points),
                [.. pd.Components.Select((c, j) =>
                {
                    var ind = catalog.IndicatorsByCode.GetValueOrDefault(c.Indicator);
                    return new IndexComponentValue(c.Indicator, ind?.Name.Pick(language) ?? c.Indicator, ind?.Unit.Pick(language) ?? "", ind?.Decimals ?? 1,
                        c.Weight, c.Direction, c.Normalisation, c.Target, score.Components[j].Raw is { } raw ? Math.Round(raw, ind?.Decimals ?? 2) : null,
                        Round(score.Components[j].Score));
                })]);
        }).ToList();
        return Outcome<IndexProfileAnswer>.Ok(new(definition.Id, definition.Name.Pick(language), p.Id, target.Code, target.Name, parent.Name, mine.Rank,
            result.Count(r => r.Rank is not null), Round(mine.Score), Round(mine.Points), spec.TotalPoints, pillars));
    }

    private static IReadOnlyList<IndexPillarHead> Heads(IndexDefinition d, string language) =>
        [.. d.Pillars.Select(p => new IndexPillarHead(p.Code, p.Name.Pick(language), p.Points, p.Components.Count))];

    private async Task<(Context? Context, Outcome<bool>? Failed)> ContextAsync(AccessScope scope, int id, string? unitCode, string? periodText, CancellationToken ct)
    {
        var definition = await definitions.FindAsync(id, ct);
        if (definition is null) return (null, Outcome<bool>.NotFound());
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        scope = scope.On(tree);
        var problems = new FieldProblems();
        var parent = string.IsNullOrWhiteSpace(unitCode) ? scope.Roots.FirstOrDefault() : tree.Find(unitCode.Trim());
        if (parent is null || !scope.Covers(parent)) problems.Add("unit", t["Index.UnknownUnit", unitCode ?? ""]);
        var period = Period.Containing(definition.PeriodType, VietnamTime.Today(clock));
        if (!string.IsNullOrWhiteSpace(periodText))
        {
            if (!Period.TryParse(periodText.Trim(), out period, out var error)) problems.Add("period", t["Index.BadPeriod", periodText, error ?? ""]);
            else if (period.Type != definition.PeriodType) problems.Add("period", t["Index.WrongPeriodType", periodText, t["Index.PeriodType." + definition.PeriodType]]);
            else if (period.Start.Year < 1900 || period.End.Year > 2200) problems.Add("period", t["Index.BadPeriod", periodText, ""]);
        }
        if (problems.Count > 0) return (null, Outcome<bool>.Invalid(problems.ByField()));
        var kinds = definition.Units switch
        {
            IndexUnitSet.Departments => [OrgUnitKind.Department],
            IndexUnitSet.Provinces => [OrgUnitKind.Province],
            _ => new[] { OrgUnitKind.Commune, OrgUnitKind.Ward, OrgUnitKind.SpecialZone },
        };
        // Provinces are the tops of a national tree: without a unit named, every province the reader holds is ranked.
        var within = definition.Units == IndexUnitSet.Provinces && string.IsNullOrWhiteSpace(unitCode) ? scope.Roots.ToList() : [parent!];
        var units = within.SelectMany(r => tree.Subtree(r.Id)).DistinctBy(u => u.Id)
            .Where(u => kinds.Contains(u.Kind) && u.IsOpenOn(period.End) && scope.Covers(u)).ToList();
        return (new Context(definition, IndexService.Spec(definition), snapshot, parent!, period, units), null);
    }

    /// <summary>Every component's indicator for every unit over the period, read at one moment of the store.</summary>
    private static IndexValues Values(AnalyticsStore.Snapshot snapshot, IndexSpec spec, List<OrgNode> units, Period period)
    {
        var range = PeriodRange.Of(period);
        var codes = spec.Pillars.SelectMany(p => p.Components).Select(c => c.Code).Distinct().ToList();
        var catalog = snapshot.Catalog;
        var values = new IndexValues();
        snapshot.Values.Read(r =>
        {
            foreach (var unit in units)
            {
                values.Add(unit.Code);
                foreach (var code in codes)
                    if (catalog.IndicatorsByCode.TryGetValue(code, out var indicator) && catalog.Formulas[indicator.Id] is { } formula)
                        values.Set(unit.Code, code, formula.Evaluate(r, unit.Id, range).Value);
            }
            return 0;
        });
        return values;
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 6) : null;
}
