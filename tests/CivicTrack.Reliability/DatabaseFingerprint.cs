using System.Data.Common;
using System.Text;
using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Reliability;

/// <summary>A cheap fingerprint of the app's database: the row count of every table, the latest <c>UpdatedAt</c> where a
/// table has one, and a checksum of the data values. The audit log is left out: refusals are audited by design. So is the
/// log of value writes kept for the analytics snapshot, which follows the data values and is noted and pruned in the
/// background.</summary>
/// <remarks>On SQLite, <c>PRAGMA data_version</c> on a connection of our own says whether any other connection committed
/// since it was last read; the full fingerprint is only computed when it did.</remarks>
public sealed class DatabaseFingerprint : IAsyncDisposable
{
    private static readonly string[] Skipped = ["audit_entries", "__EFMigrationsHistory", "sqlite_sequence",
        "data_value_changes", "data_value_change_marks", "data_value_change_horizon"];
    private readonly AppDb _db;
    private readonly DbConnection _connection;
    private readonly bool _sqlite;
    private string _query = "";

    private DatabaseFingerprint(AppDb db)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true;
    }

    public static async Task<DatabaseFingerprint> OpenAsync(IDbContextFactory<AppDb> factory, CancellationToken ct)
    {
        var f = new DatabaseFingerprint(await factory.CreateDbContextAsync(ct));
        await f._connection.OpenAsync(ct);
        await f.BuildQueryAsync(ct);
        return f;
    }

    /// <summary>A number that changes when anything was committed by another connection; null where the provider has none.</summary>
    public async Task<long?> VersionAsync(CancellationToken ct)
    {
        if (!_sqlite) return null;
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA data_version";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string> ComputeAsync(CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = _query;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var sb = new StringBuilder();
        while (await reader.ReadAsync(ct))
            sb.Append(reader.GetString(0)).Append('=').Append(reader.IsDBNull(1) ? "" : reader.GetValue(1).ToString()).Append(';');
        return sb.ToString();
    }

    /// <summary>The tables whose part of the fingerprint differs, e.g. "org_units: count=470;max=… → count=471;max=…".</summary>
    public static string Difference(string before, string after)
    {
        static Dictionary<string, string> Parts(string f) => f.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p.Length > 1 ? p[1] : "")));
        var b = Parts(before);
        var a = Parts(after);
        return string.Join("; ", b.Keys.Union(a.Keys).Where(k => b.GetValueOrDefault(k) != a.GetValueOrDefault(k))
            .Select(k => $"{k}: {b.GetValueOrDefault(k)} → {a.GetValueOrDefault(k)}"));
    }

    private async Task BuildQueryAsync(CancellationToken ct)
    {
        var tables = new List<string>();
        var updated = new HashSet<string>();
        await using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = _sqlite
                ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (table, column) = (reader.GetString(0), reader.GetString(1));
                if (Skipped.Contains(table)) continue;
                if (!tables.Contains(table)) tables.Add(table);
                if (column == "UpdatedAt") updated.Add(table);
            }
        }
        tables.Sort(StringComparer.Ordinal);
        var sum = _sqlite ? "TOTAL" : "SUM";
        var parts = tables.Select(t => $"SELECT '{t}:count' AS k, CAST(COUNT(*) AS TEXT) AS v FROM \"{t}\"")
            .Concat(updated.Order(StringComparer.Ordinal).Select(t => $"SELECT '{t}:updated', CAST(MAX(\"UpdatedAt\") AS TEXT) FROM \"{t}\""))
            .Append($"SELECT 'data_values:sum', CAST({sum}(\"Value\") AS TEXT) FROM data_values")
            .Append($"SELECT 'data_values:keys', CAST({sum}(CAST(\"DataElementId\" AS BIGINT) * 1000003 + \"OrgUnitId\" + LENGTH(\"Period\")) AS TEXT) FROM data_values");
        _query = string.Join(" UNION ALL ", parts);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        await _db.DisposeAsync();
    }
}
