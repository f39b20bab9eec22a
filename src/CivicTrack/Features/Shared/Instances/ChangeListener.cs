using System.Data;
using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Dossiers;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.OpenData;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CivicTrack.Features.Shared.Instances;

/// <summary>Keeps this instance's memory (tree, catalogue, forms, values, open data, account caches, dossier counts) in
/// step with the changes other instances commit to the same PostgreSQL database.</summary>
/// <remarks>One dedicated connection LISTENs on <see cref="ChangeJournal.Channel"/>. On each notification, and every
/// <see cref="InstanceSettings.PollSeconds"/> anyway, it reads the recorded changes above the last version it has settled
/// and applies those of the other instances: caches are dropped, written values are read again from <c>data_values</c>.
/// Versions come from a sequence, so a transaction may commit a lower version after a higher one is visible; such a gap
/// stays open until every transaction that could fill it has ended (the snapshot's <c>xmin</c> has passed the
/// <c>xmax</c> seen when the gap was found), and only then does the settled version move past it.</remarks>
public sealed class ChangeListener(AppDbFactory dbFactory, AppInstance instance, IOptions<InstanceSettings> settings, OrgDirectory directory,
    AnalyticsStore store, FormService forms, OpenDataCatalog openData, DossierStore dossiers, ILogger<ChangeListener> log)
    : BackgroundService
{
    // Every version up to _frontier is applied; every version up to _highest is read or is one of the _gaps (each with
    // the snapshot xmax of when it was found).
    private long _frontier = -1;
    private long _highest;
    private bool _pending;
    private readonly Dictionary<long, ulong> _gaps = [];
    private long _lastRead;
    private long _lastPrune;
    private const int ValueChunk = 10_000;
    // Waiting and backing off run on real time, whatever clock the business rules are given.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>Every change up to this version has been applied (or was this instance's own); -1 before the first read.</summary>
    public long Settled => Interlocked.Read(ref _frontier);

    /// <summary>The application name of the listening connection (its own, so that it can be told apart from the pool's).</summary>
    public string ListenerName => instance.Name + "/listen";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (dbFactory.Provider != DatabaseProvider.Postgres || !settings.Value.Enabled) return;
        var poll = TimeSpan.FromSeconds(Math.Clamp(settings.Value.PollSeconds, 0.1, 300));
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListenConnectionString());
                // Raised while the loop waits or reads on this connection, never beside it.
                connection.Notification += (_, e) =>
                {
                    if (!long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) _pending = true;
                    else if (version > _highest || _gaps.ContainsKey(version)) _pending = true;
                };
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeJournal.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                if (_frontier < 0) await StartFromAsync(connection, instance.StartedAt, invalidate: false, ct);
                else if (Clock.GetElapsedTime(_lastRead) > TimeSpan.FromMinutes(settings.Value.RetentionMinutes) / 2)
                {
                    // Out of touch long enough for changes to have been pruned unread: start afresh.
                    log.LogWarning("Out of touch with the other instances for {Elapsed}; reloading everything held in memory", Clock.GetElapsedTime(_lastRead));
                    await StartFromAsync(connection, DateTime.UtcNow, invalidate: true, ct);
                }
                backoff = TimeSpan.FromMilliseconds(250);
                // Whatever was committed while not listening is read now.
                await CatchUpAsync(connection, ct);
                while (!ct.IsCancellationRequested)
                {
                    // A notification of a version already read (one of a burst) only waits on; a new one, or the end of
                    // the period, reads. Notifications seen during the last read count too.
                    var wait = poll - Clock.GetElapsedTime(_lastRead);
                    if (!_pending && wait > TimeSpan.FromMilliseconds(1))
                    {
                        await connection.WaitAsync(wait, ct);
                        continue;
                    }
                    _pending = false;
                    await CatchUpAsync(connection, ct);
                    await PruneIfDueAsync(connection, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Listening for other instances' changes failed; trying again in {Delay} ms", (int)backoff.TotalMilliseconds);
                try { await Task.Delay(backoff, Clock, ct); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private string ListenConnectionString()
    {
        using var db = dbFactory.CreateDbContext();
        return new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            ApplicationName = ListenerName,
            Pooling = false,
            KeepAlive = 15,
        }.ConnectionString;
    }

    /// <summary>Settles every version recorded a minute before <paramref name="since"/> (the margin covers clocks that
    /// differ): what was loaded into memory since then is read again, which is harmless.</summary>
    private async Task StartFromAsync(NpgsqlConnection connection, DateTime since, bool invalidate, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM instance_changes WHERE at < @since", connection);
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = DateTime.SpecifyKind(since, DateTimeKind.Utc).AddMinutes(-1) });
        var start = (long)(await command.ExecuteScalarAsync(ct))!;
        _gaps.Clear();
        _highest = start;
        Interlocked.Exchange(ref _frontier, start);
        _lastRead = Clock.GetTimestamp();
        if (invalidate) await ForgetEverythingAsync(ct);
    }

    private sealed record Change(long Version, string Kind, int[]? Elements, int[]? Units, string[]? Periods);

    /// <summary>Reads, in one snapshot, the changes above the highest version read and those filling known gaps, applies
    /// the other instances' ones, and only then takes them as read (so a failure reads them again).</summary>
    private async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var changes = new List<Change>();
        var highest = _highest;
        var gaps = new Dictionary<long, ulong>(_gaps);
        ulong xmin, xmax;
        await using (var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct))
        {
            await using (var snapshot = new NpgsqlCommand("SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text FROM pg_current_snapshot() s", connection, tx))
            await using (var reader = await snapshot.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                xmin = ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
                xmax = ulong.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            }
            await using (var read = new NpgsqlCommand("""
                SELECT version, instance, kind, elements, units, periods FROM instance_changes
                WHERE version > @highest OR version = ANY(@gaps) ORDER BY version
                """, connection, tx))
            {
                read.Parameters.AddWithValue("highest", highest);
                read.Parameters.Add(new NpgsqlParameter("gaps", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = gaps.Keys.ToArray() });
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var version = reader.GetInt64(0);
                    if (version > highest)
                    {
                        // A version skipped over is a gap: rolled back, or not yet committed.
                        for (var v = highest + 1; v < version; v++) gaps[v] = xmax;
                        highest = version;
                    }
                    else gaps.Remove(version);
                    if (reader.GetString(1) == instance.Name) continue;
                    changes.Add(new Change(version, reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetFieldValue<int[]>(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<int[]>(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5)));
                }
            }
            await tx.CommitAsync(ct);
        }
        if (changes.Count > 0)
        {
            try { await ApplyAsync(connection, changes, ct); }
            catch (Exception ex) when (ex is not (OperationCanceledException or NpgsqlException))
            {
                // What could not be applied piece by piece is read again whole by the next readers.
                log.LogError(ex, "Applying {Count} changes of other instances failed; reloading everything held in memory", changes.Count);
                await ForgetEverythingAsync(ct);
            }
        }
        // A gap found before every transaction then running had ended (its xmax) is final once they all have (xmin).
        foreach (var (version, until) in gaps)
            if (until <= xmin) gaps.Remove(version);
        _gaps.Clear();
        foreach (var gap in gaps) _gaps.Add(gap.Key, gap.Value);
        _highest = highest;
        Interlocked.Exchange(ref _frontier, gaps.Count == 0 ? highest : gaps.Keys.Min() - 1);
        _lastRead = Clock.GetTimestamp();
    }

    private async Task ApplyAsync(NpgsqlConnection connection, List<Change> changes, CancellationToken ct)
    {
        var kinds = changes.Select(c => c.Kind).ToHashSet(StringComparer.Ordinal);
        if (kinds.Contains(ChangeKinds.Org)) directory.Invalidate();
        if (kinds.Contains(ChangeKinds.Catalog)) await store.RefreshCatalogAsync(ct);
        if (kinds.Contains(ChangeKinds.Forms)) forms.Invalidate();
        if (kinds.Contains(ChangeKinds.OpenData)) openData.Changed();
        if (kinds.Contains(ChangeKinds.Accounts)) AccountChanges.Bump();
        if (kinds.Contains(ChangeKinds.Dossiers)) await ForgetDossiersAsync(ct);
        var values = changes.Where(c => c.Kind == ChangeKinds.Values).ToList();
        if (values.Count == 0) return;
        if (values.Any(c => c.Elements is null || c.Units is null || c.Periods is null))
        {
            // A write too large to list its keys: every value is read again by the next reader.
            store.Invalidate();
            return;
        }
        var keys = new HashSet<(int Element, int Unit, string Period)>();
        foreach (var c in values)
            for (var i = 0; i < c.Elements!.Length && i < c.Units!.Length && i < c.Periods!.Length; i++)
                keys.Add((c.Elements[i], c.Units[i], c.Periods[i]));
        await ApplyValuesAsync(connection, keys, ct);
        log.LogDebug("Applied {Changes} changes of other instances ({Values} values) up to version {Version}", changes.Count, keys.Count, changes[^1].Version);
    }

    /// <summary>Reads the written values as they now stand and applies them (a value no longer stored is removed), each
    /// unit's under the same lock as this instance's own writes to it, so that memory follows the order of commits.</summary>
    private async Task ApplyValuesAsync(NpgsqlConnection connection, HashSet<(int Element, int Unit, string Period)> keys, CancellationToken ct)
    {
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        if (keys.Any(k => !catalog.ElementsById.ContainsKey(k.Element)))
        {
            await store.RefreshCatalogAsync(ct);
            catalog = (await store.DefinitionsAsync(ct)).Catalog;
        }
        var known = keys.Where(k => catalog.ElementsById.ContainsKey(k.Element) && Period.TryParse(k.Period, out _)).ToList();
        foreach (var chunk in known.Chunk(ValueChunk))
            await store.CommitAsync(chunk.Select(k => k.Unit).Distinct(), () => ReadValuesAsync(connection, chunk, ct), rows => rows, ct);
    }

    private static async Task<List<(int ElementId, int UnitId, Period Period, double? Value)>> ReadValuesAsync(NpgsqlConnection connection,
        (int Element, int Unit, string Period)[] keys, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT k.e, k.u, k.p, d."Value"
            FROM unnest(@e, @u, @p) AS k(e, u, p)
            LEFT JOIN data_values d ON d."DataElementId" = k.e AND d."OrgUnitId" = k.u AND d."Period" = k.p
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Element).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("u", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Unit).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Period).ToArray() });
        var rows = new List<(int, int, Period, double?)>(keys.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetInt32(0), reader.GetInt32(1), Period.Parse(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        return rows;
    }

    private async Task ForgetDossiersAsync(CancellationToken ct)
    {
        await dossiers.BatchGate.WaitAsync(ct);
        try { dossiers.Reset(); }
        finally { dossiers.BatchGate.Release(); }
    }

    private async Task ForgetEverythingAsync(CancellationToken ct)
    {
        directory.Invalidate();
        store.Invalidate();
        forms.Invalidate();
        openData.Changed();
        AccountChanges.Bump();
        await ForgetDossiersAsync(ct);
    }

    private async Task PruneIfDueAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (_lastPrune != 0 && Clock.GetElapsedTime(_lastPrune) < TimeSpan.FromMinutes(5)) return;
        _lastPrune = Clock.GetTimestamp();
        await using var command = new NpgsqlCommand("DELETE FROM instance_changes WHERE at < now() - make_interval(mins => @minutes)", connection);
        command.Parameters.AddWithValue("minutes", Math.Max(1, settings.Value.RetentionMinutes));
        var pruned = await command.ExecuteNonQueryAsync(ct);
        if (pruned > 0) log.LogDebug("Pruned {Count} recorded changes older than {Minutes} minutes", pruned, settings.Value.RetentionMinutes);
    }
}

public static class InstancesServices
{
    /// <summary>Keeps several instances of one province on one PostgreSQL coherent; does nothing on SQLite.</summary>
    public static IServiceCollection AddInstances(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<InstanceSettings>(config.GetSection("Instances"));
        services.AddSingleton<ChangeJournal>();
        services.AddSingleton<ChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeListener>());
        return services;
    }
}
