using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Federation;

/// <summary>A province on the national instance: when it last pushed, and (for an element and period) the national figure for it,
/// its own reported total, and its rank among the provinces.</summary>
public sealed record FederationProvinceRow(string Code, string Name, DateTime? LastReceived, int Batches, double? National, double? Reported,
    bool Differs, int? Rank);

/// <summary>For a province, element and period: the province's own total as it reported it, the national figure computed from the values
/// received, and the difference.</summary>
public sealed record FederationReconciliationRow(string Province, string ProvinceName, string Element, string ElementName, string Period,
    double? Reported, double? National, double? Difference, bool Differs, DateTime ReceivedAt);

public sealed record FederationOutgoingRow(Guid Id, DateTime CreatedAt, string State, int Attempts, DateTime? SentAt, int Units, int Values, string? Result);

/// <summary>What the national instance shows of its provinces, and what a province shows of its own pushes.</summary>
public sealed class FederationViews(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store)
{
    public const int MaxRows = 2_000;

    /// <summary>The provinces in scope, compared on <paramref name="element"/> for <paramref name="period"/> when both are given.</summary>
    public async Task<IReadOnlyList<FederationProvinceRow>> ProvincesAsync(AccessScope scope, string? element, Period? period, string language,
        CancellationToken ct, string? indicator = null)
    {
        var snapshot = await store.GetAsync(ct);
        scope = scope.On(snapshot.Tree);
        var provinces = snapshot.Tree.Roots.SelectMany(r => snapshot.Tree.Subtree(r.Id)).Where(u => u.Kind == OrgUnitKind.Province && scope.Covers(u)).ToList();
        var ids = provinces.Select(p => p.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pushes = (await db.FederationIncoming.AsNoTracking().Where(b => ids.Contains(b.ProvinceId))
                .GroupBy(b => b.ProvinceId).Select(g => new { g.Key, Last = g.Max(b => b.ReceivedAt), Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key);
        var def = element is null ? null : snapshot.Catalog.ElementsByCode.GetValueOrDefault(element);
        // An indicator is computed from the values received; the provinces report totals of elements, so it has no reported figure.
        var ind = def is null && indicator is not null ? snapshot.Catalog.IndicatorsByCode.GetValueOrDefault(indicator) : null;
        var formula = ind is null ? null : snapshot.Catalog.Formulas.GetValueOrDefault(ind.Id);
        Dictionary<int, double?> reported = [];
        if (def is not null && period is { } p)
        {
            var pid = p.Id;
            reported = await db.FederationTotals.AsNoTracking().Where(x => x.DataElementId == def.Id && x.Period == pid && ids.Contains(x.ProvinceId))
                .ToDictionaryAsync(x => x.ProvinceId, x => x.Value, ct);
        }
        var rows = provinces.Select(u =>
        {
            pushes.TryGetValue(u.Id, out var push);
            double? national = period is not { } pp ? null
                : def is not null ? snapshot.Values.Get(def.Id, u.Id, PeriodRange.Of(pp)).Value
                : formula is not null ? snapshot.Values.Read(r => formula.Evaluate(r, u.Id, PeriodRange.Of(pp))).Value is { } x ? Math.Round(x, ind!.Decimals) : null
                : null;
            var has = reported.TryGetValue(u.Id, out var own);
            return new FederationProvinceRow(u.Code, u.Name, push?.Last, push?.Count ?? 0, national, own, has && Differs(own, national), null);
        }).ToList();
        var ranked = rows.Where(r => r.National is not null).OrderByDescending(r => r.National).ToList();
        var rankOf = new Dictionary<string, int>();
        for (var i = 0; i < ranked.Count; i++)
            rankOf[ranked[i].Code] = i > 0 && ranked[i].National == ranked[i - 1].National ? rankOf[ranked[i - 1].Code] : i + 1;
        return [.. rows.Select(r => r with { Rank = rankOf.TryGetValue(r.Code, out var k) ? k : null })
            .OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }

    /// <summary>The reported totals of the provinces in scope against the national figures, differences first.</summary>
    public async Task<IReadOnlyList<FederationReconciliationRow>> ReconciliationAsync(AccessScope scope, string? province, bool differencesOnly,
        string language, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        scope = scope.On(snapshot.Tree);
        var provinces = snapshot.Tree.Roots.SelectMany(r => snapshot.Tree.Subtree(r.Id))
            .Where(u => u.Kind == OrgUnitKind.Province && scope.Covers(u) && (province is null || string.Equals(u.Code, province, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(u => u.Id);
        var ids = provinces.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var totals = await db.FederationTotals.AsNoTracking().Where(x => ids.Contains(x.ProvinceId)).ToListAsync(ct);
        var rows = new List<FederationReconciliationRow>();
        foreach (var x in totals)
        {
            if (!snapshot.Catalog.ElementsById.TryGetValue(x.DataElementId, out var def) || !Period.TryParse(x.Period, out var period)) continue;
            var national = snapshot.Values.Get(def.Id, x.ProvinceId, PeriodRange.Of(period)).Value;
            var differs = Differs(x.Value, national);
            if (differencesOnly && !differs) continue;
            var unit = provinces[x.ProvinceId];
            rows.Add(new(unit.Code, unit.Name, def.Code, def.Name.Pick(language), x.Period, x.Value, national,
                x.Value is { } a && national is { } b ? b - a : null, differs, x.ReceivedAt));
        }
        return [.. rows.OrderByDescending(r => r.Differs).ThenBy(r => r.Province, StringComparer.Ordinal).ThenBy(r => r.Element, StringComparer.Ordinal)
            .ThenBy(r => r.Period, StringComparer.Ordinal).Take(MaxRows)];
    }

    public async Task<IReadOnlyList<FederationOutgoingRow>> OutgoingAsync(int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FederationOutgoing.AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(Math.Clamp(limit, 1, 500))
            .Select(b => new FederationOutgoingRow(b.Id, b.CreatedAt, b.State.ToString(), b.Attempts, b.SentAt, b.Units, b.Values, b.Result))
            .ToListAsync(ct);
    }

    /// <summary>Two figures differ when only one exists, or by more than rounding.</summary>
    public static bool Differs(double? reported, double? national) =>
        (reported, national) switch
        {
            (null, null) => false,
            ({ } a, { } b) => Math.Abs(a - b) > 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))),
            _ => true,
        };
}
