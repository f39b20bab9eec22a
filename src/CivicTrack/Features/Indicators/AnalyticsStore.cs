using System.Data.Common;
using System.Diagnostics;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Indicators;

/// <summary>The indicator framework as loaded: elements and indicators by code, with compiled formulas.</summary>
public sealed class IndicatorCatalog
{
    public IndicatorCatalog(IReadOnlyList<Pillar> pillars, IReadOnlyList<DataElement> elements, IReadOnlyList<Indicator> indicators)
    {
        Pillars = pillars;
        Elements = elements;
        Indicators = indicators;
        ElementsByCode = elements.ToDictionary(e => e.Code, StringComparer.Ordinal);
        ElementsById = elements.ToDictionary(e => e.Id);
        IndicatorsByCode = indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        IndicatorsById = indicators.ToDictionary(i => i.Id);
        PillarsById = pillars.ToDictionary(p => p.Id);
        Formulas = indicators.ToDictionary(i => i.Id, i => IndicatorFormula.Compile(i.Numerator, i.Denominator, i.Factor).Formula);
    }

    public IReadOnlyList<Pillar> Pillars { get; }
    public IReadOnlyList<DataElement> Elements { get; }
    public IReadOnlyList<Indicator> Indicators { get; }
    public IReadOnlyDictionary<string, DataElement> ElementsByCode { get; }
    public IReadOnlyDictionary<int, DataElement> ElementsById { get; }
    public IReadOnlyDictionary<string, Indicator> IndicatorsByCode { get; }
    public IReadOnlyDictionary<int, Indicator> IndicatorsById { get; }
    public IReadOnlyDictionary<int, Pillar> PillarsById { get; }
    /// <summary>Null for an indicator whose stored expression no longer parses.</summary>
    public IReadOnlyDictionary<int, IndicatorFormula?> Formulas { get; }

    public static ElementDef Def(DataElement e) => new(e.Id, e.Code, e.Aggregation);
}

/// <summary>Holds every data value in an in-memory <see cref="ValueStore"/>, loaded once from the database and
/// kept current by each write; rebuilt only when the organisation tree itself changes.</summary>
public sealed class AnalyticsStore(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, ILogger<AnalyticsStore> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;

    public sealed record Snapshot(ValueStore Values, OrgTree Tree, IndicatorCatalog Catalog);

    /// <summary>The current values and catalog, for the current tree.</summary>
    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        if (_current is { } s && ReferenceEquals(s.Tree, tree)) return s;
        await _gate.WaitAsync(ct);
        try
        {
            tree = await directory.TreeAsync(ct);
            if (_current is { } again && ReferenceEquals(again.Tree, tree)) return again;
            return _current = await LoadAsync(tree, ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Re-reads the pillars, elements and indicators after one of them changed; values stay loaded.</summary>
    public async Task RefreshCatalogAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is not { } s) return;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var catalog = await ReadCatalogAsync(db, ct);
            foreach (var e in catalog.Elements) s.Values.Define(IndicatorCatalog.Def(e));
            _current = s with { Catalog = catalog };
        }
        finally { _gate.Release(); }
    }

    /// <summary>Forgets everything; the next reader loads from the database (after a bulk load outside the services).</summary>
    public void Invalidate() => _current = null;

    /// <summary>Commits a change to stored values and applies it to the loaded store as one step: a load
    /// running at the same moment can neither miss it nor count it twice.</summary>
    public async Task<T> CommitAsync<T>(Func<Task<T>> commit, Func<T, IEnumerable<(int ElementId, int UnitId, Period Period, double? Value)>> changes, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var result = await commit();
            if (_current is { } s)
                foreach (var (element, unit, period, value) in changes(result))
                {
                    if (!s.Tree.Contains(unit)) continue;
                    if (value is { } v) s.Values.Set(element, unit, period, v);
                    else s.Values.Remove(element, unit, period);
                }
            return result;
        }
        finally { _gate.Release(); }
    }

    private async Task<Snapshot> LoadAsync(OrgTree tree, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var catalog = await ReadCatalogAsync(db, ct);
        var store = new ValueStore(tree, catalog.Elements.Select(IndicatorCatalog.Def));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "DataElementId", "OrgUnitId", "Period", "Value" FROM data_values ORDER BY "DataElementId" """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        store.Load(Rows(reader, tree, catalog, ct));
        log.LogInformation("Loaded {Count} data values into the analytics store in {Elapsed} ms", store.Count, watch.ElapsedMilliseconds);
        return new Snapshot(store, tree, catalog);
    }

    private static IEnumerable<ValueRow> Rows(DbDataReader reader, OrgTree tree, IndicatorCatalog catalog, CancellationToken ct)
    {
        // Period ids repeat millions of times; parse each distinct one once.
        var periods = new Dictionary<string, Period>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            var element = reader.GetInt32(0);
            var unit = reader.GetInt32(1);
            var id = reader.GetString(2);
            if (!periods.TryGetValue(id, out var period))
            {
                if (!Period.TryParse(id, out period)) continue;
                periods[id] = period;
            }
            if (!catalog.ElementsById.ContainsKey(element) || !tree.Contains(unit)) continue;
            yield return new ValueRow(element, unit, period, reader.GetDouble(3));
        }
    }

    private static async Task<IndicatorCatalog> ReadCatalogAsync(AppDb db, CancellationToken ct) => new(
        await db.Pillars.AsNoTracking().OrderBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct),
        await db.DataElements.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct),
        await db.Indicators.AsNoTracking().OrderBy(i => i.SortOrder).ThenBy(i => i.Code).ToListAsync(ct));
}
