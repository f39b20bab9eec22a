using System.Buffers.Binary;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicTrack.Features.Indicators;

/// <summary>Settings under <c>Analytics:Snapshot</c>: the file from which the analytics store starts without reading every
/// value back from the database.</summary>
public sealed class AnalyticsSnapshotSettings
{
    /// <summary>Writes the snapshot and starts from it.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Where the snapshot is kept. By default beside the SQLite file, and in the app's <c>data</c> folder on PostgreSQL.</summary>
    public string? Directory { get; set; }
    /// <summary>How long no value may have been written before the snapshot is written again.</summary>
    public double SettleSeconds { get; set; } = 30;
    /// <summary>How many changes since the last snapshot make a new one worth writing.</summary>
    public int MinChanges { get; set; } = 1;
    /// <summary>How long the writer waits for the transactions then running to end, and for this instance to apply what
    /// the others wrote, before it gives up until the next time.</summary>
    public double WaitSeconds { get; set; } = 30;
    /// <summary>How long the database keeps the log of value writes; a snapshot older than that is stale.</summary>
    public int KeepChangesDays { get; set; } = 14;
    /// <summary>How often the version reached is noted and the log pruned, snapshots or not.</summary>
    public double MarkMinutes { get; set; } = 60;
}

/// <summary>Keeps the analytics store's layers in a file beside the database, so that a restart reads them at the speed of
/// a file and replays only the values written since (docs/architecture.md, "Analytics snapshot").</summary>
/// <remarks>The file: a header of 64 bytes (magic, format, the database version it reflects, the fingerprints of the tree
/// and the catalogue, the content's length and XxHash3, the header's own XxHash3), then <see cref="ValueStore.Export"/>'s
/// content. It is written to a temporary file, flushed to disk and renamed over the old one, so a crash while writing
/// leaves the old snapshot or none. A missing, stale or unreadable snapshot means a full load from the database.</remarks>
public sealed class AnalyticsSnapshots(AppDbFactory dbFactory, AppInstance instance, IOptions<AnalyticsSnapshotSettings> options,
    IHostEnvironment env, IServiceProvider services, ILogger<AnalyticsSnapshots> log)
{
    private const ulong Magic = 0x3130_5041_4E53_5443; // "CTSNAP01" read as little-endian bytes
    private const int Format = 1;
    private const int HeaderSize = 64;
    private readonly object _sync = new();
    private (ValueStore? Store, long Version) _written;

    public AnalyticsSnapshotSettings Settings => options.Value;

    /// <summary>How the last load went: from the snapshot (with the writes replayed), or from the database and why.</summary>
    public sealed record LoadOutcome(bool FromSnapshot, long Version, int Values, int Removals, string? Fallback);

    /// <summary>How the store was last loaded (null before the first load, or when snapshots are off).</summary>
    public LoadOutcome? LastLoad { get; private set; }

    public bool Enabled => Settings.Enabled && Path is not null;

    /// <summary>The snapshot file; null where there is none to keep (an in-memory SQLite database).</summary>
    public string? Path { get; } = ResolvePath(dbFactory, options.Value, env);

    /// <summary>The store and its <see cref="ValueStore.Version"/> that the file on disk holds (or that were loaded from it).</summary>
    public (ValueStore? Store, long Version) Written { get { lock (_sync) return _written; } }

    private static string? ResolvePath(AppDbFactory dbFactory, AnalyticsSnapshotSettings settings, IHostEnvironment env)
    {
        using var db = dbFactory.CreateDbContext();
        var connection = db.Database.GetConnectionString() ?? "";
        string folder, name;
        if (dbFactory.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(connection).DataSource;
            if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file::memory:", StringComparison.Ordinal)) return null;
            var full = System.IO.Path.GetFullPath(file);
            folder = settings.Directory is { Length: > 0 } d ? d : System.IO.Path.GetDirectoryName(full)!;
            name = System.IO.Path.GetFileName(full) + ".analytics";
        }
        else
        {
            var csb = new NpgsqlConnectionStringBuilder(connection);
            folder = settings.Directory is { Length: > 0 } d ? d : System.IO.Path.Combine(env.ContentRootPath, "data");
            var database = $"{csb.Host}-{csb.Port}-{csb.Database}";
            name = "analytics-" + new string([.. database.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]) + ".snapshot";
        }
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), name);
    }

    // ---- The database's version ----

    /// <summary>The highest version the database has handed out (to a committed write or not).</summary>
    public static async Task<long> DatabaseVersionAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        Convert.ToInt64(await ScalarAsync(connection, tx, connection is NpgsqlConnection
            ? "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM data_values_version_seq"
            : "SELECT version FROM data_value_version WHERE id = 1", ct), CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    // ---- Loading ----

    /// <summary>The store as the snapshot holds it with every write since replayed; null (and the reason logged) when the
    /// snapshot is missing, stale or unreadable, for the caller to load everything from the database.</summary>
    public async Task<ValueStore?> TryLoadAsync(DbConnection connection, OrgTree tree, IndicatorCatalog catalog, CancellationToken ct)
    {
        if (!Enabled) return null;
        if (!File.Exists(Path))
        {
            LastLoad = new(false, 0, 0, 0, "no snapshot");
            return null;
        }
        var watch = Stopwatch.StartNew();
        var defs = catalog.Elements.Select(IndicatorCatalog.Def).ToList();
        Header header;
        ValueStore store;
        try
        {
            await using var file = new FileStream(Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            var bytes = new byte[HeaderSize];
            file.ReadExactly(bytes);
            header = Header.Parse(bytes);
            if (header.Content != file.Length - HeaderSize) throw new InvalidDataException($"the file holds {file.Length - HeaderSize} bytes of content, not {header.Content}");
            var stale = header.Tree != ValueStore.TreeIdentity(tree) ? "the organisation tree changed"
                : header.Elements != ValueStore.ElementsIdentity(defs) ? "the data elements changed"
                : null;
            if (stale is null)
            {
                var database = await DatabaseVersionAsync(connection, null, ct);
                var horizon = Convert.ToInt64(await ScalarAsync(connection, null, "SELECT version FROM data_value_change_horizon WHERE id = 1", ct), CultureInfo.InvariantCulture);
                if (header.Version > database) stale = $"it reflects version {header.Version}, ahead of the database's {database} (a database restored from an older copy?)";
                else if (header.Version < horizon) stale = $"the changes since its version {header.Version} are no longer kept (kept from {horizon})";
            }
            if (stale is not null)
            {
                log.LogInformation("The analytics snapshot {File} is stale: {Reason}; loading every value from the database", Path, stale);
                LastLoad = new(false, header.Version, 0, 0, "stale: " + stale);
                return null;
            }
            var reading = new ChecksumStream(file);
            store = await Task.Run(() => ValueStore.Import(reading, tree, defs), ct);
            if (reading.Length != header.Content || reading.Checksum != header.Checksum)
                throw new InvalidDataException("the content does not match its checksum");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("The analytics snapshot {File} cannot be used ({Reason}); loading every value from the database", Path, e.Message);
            LastLoad = new(false, 0, 0, 0, "unreadable: " + e.Message);
            return null;
        }
        var read = watch.ElapsedMilliseconds;
        var before = store.Version;
        var (values, removals) = await ReplayAsync(connection, store, tree, catalog, header.Version, ct);
        lock (_sync) _written = (store, before);
        LastLoad = new(true, header.Version, values, removals, null);
        log.LogInformation("Loaded {Count} data values into the analytics store in {Elapsed} ms from the snapshot of version {Version} " +
            "(reading the file {Reading} ms; replayed {Values} values and {Removals} removals written since)",
            store.Count, watch.ElapsedMilliseconds, header.Version, read, values, removals);
        return store;
    }

    /// <summary>Applies every value written or deleted after <paramref name="version"/>, as the database now holds it. A value
    /// the store holds already is set to itself, which changes nothing.</summary>
    private static async Task<(int Values, int Removals)> ReplayAsync(DbConnection connection, ValueStore store, OrgTree tree,
        IndicatorCatalog catalog, long version, CancellationToken ct)
    {
        var periods = new Dictionary<string, Period?>(StringComparer.Ordinal);
        int values = 0, removals = 0;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT k."DataElementId", k."OrgUnitId", k."Period", d."Value"
            FROM (SELECT DISTINCT "DataElementId", "OrgUnitId", "Period" FROM data_value_changes WHERE version > @v) k
            LEFT JOIN data_values d ON d."DataElementId" = k."DataElementId" AND d."OrgUnitId" = k."OrgUnitId" AND d."Period" = k."Period"
            """;
        AddVersion(command, version);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            int element = reader.GetInt32(0), unit = reader.GetInt32(1);
            var id = reader.GetString(2);
            if (!periods.TryGetValue(id, out var period)) periods[id] = period = Period.TryParse(id, out var parsed) ? parsed : null;
            if (!catalog.ElementsById.TryGetValue(element, out var def) || !tree.Contains(unit) || period is not { } p) continue;
            // As the full load does, a value the store cannot hold is left out.
            if (!reader.IsDBNull(3) && reader.GetDouble(3) is var value && ValueBounds.Storable(value, IndicatorCatalog.Def(def).Whole))
            {
                store.Set(element, unit, p, value);
                values++;
            }
            else
            {
                store.Remove(element, unit, p);
                removals++;
            }
        }
        return (values, removals);
    }

    /// <summary>Notes the database's version now and prunes the log of value writes past
    /// <see cref="AnalyticsSnapshotSettings.KeepChangesDays"/>. The writer calls it every
    /// <see cref="AnalyticsSnapshotSettings.MarkMinutes"/>, so the log stays bounded whether snapshots are switched off,
    /// cannot be kept (an in-memory database) or never settle under a steady stream of writes.</summary>
    public async Task MarkAsync(CancellationToken ct)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await MarkAndPruneAsync(connection, await DatabaseVersionAsync(connection, null, ct), ct);
    }

    /// <summary>Records the version reached now, and prunes the log of changes older than
    /// <see cref="AnalyticsSnapshotSettings.KeepChangesDays"/> (a snapshot older than what was pruned is stale).</summary>
    private async Task MarkAndPruneAsync(DbConnection connection, long version, CancellationToken ct)
    {
        var pg = connection is NpgsqlConnection;
        var days = Math.Clamp(Settings.KeepChangesDays, 1, 3650).ToString(CultureInfo.InvariantCulture);
        var now = pg ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
        var cutoff = pg ? $"now() - interval '{days} days'" : $"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{days} days')";
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO data_value_change_marks (version, at) VALUES (@v, {now}) ON CONFLICT DO NOTHING;
            UPDATE data_value_change_horizon SET version = coalesce((SELECT max(version) FROM data_value_change_marks WHERE at < {cutoff}), version)
                WHERE coalesce((SELECT max(version) FROM data_value_change_marks WHERE at < {cutoff}), version) > version;
            DELETE FROM data_value_changes WHERE version <= (SELECT version FROM data_value_change_horizon WHERE id = 1);
            DELETE FROM data_value_change_marks WHERE version < (SELECT version FROM data_value_change_horizon WHERE id = 1);
            """;
        AddVersion(command, version);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddVersion(DbCommand command, long version)
    {
        var p = command.CreateParameter();
        p.ParameterName = "v";
        p.Value = version;
        command.Parameters.Add(p);
    }

    // ---- Writing ----

    /// <summary>Writes the current store to the snapshot file; false when there was nothing loaded to write or the
    /// database did not settle in time. Never called on a request: by <see cref="AnalyticsSnapshotWriter"/>.</summary>
    public async Task<bool> WriteAsync(AnalyticsStore analytics, TimeSpan wait, CancellationToken ct)
    {
        if (!Enabled || analytics.Loaded is null) return false;
        var watch = Stopwatch.StartNew();
        long version;
        await using (var db = dbFactory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync(ct);
            var connection = db.Database.GetDbConnection();
            version = await DatabaseVersionAsync(connection, null, ct);
            if (connection is NpgsqlConnection pg && !await SettleAsync(pg, wait, ct)) return false;
        }
        // Every version up to `version` is now committed or rolled back; once this instance has applied them all, the
        // store reflects at least that version.
        await analytics.WaitForWritesInFlightAsync(ct);
        if (analytics.Loaded is not { } current) return false;
        var storeVersion = current.Values.Version;
        var header = new Header(version, ValueStore.TreeIdentity(current.Tree),
            ValueStore.ElementsIdentity(current.Catalog.Elements.Select(IndicatorCatalog.Def)), 0, 0);
        var path = Path!;
        var folder = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        RemoveLeftovers(path);
        var temp = $"{path}.{instance.Id}.tmp";
        try
        {
            await Task.Run(() =>
            {
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
                {
                    file.Write(new byte[HeaderSize]);
                    var writing = new ChecksumStream(file);
                    current.Values.Export(writing);
                    var bytes = (header with { Content = writing.Length, Checksum = writing.Checksum }).ToBytes();
                    file.Position = 0;
                    file.Write(bytes);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: true);
            }, ct);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
        lock (_sync) _written = (current.Values, storeVersion);
        await using (var db = dbFactory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync(ct);
            await MarkAndPruneAsync(db.Database.GetDbConnection(), version, ct);
        }
        log.LogInformation("Wrote the analytics snapshot {File} of version {Version} ({Size} MB) in {Elapsed} ms",
            path, version, new FileInfo(path).Length / (1024 * 1024), watch.ElapsedMilliseconds);
        return true;
    }

    /// <summary>Waits until every transaction that may have taken a version up to the one just read has ended, and this
    /// instance has applied what the other instances on the database committed by then.</summary>
    private async Task<bool> SettleAsync(NpgsqlConnection connection, TimeSpan wait, CancellationToken ct)
    {
        // A write takes its versions after its rows (the log's triggers run after them), so it has its transaction id by then:
        // every writer that could still commit a version already read is among the transactions this snapshot sees running.
        var snapshot = (string)(await ScalarAsync(connection, null, "SELECT pg_current_snapshot()::text", ct))!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_snapshot_xip(@s::pg_snapshot) x WHERE pg_xact_status(x) = 'in progress'
                """, connection);
            command.Parameters.AddWithValue("s", snapshot);
            if ((long)(await command.ExecuteScalarAsync(ct))! == 0) break;
            if (deadline.Elapsed > wait) { log.LogInformation("The analytics snapshot waits for long transactions; trying again later"); return false; }
            await Task.Delay(50, ct);
        }
        if (services.GetService<Shared.Instances.ChangeJournal>() is { Active: true }
            && services.GetService<Shared.Instances.ChangeListener>() is { } listener)
        {
            var recorded = Convert.ToInt64(await ScalarAsync(connection, null, "SELECT coalesce(max(version), 0) FROM instance_changes", ct), CultureInfo.InvariantCulture);
            while (listener.Settled < recorded)
            {
                if (deadline.Elapsed > wait) { log.LogInformation("The analytics snapshot waits for the other instances' changes; trying again later"); return false; }
                await Task.Delay(50, ct);
            }
        }
        return true;
    }

    /// <summary>Temporary files of writes that never finished (a crash), once old enough not to be another instance's write in progress.</summary>
    private void RemoveLeftovers(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        foreach (var file in Directory.EnumerateFiles(folder, System.IO.Path.GetFileName(path) + ".*.tmp"))
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > TimeSpan.FromMinutes(10)) File.Delete(file);
            }
            catch (IOException) { }
    }

    private readonly record struct Header(long Version, ulong Tree, ulong Elements, long Content, ulong Checksum)
    {
        public byte[] ToBytes()
        {
            var b = new byte[HeaderSize];
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(0), Magic);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), Format);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), Version);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), Tree);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), Elements);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(40), Content);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(48), Checksum);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56), XxHash3.HashToUInt64(b.AsSpan(0, 56)));
            return b;
        }

        public static Header Parse(ReadOnlySpan<byte> b)
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(b) != Magic) throw new InvalidDataException("not an analytics snapshot");
            if (BinaryPrimitives.ReadUInt64LittleEndian(b[56..]) != XxHash3.HashToUInt64(b[..56])) throw new InvalidDataException("the header does not match its checksum");
            if (BinaryPrimitives.ReadInt32LittleEndian(b[8..]) is var format && format != Format) throw new InvalidDataException($"format {format}, not {Format}");
            return new(BinaryPrimitives.ReadInt64LittleEndian(b[16..]), BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(b[32..]), BinaryPrimitives.ReadInt64LittleEndian(b[40..]),
                BinaryPrimitives.ReadUInt64LittleEndian(b[48..]));
        }
    }

    /// <summary>Passes reads or writes through to a file and keeps the XxHash3 and the length of what went by.</summary>
    private sealed class ChecksumStream(Stream inner) : Stream
    {
        private readonly XxHash3 _hash = new();

        private long _count;

        public ulong Checksum => _hash.GetCurrentHashAsUInt64();

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.Append(buffer[..n]);
            _count += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int ReadByte()
        {
            Span<byte> one = stackalloc byte[1];
            return Read(one) == 1 ? one[0] : -1;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _hash.Append(buffer);
            _count += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() => inner.Flush();
        public override bool CanRead => inner.CanRead;
        public override bool CanWrite => inner.CanWrite;
        public override bool CanSeek => false;
        /// <summary>How many bytes went by.</summary>
        public override long Length => _count;
        public override long Position { get => _count; set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
