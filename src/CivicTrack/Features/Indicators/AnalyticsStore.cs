using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicTrack.Features.Indicators;

/// <summary>Holds every data value in an in-memory <see cref="ValueStore"/>, loaded once from the database and
/// kept current by each write; rebuilt only when the organisation tree itself changes.</summary>
public sealed class AnalyticsStore(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, ILogger<AnalyticsStore> log,
    AnalyticsSnapshots? snapshots = null)
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

    /// <summary>Whether the values are in memory (false after a restart until the first reader that needs them).</summary>
    public bool ValuesLoaded => _current is not null;

    /// <summary>The values in memory, or null when none are loaded; never loads.</summary>
    public Snapshot? Loaded => _current;

    /// <summary>Returns once every write committed before the call has been applied to memory: each write holds its units'
    /// stripes from before its commit until it is applied (for <see cref="AnalyticsSnapshots"/>).</summary>
    public async Task WaitForWritesInFlightAsync(CancellationToken ct)
    {
        foreach (var stripe in _stripes)
        {
            await stripe.WaitAsync(ct);
            stripe.Release();
        }
        await _gate.WaitAsync(ct);
        _gate.Release();
    }

    /// <summary>The tree and the catalogue without the values.</summary>
    public sealed record Definitions(OrgTree Tree, IndicatorCatalog Catalog);

    // The catalogue alone, read on its own so that checks which need no values (a report's unit and period, a
    // form's elements, a value's bounds) never wait for the values to load after a restart.
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private volatile IndicatorCatalog? _catalog;

    /// <summary>The current tree and catalogue, without waiting for the values to load.</summary>
    public async Task<Definitions> DefinitionsAsync(CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        if (_catalog is { } known) return new(tree, known);
        await _catalogGate.WaitAsync(ct);
        try
        {
            if (_catalog is { } again) return new(tree, again);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var catalog = await ReadCatalogAsync(db, ct);
            _catalog = catalog;
            return new(tree, catalog);
        }
        finally { _catalogGate.Release(); }
    }

    /// <summary>Re-reads the pillars, elements and indicators after one of them changed; values stay loaded.</summary>
    public async Task RefreshCatalogAsync(CancellationToken ct = default)
    {
        IndicatorCatalog catalog;
        await _catalogGate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            catalog = await ReadCatalogAsync(db, ct);
            _catalog = catalog;
        }
        finally { _catalogGate.Release(); }
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is not { } s) return;
            foreach (var e in catalog.Elements) s.Values.Define(IndicatorCatalog.Def(e));
            _current = s with { Catalog = catalog };
        }
        finally { _gate.Release(); }
    }

    /// <summary>Forgets everything; the next reader loads from the database (after a bulk load outside the services).</summary>
    public void Invalidate()
    {
        _current = null;
        _catalog = null;
    }

    // Writes to one unit's values are ordered by that unit's stripe: a write commits to the database and then applies
    // to memory while holding it, so two writes of the same value reach memory in the order they were committed.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    // SQLite has one writer at a time: writers queue here rather than spin on the database lock.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    /// <summary>Commits a change to the values of <paramref name="unitIds"/> and applies it to the loaded store. Writes to
    /// different units run side by side; the store's gate is held only to apply, and applying is idempotent, so a load
    /// running at the same moment can neither miss a change nor count it twice.</summary>
    public async Task<T> CommitAsync<T>(IEnumerable<int> unitIds, Func<Task<T>> commit,
        Func<T, IEnumerable<(int ElementId, int UnitId, Period Period, double? Value)>> changes, CancellationToken ct = default)
    {
        var stripes = unitIds.Select(u => (u & int.MaxValue) % _stripes.Length).Distinct().Order().ToList();
        var taken = 0;
        var sqlite = dbFactory is AppDbFactory { Provider: DatabaseProvider.Sqlite };
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(ct);
                taken++;
            }
            T result;
            if (sqlite) await _sqliteWriter.WaitAsync(ct);
            try { result = await commit(); }
            finally { if (sqlite) _sqliteWriter.Release(); }
            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                if (_current is { } s)
                    foreach (var (element, unit, period, value) in changes(result))
                    {
                        if (!s.Tree.Contains(unit)) continue;
                        if (value is { } v) s.Values.Set(element, unit, period, v);
                        else s.Values.Remove(element, unit, period);
                    }
            }
            finally { _gate.Release(); }
            return result;
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--) _stripes[stripes[i]].Release();
        }
    }

    private async Task<Snapshot> LoadAsync(OrgTree tree, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var catalog = await ReadCatalogAsync(db, ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (snapshots is not null && await snapshots.TryLoadAsync(connection, tree, catalog, ct) is { } fromSnapshot)
            return new Snapshot(fromSnapshot, tree, catalog);
        var store = new ValueStore(tree, catalog.Elements.Select(IndicatorCatalog.Def));
        // Reading rows and filing them into the store run side by side: one thread reads batches from the
        // database while the caller files the previous ones.
        using var batches = new BlockingCollection<ValueRow[]>(boundedCapacity: 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readWatch = Stopwatch.StartNew();
        var reading = Task.Run(() =>
        {
            try
            {
                if (connection is NpgsqlConnection pg) ReadCopy(pg, tree, catalog, batches, stop.Token);
                else ReadRows(connection, tree, catalog, batches, stop.Token);
            }
            finally { batches.CompleteAdding(); readWatch.Stop(); }
        }, stop.Token);
        try
        {
            store.Load(batches.GetConsumingEnumerable(stop.Token).SelectMany(b => b));
        }
        catch
        {
            // The reader must not wait forever for room in the queue.
            await stop.CancelAsync();
            try { await reading; } catch (OperationCanceledException) { }
            throw;
        }
        await reading;
        log.LogInformation("Loaded {Count} data values into the analytics store in {Elapsed} ms (reading {Reading} ms)",
            store.Count, watch.ElapsedMilliseconds, readWatch.ElapsedMilliseconds);
        return new Snapshot(store, tree, catalog);
    }

    // Under 85 KB a batch stays off the large-object heap, whose churn would set off full collections of a heap
    // that is gigabytes large by the end of the load.
    private const int BatchSize = 4_096;

    /// <summary>PostgreSQL: the binary COPY protocol, cheaper per row than a query's result set. COPY of a query, as
    /// a partitioned table cannot be copied out by name.</summary>
    private static void ReadCopy(NpgsqlConnection connection, OrgTree tree, IndicatorCatalog catalog, BlockingCollection<ValueRow[]> batches, CancellationToken ct)
    {
        using var export = connection.BeginBinaryExport("""COPY (SELECT "DataElementId", "OrgUnitId", "Period", "Value" FROM data_values) TO STDOUT (FORMAT BINARY)""");
        var rows = new RowBatcher(tree, catalog, batches, ct);
        while (export.StartRow() != -1)
            rows.Add(export.Read<int>(), export.Read<int>(), export.Read<string>(), export.Read<double>());
        rows.Flush();
    }

    private static void ReadRows(DbConnection connection, OrgTree tree, IndicatorCatalog catalog, BlockingCollection<ValueRow[]> batches, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "DataElementId", "OrgUnitId", "Period", "Value" FROM data_values""";
        using var reader = command.ExecuteReader();
        var rows = new RowBatcher(tree, catalog, batches, ct);
        while (reader.Read()) rows.Add(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3));
        rows.Flush();
    }

    /// <summary>Turns database rows into store rows, in batches; skips rows whose element, unit or period is gone.</summary>
    private sealed class RowBatcher(OrgTree tree, IndicatorCatalog catalog, BlockingCollection<ValueRow[]> batches, CancellationToken ct)
    {
        // Period ids repeat millions of times; each distinct one is parsed once.
        private readonly Dictionary<string, Period?> _periods = new(StringComparer.Ordinal);
        private ValueRow[] _batch = new ValueRow[BatchSize];
        private int _count;

        public void Add(int element, int unit, string periodId, double value)
        {
            if (!_periods.TryGetValue(periodId, out var period))
                _periods[periodId] = period = Period.TryParse(periodId, out var p) ? p : null;
            if (period is null || !catalog.ElementsById.ContainsKey(element) || !tree.Contains(unit)) return;
            _batch[_count++] = new ValueRow(element, unit, period.Value, value);
            if (_count == _batch.Length) Flush();
        }

        public void Flush()
        {
            if (_count == 0) return;
            batches.Add(_count == _batch.Length ? _batch : _batch[.._count], ct);
            _batch = new ValueRow[BatchSize];
            _count = 0;
        }
    }

    private static async Task<IndicatorCatalog> ReadCatalogAsync(AppDb db, CancellationToken ct) => new(
        await db.Pillars.AsNoTracking().OrderBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct),
        await db.DataElements.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct),
        await db.Indicators.AsNoTracking().OrderBy(i => i.SortOrder).ThenBy(i => i.Code).ToListAsync(ct));
}
