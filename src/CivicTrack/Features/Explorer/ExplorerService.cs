using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Explorer;

/// <summary>A refused explorer request: the query parameter at fault and why.</summary>
public sealed record ExplorerProblem(string Field, string Message);

public sealed record ExplorerHeader(string Key, string Label);
public sealed record ExplorerRow(string Key, string Label, IReadOnlyList<double?> Values);
public sealed record ExplorerSection(string Key, string Label, IReadOnlyList<ExplorerRow> Rows);

/// <summary>The cells laid out: one section per entry of <see cref="SectionAxis"/>, each with a row per entry of
/// <see cref="RowAxis"/> and a value per column header.</summary>
public sealed record ExplorerTable(ExplorerAxis RowAxis, ExplorerAxis ColumnAxis, ExplorerAxis SectionAxis,
    IReadOnlyList<ExplorerHeader> Columns, IReadOnlyList<ExplorerSection> Sections);

/// <summary>A target on one of the chosen indicators that applies to one of the chosen units, with that unit's standing today.</summary>
public sealed record ExplorerTarget(string Item, string Unit, string UnitName, int PlanId, string PlanNumber, string Code, string Name,
    TargetComparison Comparison, double Value, double? Baseline, DateOnly Deadline, TargetStatus Status, double? Actual, int Decimals);

/// <param name="Query">The view's query string, normalised (what the page puts in its address).</param>
/// <param name="LeftOut">How many of the asked units lie outside the reader's units and were left out (never named).</param>
public sealed record ExplorerResult(string Query, string Layout, string? By, AnalyticsResult Data, int LeftOut, ExplorerTable Table,
    IReadOnlyList<ExplorerTarget> Targets, DateOnly AsOf);

