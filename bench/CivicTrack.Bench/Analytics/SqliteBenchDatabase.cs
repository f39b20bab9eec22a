using CivicTrack.Engine.Text;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CivicTrack.Bench.Analytics;

/// <summary>A SQLite file in the run's temporary folder, filled by prepared inserts in one transaction.</summary>
public sealed class SqliteBenchDatabase(string path) : BenchDatabase
{
    public override string Provider => "Sqlite";
    public override string AppConnectionString => $"Data Source={path}";
    public override string Describe => $"SQLite file {path}";

    public override Task ResetAsync()
    {
        // The app's analytics snapshot lies beside the file: one left from an earlier run is not this database's.
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + ".analytics" })
            if (File.Exists(file)) File.Delete(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    public override async Task<LoadReport> LoadAsync(NationalData data)
    {
        await using var db = new SqliteConnection(AppConnectionString);
        await db.OpenAsync();
        var root = Scalar(db, $"""SELECT "Id" FROM org_units WHERE "Code" = '{NationalData.RootCode}'""");
        if (root is not long id || id != NationalData.RootId)
            throw new InvalidOperationException($"Expected the root unit {NationalData.RootCode} with id {NationalData.RootId} after create-admin, found {root ?? "none"}.");
        Execute(db, "PRAGMA synchronous = OFF");
        Execute(db, "PRAGMA cache_size = -1000000");
        var at = LoadedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        using (var tx = db.BeginTransaction())
        {
            using var units = Prepare(db, tx, """INSERT INTO org_units ("Id", "Code", "Name", "NameFolded", "Kind", "ParentId", "CreatedAt", "UpdatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $7)""", 7);
            foreach (var u in data.Units)
            {
                if (u.Id == NationalData.RootId) continue;
                Run(units, u.Id, u.Code, u.Name, Folded(u.Name), u.Kind.ToString(), u.ParentId!.Value, at);
            }
            using var elements = Prepare(db, tx, """INSERT INTO data_elements ("Id", "Code", "Name", "ValueType", "Aggregation", "Unit") VALUES ($1, $2, $3, $4, $5, '{}')""", 5);
            foreach (var e in data.Elements)
                Run(elements, e.Id, e.Code, LocalText.Of(NameOf(e), "Element " + e.Code).ToJson(), ValueTypeOf(e.Aggregation), e.Aggregation.ToString());
            using var indicators = Prepare(db, tx, """INSERT INTO indicators ("Id", "Code", "Name", "Numerator", "Denominator", "Factor", "Direction", "Decimals", "Unit", "SortOrder") VALUES ($1, $2, $3, $4, $5, $6, 'HigherIsBetter', 2, $7, $1)""", 7);
            foreach (var i in data.Indicators)
                Run(indicators, i.Id, i.Code, LocalText.Of(i.Name, "Indicator " + i.Code).ToJson(), i.Numerator, (object?)i.Denominator ?? DBNull.Value, i.Factor, i.Denominator is null ? "{}" : LocalText.Of("%").ToJson());
            tx.Commit();
        }

        // Secondary indexes are dropped for the load and put back from their own definitions.
        var indexes = new List<(string Name, string Sql)>();
        using (var cmd = new SqliteCommand("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'data_values' AND sql IS NOT NULL", db))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, _) in indexes) Execute(db, $"DROP INDEX \"{name}\"");
        // So is the log of value writes (for the analytics snapshot); moving its horizon past the load makes any earlier
        // snapshot stale, as it must be.
        var triggers = new List<(string Name, string Sql)>();
        using (var cmd = new SqliteCommand("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'data_values' AND name = 'data_values_log_insert'", db))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) triggers.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, _) in triggers) Execute(db, $"DROP TRIGGER \"{name}\"");

        var watch = Stopwatch.StartNew();
        long rows = 0;
        var total = data.ValueCount;
        using (var tx = db.BeginTransaction())
        {
            using var insert = Prepare(db, tx, """INSERT INTO data_values ("DataElementId", "OrgUnitId", "Period", "Value", "Source", "UpdatedAt") VALUES ($1, $2, $3, $4, 'Import', $5)""", 5);
            insert.Parameters[4].Value = at;
            foreach (var (e, u, m, value) in data.Values())
            {
                insert.Parameters[0].Value = e;
                insert.Parameters[1].Value = u;
                insert.Parameters[2].Value = data.MonthIds[m];
                insert.Parameters[3].Value = value;
                insert.ExecuteNonQuery();
                Progress("INSERT data_values", ++rows, total, watch);
            }
            tx.Commit();
        }
        var inserted = watch.Elapsed;
        foreach (var (_, sql) in triggers) Execute(db, sql);
        if (triggers.Count > 0)
            Execute(db, "UPDATE data_value_version SET version = version + 1; UPDATE data_value_change_horizon SET version = (SELECT version FROM data_value_version)");
        Console.WriteLine($"    inserted {rows:N0} values in {inserted.TotalSeconds:0.0} s ({rows / inserted.TotalSeconds:N0} rows/s)");
        watch.Restart();
        foreach (var (_, sql) in indexes)
        {
            var step = Stopwatch.StartNew();
            Execute(db, sql);
            Console.WriteLine($"    {step.Elapsed.TotalSeconds,5:0.0} s  {sql}");
        }
        Execute(db, "ANALYZE");
        return new LoadReport(inserted, watch.Elapsed, rows);
    }

    private static SqliteCommand Prepare(SqliteConnection db, SqliteTransaction tx, string sql, int parameters)
    {
        var cmd = new SqliteCommand(sql, db, tx);
        for (var i = 1; i <= parameters; i++) cmd.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        cmd.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = new SqliteCommand(sql, db) { CommandTimeout = 0 };
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = new SqliteCommand(sql, db);
        return cmd.ExecuteScalar();
    }
}
