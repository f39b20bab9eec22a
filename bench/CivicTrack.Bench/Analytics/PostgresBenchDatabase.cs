using CivicTrack.Engine.Text;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CivicTrack.Bench.Analytics;

/// <summary>A fresh <c>civictrack_bench</c> database (or another name), filled with binary COPY.</summary>
public sealed class PostgresBenchDatabase(string adminConnection, string databaseName = PostgresBenchDatabase.DefaultName) : BenchDatabase
{
    public const string DefaultName = "civictrack_bench";

    public string DatabaseName => databaseName;

    public override string Provider => "Postgres";

    public override string AppConnectionString => new NpgsqlConnectionStringBuilder(adminConnection)
    {
        Database = DatabaseName,
        // Long enough for the rollup baseline's widest queries and the app's first full read.
        CommandTimeout = 600,
    }.ConnectionString;

    public override string Describe
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(adminConnection);
            return $"PostgreSQL at {b.Host}:{b.Port}, database {DatabaseName}";
        }
    }

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(AppConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The server version and the settings that bear on the numbers.</summary>
    public string ServerDescription()
    {
        using var c = Open();
        using var cmd = new NpgsqlCommand("""
            SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings
            WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_parallel_workers_per_gather', 'jit', 'synchronous_commit', 'fsync')
            """, c);
        return $"{c.PostgreSqlVersion} ({cmd.ExecuteScalar()})";
    }

    public override async Task ResetAsync()
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnection) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
        await Execute(admin, $"CREATE DATABASE {DatabaseName}");
    }

    /// <summary>Removes the database, so a run leaves nothing behind.</summary>
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnection) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
    }

    public override async Task<LoadReport> LoadAsync(NationalData data)
    {
        await using var db = new NpgsqlConnection(AppConnectionString);
        await db.OpenAsync();
        await using (var check = new NpgsqlCommand("""SELECT "Id" FROM org_units WHERE "Code" = @code""", db))
        {
            check.Parameters.AddWithValue("code", NationalData.RootCode);
            var root = await check.ExecuteScalarAsync();
            if (root is not int id || id != NationalData.RootId)
                throw new InvalidOperationException($"Expected the root unit {NationalData.RootCode} with id {NationalData.RootId} after create-admin, found {root ?? "none"}.");
        }
        await Execute(db, "SET maintenance_work_mem = '1GB'");
        await Execute(db, "SET synchronous_commit = off");

        await using (var units = await db.BeginBinaryImportAsync(
            """COPY org_units ("Id", "Code", "Name", "NameFolded", "Kind", "ParentId", "CreatedAt", "UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var u in data.Units)
            {
                if (u.Id == NationalData.RootId) continue;
                await units.StartRowAsync();
                await units.WriteAsync(u.Id, NpgsqlDbType.Integer);
                await units.WriteAsync(u.Code, NpgsqlDbType.Varchar);
                await units.WriteAsync(u.Name, NpgsqlDbType.Varchar);
                await units.WriteAsync(Folded(u.Name), NpgsqlDbType.Varchar);
                await units.WriteAsync(u.Kind.ToString(), NpgsqlDbType.Varchar);
                await units.WriteAsync(u.ParentId!.Value, NpgsqlDbType.Integer);
                await units.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz);
                await units.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz);
            }
            await units.CompleteAsync();
        }
        await using (var elements = await db.BeginBinaryImportAsync(
            """COPY data_elements ("Id", "Code", "Name", "ValueType", "Aggregation", "Unit") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var e in data.Elements)
            {
                await elements.StartRowAsync();
                await elements.WriteAsync(e.Id, NpgsqlDbType.Integer);
                await elements.WriteAsync(e.Code, NpgsqlDbType.Varchar);
                await elements.WriteAsync(LocalText.Of(NameOf(e), "Element " + e.Code).ToJson(), NpgsqlDbType.Text);
                await elements.WriteAsync(ValueTypeOf(e.Aggregation), NpgsqlDbType.Varchar);
                await elements.WriteAsync(e.Aggregation.ToString(), NpgsqlDbType.Varchar);
                await elements.WriteAsync("{}", NpgsqlDbType.Text);
            }
            await elements.CompleteAsync();
        }
        await using (var indicators = await db.BeginBinaryImportAsync(
            """COPY indicators ("Id", "Code", "Name", "Numerator", "Denominator", "Factor", "Direction", "Decimals", "Unit", "SortOrder") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var i in data.Indicators)
            {
                await indicators.StartRowAsync();
                await indicators.WriteAsync(i.Id, NpgsqlDbType.Integer);
                await indicators.WriteAsync(i.Code, NpgsqlDbType.Varchar);
                await indicators.WriteAsync(LocalText.Of(i.Name, "Indicator " + i.Code).ToJson(), NpgsqlDbType.Text);
                await indicators.WriteAsync(i.Numerator, NpgsqlDbType.Varchar);
                if (i.Denominator is null) await indicators.WriteNullAsync();
                else await indicators.WriteAsync(i.Denominator, NpgsqlDbType.Varchar);
                await indicators.WriteAsync(i.Factor, NpgsqlDbType.Double);
                await indicators.WriteAsync("HigherIsBetter", NpgsqlDbType.Varchar);
                await indicators.WriteAsync(2, NpgsqlDbType.Integer);
                await indicators.WriteAsync(i.Denominator is null ? "{}" : LocalText.Of("%").ToJson(), NpgsqlDbType.Text);
                await indicators.WriteAsync(i.Id, NpgsqlDbType.Integer);
            }
            await indicators.CompleteAsync();
        }
        // Explicit ids were given: the identity sequences must continue after them.
        foreach (var table in new[] { "org_units", "data_elements", "indicators" })
            await Execute(db, $"""SELECT setval(pg_get_serial_sequence('{table}', 'Id'), (SELECT max("Id") FROM {table}))""");

        // Indexes and foreign keys are dropped for the load and put back exactly as the migrations made them. An index of
        // the partitioned table reads back as "ON ONLY data_values"; made again without ONLY, it covers every partition.
        var restore = new List<string>();
        var drop = new List<string>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT 'ALTER TABLE data_values ADD CONSTRAINT "' || conname || '" ' || pg_get_constraintdef(oid), 'ALTER TABLE data_values DROP CONSTRAINT "' || conname || '"'
            FROM pg_constraint WHERE conrelid = 'data_values'::regclass AND contype = 'f'
            UNION ALL
            SELECT replace(indexdef, ' ON ONLY ', ' ON '), 'DROP INDEX "' || indexname || '"' FROM pg_indexes
            WHERE tablename = 'data_values' AND indexname <> 'PK_data_values'
            """, db))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) { restore.Add(reader.GetString(0)); drop.Add(reader.GetString(1)); }
        foreach (var sql in drop) await Execute(db, sql);
        // Indexes first, then the foreign keys (validated against indexed tables).
        restore = [.. restore.Where(s => !s.StartsWith("ALTER", StringComparison.Ordinal)), .. restore.Where(s => s.StartsWith("ALTER", StringComparison.Ordinal))];

        // The log of value writes (for the analytics snapshot) is left out of a bulk load; moving its horizon past the load
        // makes any earlier snapshot stale, as it must be.
        await Execute(db, "ALTER TABLE data_values DISABLE TRIGGER data_values_log_insert");
        var watch = Stopwatch.StartNew();
        long rows = 0;
        var total = data.ValueCount;
        // Synchronous writes: tens of millions of awaits would cost more than the copy itself.
        using (var values = db.BeginBinaryImport(
            """COPY data_values ("DataElementId", "OrgUnitId", "Period", "Value", "Source", "UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            values.Timeout = TimeSpan.FromHours(1);
            foreach (var (e, u, m, value) in data.Values())
            {
                values.StartRow();
                values.Write(e, NpgsqlDbType.Integer);
                values.Write(u, NpgsqlDbType.Integer);
                values.Write(data.MonthIds[m], NpgsqlDbType.Varchar);
                values.Write(value, NpgsqlDbType.Double);
                values.Write("Import", NpgsqlDbType.Varchar);
                values.Write(LoadedAt, NpgsqlDbType.TimestampTz);
                Progress("COPY data_values", ++rows, total, watch);
            }
            values.Complete();
        }
        var copied = watch.Elapsed;
        await Execute(db, "ALTER TABLE data_values ENABLE TRIGGER data_values_log_insert");
        await Execute(db, "UPDATE data_value_change_horizon SET version = nextval('data_values_version_seq')");
        Console.WriteLine($"    COPY {rows:N0} values in {copied.TotalSeconds:0.0} s ({rows / copied.TotalSeconds:N0} rows/s)");
        watch.Restart();
        foreach (var sql in restore)
        {
            var step = Stopwatch.StartNew();
            await Execute(db, sql, timeoutSeconds: 3600);
            Console.WriteLine($"    {step.Elapsed.TotalSeconds,5:0.0} s  {sql}");
        }
        await Execute(db, "ANALYZE", timeoutSeconds: 3600);
        await Execute(db, "CHECKPOINT", timeoutSeconds: 3600);
        return new LoadReport(copied, watch.Elapsed, rows);
    }

    /// <summary>Whether an earlier run left exactly this data set loaded (same units and value count, unit map present).</summary>
    public async Task<bool> HoldsAsync(NationalData data)
    {
        try
        {
            await using var db = new NpgsqlConnection(AppConnectionString);
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM org_units), (SELECT count(*) FROM data_values), (SELECT count(*) FROM bench_unit_map)
                """, db) { CommandTimeout = 600 };
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt64(0) == data.Units.Count && reader.GetInt64(1) == data.ValueCount
                && reader.GetInt64(2) == data.Communes.Length + data.Villages.Length;
        }
        catch (PostgresException) { return false; }
        catch (NpgsqlException) { return false; }
    }

    /// <summary>Unit → province and commune, for the rollup baseline (the app's schema has only parent links).</summary>
    public async Task CreateUnitMapAsync(NationalData data)
    {
        await using var db = new NpgsqlConnection(AppConnectionString);
        await db.OpenAsync();
        await Execute(db, "DROP TABLE IF EXISTS bench_unit_map");
        await Execute(db, "CREATE TABLE bench_unit_map (unit_id integer PRIMARY KEY, province_id integer NOT NULL, commune_id integer NOT NULL)");
        await using (var map = await db.BeginBinaryImportAsync("COPY bench_unit_map (unit_id, province_id, commune_id) FROM STDIN (FORMAT BINARY)"))
        {
            void Row(int unit, int province, int commune)
            {
                map.StartRow();
                map.Write(unit, NpgsqlDbType.Integer);
                map.Write(province, NpgsqlDbType.Integer);
                map.Write(commune, NpgsqlDbType.Integer);
            }
            foreach (var c in data.Communes) Row(c, data.ParentOf[c], c);
            foreach (var v in data.Villages) Row(v, data.ParentOf[data.ParentOf[v]], data.ParentOf[v]);
            await map.CompleteAsync();
        }
        await Execute(db, "CREATE INDEX ON bench_unit_map (province_id, unit_id)");
        await Execute(db, "CREATE INDEX ON bench_unit_map (commune_id, unit_id)");
        await Execute(db, "ANALYZE bench_unit_map");
    }

    private static async Task Execute(NpgsqlConnection db, string sql, int timeoutSeconds = 600)
    {
        await using var cmd = new NpgsqlCommand(sql, db) { CommandTimeout = timeoutSeconds };
        await cmd.ExecuteNonQueryAsync();
    }
}