/// <summary>The indicator explorer: resolves a view's units and periods within the reader's scope, asks
/// <see cref="AnalyticsService"/> for the cells, lays them out and finds the targets that apply.</summary>
public sealed class ExplorerService(AnalyticsService analytics, AnalyticsStore store, OrgDirectory directory, PlanService plans,
    TimeProvider clock, IStringLocalizer<ExplorerResource> x)
{
    /// <summary>Targets are looked up for at most this many units (beyond, the table is shown without them).</summary>
    public const int MaxTargetUnits = 500;

    public async Task<(ExplorerResult? Result, ExplorerProblem? Problem)> QueryAsync(AccessScope scope, ExplorerQuery q, string language,
        CancellationToken ct = default)
    {
        foreach (var (field, text) in new[] { ("items", q.Items), ("units", q.Units), ("group", q.Group), ("periods", q.Periods), ("by", q.By), ("layout", q.Layout), ("level", q.Level) })
            if (text is { Length: > ExplorerQuery.MaxTextLength })
                return (null, new(field, x["Problem.TooLong", field, ExplorerQuery.MaxTextLength]));
        if (ExplorerLayout.Find(q.Layout) is not { } layout)
            return (null, new("layout", x["Problem.Layout", q.Layout ?? "", string.Join(", ", ExplorerLayout.All.Select(l => l.Id))]));
        PeriodType? by = null;
        if (!string.IsNullOrWhiteSpace(q.By) && (by = ExplorerQuery.ByType(q.By)) is null)
            return (null, new("by", x["Problem.By", q.By, string.Join(", ", ExplorerQuery.ByValues)]));

        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        scope = scope.On(tree);

        var items = q.ItemCodes;
        if (items.Count == 0) return (null, new("items", x["Problem.NoItems"]));
        if (items.Count > ExplorerQuery.MaxItems) return (null, new("items", x["Problem.TooManyItems", ExplorerQuery.MaxItems]));
        if (items.FirstOrDefault(c => !snapshot.Catalog.IndicatorsByCode.ContainsKey(c) && !snapshot.Catalog.ElementsByCode.ContainsKey(c)) is { } unknownItem)
            return (null, new("items", x["Problem.UnknownItem", Short(unknownItem)]));

        // Units: asked codes (or the reader's own units), an organisation group's members, each one's children when asked;
        // then whatever lies outside the reader's units is left out and counted, never named. A unit above the reader's
        // (their province) may be asked for its children: those within the reader's units are kept.
        var asked = q.UnitCodes;
        if (asked.Count > ExplorerQuery.MaxUnits) return (null, new("units", x["Problem.TooManyUnits", ExplorerQuery.MaxUnits]));
        var candidates = new List<OrgNode>();
        foreach (var code in asked)
        {
            if (tree.Find(code) is not { } unit) return (null, new("units", x["Problem.UnknownUnit", Short(code)]));
            candidates.Add(unit);
        }
        if (!string.IsNullOrWhiteSpace(q.Group))
        {
            var org = await directory.GetAsync(ct);
            if (org.Groups.FirstOrDefault(g => string.Equals(g.Code, q.Group.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } group)
                return (null, new("group", x["Problem.UnknownGroup", Short(q.Group)]));
            // A group reaching past the reader's units: its other members are simply not theirs to see (nor to count).
            candidates.AddRange(tree.All.Where(u => scope.Covers(u) && org.GroupsByUnit.TryGetValue(u.Id, out var gs) && gs.Any(g => g.Id == group.Id)));
        }
        else if (asked.Count == 0) candidates.AddRange(scope.Roots);
        if (!string.IsNullOrWhiteSpace(q.Level))
        {
            if (!ExplorerQuery.Levels.TryGetValue(q.Level.Trim(), out var kinds))
                return (null, new("level", x["Problem.Level", Short(q.Level), string.Join(", ", ExplorerQuery.Levels.Keys)]));
            candidates = candidates.SelectMany(u => tree.Subtree(u.Id).Where(d => kinds.Contains(d.Kind))).ToList();
        }
        else if (q.Children)
            candidates = candidates.SelectMany(u => tree.ChildCount(u.Id) == 0 ? [u] : tree.Children(u.Id)).ToList();
        // Once expanded (every commune of a country is 3,321 units) the table is bounded by its cells, below.
        candidates = candidates.DistinctBy(u => u.Id).ToList();
        var units = candidates.Where(scope.Covers).ToList();
        var leftOut = candidates.Count - units.Count;

        // Periods: a list as the analytics API reads it, or a range cut into periods of one length.
        if (string.IsNullOrWhiteSpace(q.Periods)) return (null, new("periods", x["Problem.NoPeriods"]));
        string periodList;
        if (by is { } type)
        {
            if (!PeriodRange.TryParse(q.Periods, out var range, out var error))
                return (null, new("periods", x["Problem.Periods", Short(q.Periods), error ?? ""]));
            periodList = ExplorerQuery.Expand(range, type);
        }
        else periodList = q.Periods.Trim();
        if (!PeriodList.TryParse(periodList, out var periods, out var listError))
            return (null, new("periods", x["Problem.Periods", Short(q.Periods), listError ?? ""]));

        var cells = (long)items.Count * units.Count * periods.Count;
        if (cells > AnalyticsService.MaxCells)
        {
            var largest = new[] { ("units", (long)units.Count), ("periods", periods.Count), ("items", items.Count) }.MaxBy(a => a.Item2).Item1;
            return (null, new(largest, x["Problem.TooManyCells", cells, AnalyticsService.MaxCells, largest]));
        }

        AnalyticsResult data;
        if (units.Count == 0)
        {
            // Every asked unit lay outside the reader's units: the view is empty, not the reader's whole province.
            var catalog = snapshot.Catalog;
            data = new AnalyticsResult([.. items.Select(c => catalog.IndicatorsByCode.TryGetValue(c, out var i)
                    ? new AnalyticsColumn(i.Code, i.Name.Pick(language), "indicator", i.Unit.Pick(language), i.Decimals)
                    : new AnalyticsColumn(c, catalog.ElementsByCode[c].Name.Pick(language), "element", catalog.ElementsByCode[c].Unit.Pick(language), 0))],
                [], [.. periods.Select(p => p.Label)], []);
        }
        else
        {
            var (result, problem) = await analytics.QueryAsync(scope, string.Join(',', items), string.Join(',', units.Select(u => u.Code)), periodList, false, language, ct);
            if (problem is not null) return (null, new(problem.Field == "indicators" ? "items" : problem.Field == "size" ? "units" : problem.Field, problem.Message));
            data = result!;
        }

        var today = VietnamTime.Today(clock);
        var indicators = data.Items.Where(i => i.Kind == "indicator").Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var targets = new List<ExplorerTarget>();
        if (indicators.Count > 0 && units.Count is > 0 and <= MaxTargetUnits)
        {
            var names = units.ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
            foreach (var (unit, t) in await plans.UnitTargetsAsync(scope, [.. names.Keys], indicators, today, ct))
                targets.Add(new ExplorerTarget(t.Target.Indicator!, unit, names[unit], t.PlanId, t.PlanNumber, t.Target.Code, t.Target.Name.Pick(language),
                    t.Target.Comparison, t.Target.Value, t.Target.Baseline, t.Target.Deadline, t.UnitStatus, t.UnitActual, t.Target.Decimals));
        }

        // The view given back names only the reader's own units: a shared address never echoes someone else's.
        var kept = asked.Where(c => tree.Find(c) is { } u && (scope.Covers(u) || scope.Roots.Any(r => tree.IsWithin(r.Id, u.Id)))).ToList();
        var normalised = q with
        {
            Items = string.Join(',', items), Units = kept.Count == 0 ? null : string.Join(',', kept),
            Layout = layout.Id, By = by is null ? null : q.By!.Trim().ToLowerInvariant(), Level = q.Level?.Trim().ToLowerInvariant() is { Length: > 0 } l ? l : null,
        };
        return (new ExplorerResult(normalised.ToQueryString(), layout.Id, normalised.By, data, leftOut, Lay(data, layout), targets, today), null);
    }

    /// <summary>Puts the cells into rows, columns and sections as <paramref name="layout"/> says.</summary>
    public static ExplorerTable Lay(AnalyticsResult data, ExplorerLayout layout)
    {
        var lookup = new Dictionary<(string, string, string), double?>(data.Values.Count);
        foreach (var c in data.Values) lookup[(c.Item, c.Unit, c.Period)] = c.Value;
        IReadOnlyList<ExplorerHeader> Axis(ExplorerAxis axis) => axis switch
        {
            ExplorerAxis.Item => [.. data.Items.Select(i => new ExplorerHeader(i.Code, i.Name))],
            ExplorerAxis.Unit => [.. data.Units.Select(u => new ExplorerHeader(u.Code, u.Name))],
            _ => [.. data.Periods.Select(p => new ExplorerHeader(p, p))],
        };
        var rows = Axis(layout.Rows);
        var columns = Axis(layout.Columns);
        var sections = Axis(layout.Sections);
        double? Value(ExplorerAxis ra, string r, ExplorerAxis ca, string c, ExplorerAxis sa, string s)
        {
            string Pick(ExplorerAxis want) => ra == want ? r : ca == want ? c : s;
            return lookup.TryGetValue((Pick(ExplorerAxis.Item), Pick(ExplorerAxis.Unit), Pick(ExplorerAxis.Period)), out var v) ? v : null;
        }
        var list = sections.Select(s => new ExplorerSection(s.Key, s.Label, rows.Select(r => new ExplorerRow(r.Key, r.Label,
            columns.Select(c => Value(layout.Rows, r.Key, layout.Columns, c.Key, layout.Sections, s.Key)).ToList())).ToList())).ToList();
        return new ExplorerTable(layout.Rows, layout.Columns, layout.Sections, columns, list);
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
