using System.Data.Common;
using System.Globalization;
using System.Text;
using CivicTrack.Bench.Analytics;
using CivicTrack.Engine.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CivicTrack.Bench.Surge;

/// <summary>What the database holds for one form and period after a surge.</summary>
public sealed record SurgeCounts(long Submitted, long SubmissionRows, long SubmitEvents, long Values, double ValueSum, IReadOnlySet<string> SubmittedUnits);

/// <summary>The surge's province: a root and its communes, 50 data elements, and each commune's deterministic report;
/// loaded straight into the database the app has migrated, and counted there afterwards.</summary>
public sealed class SurgeData(BenchDatabase database, int communeCount)
{
    public const string RootCode = "T01";
    public const string RootName = "Tỉnh Thử Tải";
    public const string FormCode = "BC-SURGE-THANG";
    public const int ElementCount = 50;

    public int CommuneCount => communeCount;
    public IReadOnlyList<string> Communes { get; } = [.. Enumerable.Range(1, communeCount).Select(CommuneCode)];

    /// <summary>The code of the n-th commune (1-based).</summary>
    public static string CommuneCode(int n) => $"X{n:D4}";
    public IReadOnlyList<string> Elements { get; } = [.. Enumerable.Range(1, ElementCount).Select(e => $"E{e:D3}")];

    /// <summary>A whole number from the commune, element and period, so every report differs and all can be summed back.</summary>
    public static int Value(int commune, int element, string period)
    {
        var seed = period.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;
        return (int)(((long)commune * 7_919 + element * 104_729 + seed) % 10_000);
    }

    /// <summary>The submit request's body: <c>{"values":[{"element":"E001","value":123}, …]}</c>.</summary>
    public byte[] Body(int commune, string period)
    {
        var json = new StringBuilder("{\"values\":[");
        for (var e = 1; e <= ElementCount; e++)
            json.Append(CultureInfo.InvariantCulture, $"{(e > 1 ? "," : "")}{{\"element\":\"{Elements[e - 1]}\",\"value\":{Value(commune, e, period)}}}");
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    /// <summary>The sum of every value in the given communes' reports.</summary>
    public static double ExpectedSum(IEnumerable<int> communes, string period) =>
        communes.Sum(c => Enumerable.Range(1, ElementCount).Sum(e => (double)Value(c, e, period)));

    public DbConnection Open()
    {
        DbConnection connection = database.Provider == "Sqlite"
            ? new SqliteConnection(database.AppConnectionString)
            : new NpgsqlConnection(database.AppConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Adds the communes under the root made by <c>create-admin</c>, and the elements, in one transaction.</summary>
    public async Task LoadAsync()
    {
        await using var db = Open();
        var root = Convert.ToInt32(await BenchSql.Scalar(db, """SELECT "Id" FROM org_units WHERE "Code" = @code""", ("code", RootCode))
            ?? throw new BenchException($"The root unit {RootCode} is missing after create-admin."), CultureInfo.InvariantCulture);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var tx = await db.BeginTransactionAsync();
        await using (var units = Command(db, """
            INSERT INTO org_units ("Code", "Name", "NameFolded", "Kind", "ParentId", "CreatedAt", "UpdatedAt") VALUES (@code, @name, @folded, 'Commune', @parent, @at, @at)
            """, "code", "name", "folded", "parent", "at"))
        {
            units.Transaction = tx;
            for (var i = 0; i < communeCount; i++)
            {
                var name = $"Xã Số {i + 1:D4}";
                await Run(units, Communes[i], name, VietnameseText.Fold(name), root, at);
            }
        }
        await using (var elements = Command(db, """
            INSERT INTO data_elements ("Code", "Name", "ValueType", "Aggregation", "Unit") VALUES (@code, @name, 'Integer', 'Sum', '{}')
            """, "code", "name"))
        {
            elements.Transaction = tx;
            foreach (var code in Elements) await Run(elements, code, CivicTrack.Engine.Text.LocalText.Of("Chỉ tiêu " + code, "Element " + code).ToJson());
        }
        await tx.CommitAsync();
    }

    /// <summary>Switches a SQLite file to write-ahead logging, which the file keeps for every later connection.</summary>
    public async Task UseWriteAheadLogAsync()
    {
        await using var db = Open();
        var mode = await BenchSql.Scalar(db, "PRAGMA journal_mode = WAL");
        if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            throw new BenchException($"SQLite refused write-ahead logging (journal mode {mode}).");
    }

    public async Task<SurgeCounts> CountAsync(string period)
    {
        await using var db = Open();
        const string mine = """FROM submissions s JOIN report_forms f ON f."Id" = s."FormId" WHERE f."Code" = @form AND s."Period" = @period""";
        long Count(object? o) => Convert.ToInt64(o, CultureInfo.InvariantCulture);
        var submitted = Count(await BenchSql.Scalar(db, $"""SELECT count(*) {mine} AND s."State" = 'Submitted'""", ("form", FormCode), ("period", period)));
        var rows = Count(await BenchSql.Scalar(db, $"SELECT count(*) {mine}", ("form", FormCode), ("period", period)));
        var events = Count(await BenchSql.Scalar(db, $"""
            SELECT count(*) FROM submission_events e WHERE e."Action" = 'Submitted' AND e."SubmissionId" IN (SELECT s."Id" {mine})
            """, ("form", FormCode), ("period", period)));
        // Only the surge writes values in this database, so every value of the period belongs to a report of the form.
        var values = Count(await BenchSql.Scalar(db, """SELECT count(*) FROM data_values WHERE "Period" = @period""", ("period", period)));
        var sum = Convert.ToDouble(await BenchSql.Scalar(db, """SELECT coalesce(sum("Value"), 0) FROM data_values WHERE "Period" = @period""", ("period", period)), CultureInfo.InvariantCulture);
        var units = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = BenchSql.Command(db, """
            SELECT u."Code" FROM submissions s JOIN report_forms f ON f."Id" = s."FormId" JOIN org_units u ON u."Id" = s."OrgUnitId"
            WHERE f."Code" = @form AND s."Period" = @period AND s."State" = 'Submitted'
            """, ("form", FormCode), ("period", period)))
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) units.Add(reader.GetString(0));
        }
        return new SurgeCounts(submitted, rows, events, values, sum, units);
    }

    /// <summary>Connections the database server holds open for the app (PostgreSQL's backend processes).</summary>
    public async Task<int[]> ServerProcessesAsync()
    {
        if (database is not PostgresBenchDatabase) return [];
        await using var db = Open();
        await using var cmd = Command(db, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        var pids = new List<int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return [.. pids];
    }

    private static DbCommand Command(DbConnection db, string sql, params string[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static async Task Run(DbCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        await cmd.ExecuteNonQueryAsync();
    }
}
