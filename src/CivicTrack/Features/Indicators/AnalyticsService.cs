using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Indicators;

public sealed record AnalyticsColumn(string Code, string Name, string Kind, string Unit, int Decimals);
public sealed record AnalyticsUnit(string Code, string Name);
public sealed record AnalyticsCell(string Item, string Unit, string Period, double? Value, double? Numerator, double? Denominator);
public sealed record AnalyticsResult(IReadOnlyList<AnalyticsColumn> Items, IReadOnlyList<AnalyticsUnit> Units, IReadOnlyList<string> Periods, IReadOnlyList<AnalyticsCell> Values);

/// <summary>A refused analytics request: the parameter and why.</summary>
public sealed record AnalyticsProblem(string Field, string Message);

/// <summary>Answers "these indicators (or elements) for these units over these periods" from the in-memory store.</summary>
public sealed class AnalyticsService(AnalyticsStore store, IStringLocalizer<Resources.SharedResource> t)
{
    public const int MaxCells = 100_000;

    public async Task<(AnalyticsResult? Result, AnalyticsProblem? Problem)> QueryAsync(AccessScope scope, string? items, string? units, string? periods,
        bool children, string language, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        var catalog = snapshot.Catalog;
        var tree = snapshot.Tree;
        var codes = (items ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length == 0) return (null, new("indicators", t["Analytics.NoItems"]));
        var columns = new List<(AnalyticsColumn Column, Indicator? Indicator, DataElement? Element)>();
        foreach (var code in codes.Distinct())
        {
            if (catalog.IndicatorsByCode.TryGetValue(code, out var ind))
                columns.Add((new(ind.Code, ind.Name.Pick(language), "indicator", ind.Unit.Pick(language), ind.Decimals), ind, null));
            else if (catalog.ElementsByCode.TryGetValue(code, out var el))
                columns.Add((new(el.Code, el.Name.Pick(language), "element", el.Unit.Pick(language), 0), null, el));
            else return (null, new("indicators", t["Analytics.UnknownItem", code]));
        }
        var unitList = new List<OrgNode>();
        var unitCodes = (units ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (unitCodes.Length == 0) unitList.AddRange(scope.Roots);
        foreach (var code in unitCodes)
        {
            if (tree.Find(code) is not { } u || !scope.Covers(u)) return (null, new("units", t["Analytics.UnknownUnit", code]));
            unitList.Add(u);
        }
        if (children) unitList = unitList.SelectMany(u => new[] { u }.Concat(tree.Children(u.Id))).Distinct().ToList();
        if (!PeriodList.TryParse(periods, out var periodList, out var periodError))
            return (null, new("periods", t["Analytics.BadPeriods", periods ?? "", periodError ?? ""]));
        if ((long)columns.Count * unitList.Count * periodList.Count > MaxCells)
            return (null, new("size", t["Analytics.TooMany", MaxCells]));

        var cells = snapshot.Values.Read(r =>
        {
            var result = new List<AnalyticsCell>(columns.Count * unitList.Count * periodList.Count);
            foreach (var (column, indicator, element) in columns)
                foreach (var unit in unitList)
                    foreach (var (label, range) in periodList)
                    {
                        if (element is not null)
                        {
                            var a = r.Get(element.Id, unit.Id, range);
                            result.Add(new(column.Code, unit.Code, label, a.Value, null, null));
                        }
                        else if (catalog.Formulas[indicator!.Id] is { } formula)
                        {
                            var v = formula.Evaluate(r, unit.Id, range);
                            result.Add(new(column.Code, unit.Code, label, v.Value is { } x ? Math.Round(x, indicator.Decimals) : null, v.Numerator, v.Denominator));
                        }
                        else result.Add(new(column.Code, unit.Code, label, null, null, null));
                    }
            return result;
        });
        return (new AnalyticsResult(columns.Select(c => c.Column).ToList(), unitList.Select(u => new AnalyticsUnit(u.Code, u.Name)).ToList(),
            periodList.Select(p => p.Label).ToList(), cells), null);
    }
}
