using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CivicTrack.Tests.Indicators;

/// <summary>On PostgreSQL, data values are partitioned by the year of their period: each value lands in its year's partition,
/// a year without one keeps its values in the default partition until start-up adds it, and the migration goes back to a
/// plain table and forward again without losing a value.</summary>
public sealed class ValuePartitionsPostgresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Root = "PT01";
    // Far enough ahead that no partition is made for it by the migration or at start-up with today's clock.
    private const int FarYear = 2071;

    private static string AdminEmail => $"{Roles.Administrator.ToLowerInvariant()}.{Root.ToLowerInvariant()}@test.local";

    private static async Task<string> NewElementAsync(HttpClient admin)
    {
        var code = $"P_{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var created = await admin.PostAsJsonAsync("/api/data-elements",
            new DataElementInput(code, LocalText.Of("Chỉ tiêu phân vùng", "Partitioned element"), Engine.Analytics.ValueType.Number, AggregationType.Sum, null, null),
            Json.Options, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return code;
    }

    private static async Task PutAsync(HttpClient client, string element, params (string Period, double? Value)[] values)
    {
        var response = await client.PutAsJsonAsync("/api/data-values",
            new DataValueBatch([.. values.Select(v => new DataValueInput(element, Root, v.Period, v.Value))]), Json.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<Dictionary<string, double>> StoredAsync(HttpClient client, string element) =>
        (await client.GetFromJsonAsync<List<DataValueDto>>($"/api/data-values?unit={Root}&elements={element}", Json.Options, Ct))!
            .ToDictionary(v => v.Period, v => v.Value);

    private static async Task<double?> TotalAsync(HttpClient client, string element, string period)
    {
        var response = await client.GetAsync($"/api/analytics?indicators={element}&units={Root}&periods={period}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return Assert.Single((await response.Content.ReadFromJsonAsync<AnalyticsResult>(Json.Options, Ct))!.Values).Value;
    }

    /// <summary>Each stored period with the table that holds its row.</summary>
    private static async Task<Dictionary<string, string>> WhereStoredAsync(NpgsqlConnection db)
    {
        var result = new Dictionary<string, string>();
        await using var command = new NpgsqlCommand("""SELECT "Period", tableoid::regclass::text FROM data_values""", db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    private static async Task<List<string>> PartitionsAsync(NpgsqlConnection db)
    {
        var result = new List<string>();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'data_values'::regclass ORDER BY 1
            """, db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) result.Add(reader.GetString(0));
        return result;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task Values_land_in_the_partition_of_their_year_and_a_year_without_one_waits_in_the_default_until_start_up_adds_it()
    {
        await using var first = new AppFactory(DatabaseProvider.Postgres, loadDemo: false);
        var admin = await first.AccountOnNewRootAsync(Root);
        var element = await NewElementAsync(admin);
        await PutAsync(admin, element, ("2025-03", 3), ("2025W42", 4), ("2025-10-10", 5), ("2025", 6), ($"{FarYear}-05", 7));

        await using (var db = new NpgsqlConnection(first.ConnectionString))
        {
            await db.OpenAsync(Ct);
            Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'data_values'::regclass"));
            Assert.Equal("r", (await ScalarAsync<char>(db, "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'data_values'::regclass")).ToString());
            var partitions = await PartitionsAsync(db);
            Assert.Contains("data_values_2025", partitions);
            Assert.Contains("data_values_default", partitions);
            Assert.DoesNotContain($"data_values_{FarYear}", partitions);
            // This year's partition and the next ones exist from the first start.
            var year = DateTime.UtcNow.Year;
            Assert.Contains($"data_values_{year + ValuePartitions.YearsAhead}", partitions);

            var where = await WhereStoredAsync(db);
            Assert.Equal(5, where.Count);
            foreach (var period in new[] { "2025-03", "2025W42", "2025-10-10", "2025" })
                Assert.Equal("data_values_2025", where[period]);
            Assert.Equal("data_values_default", where[$"{FarYear}-05"]);
            Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM ONLY data_values_default"));
        }
        var stored = await StoredAsync(admin, element);
        Assert.Equal(new Dictionary<string, double> { ["2025"] = 6, ["2025-03"] = 3, ["2025W42"] = 4, ["2025-10-10"] = 5, [$"{FarYear}-05"] = 7 }, stored);
        Assert.Equal(7, await TotalAsync(admin, element, $"{FarYear}-05"));

        // A later start in that year adds its partition and moves the waiting value into it; the store's cold load
        // (a COPY of the partitioned table) reads every value back.
        await using var later = new AppFactory(DatabaseProvider.Postgres, loadDemo: false, reuseConnection: first.ConnectionString)
        {
            Clock = TestClock.At(FarYear, 5, 20),
        };
        var again = await later.SignedInAsync(AdminEmail);
        Assert.Equal(7, await TotalAsync(again, element, $"{FarYear}-05"));
        Assert.Equal(3, await TotalAsync(again, element, "2025-03"));
        await using (var db = new NpgsqlConnection(first.ConnectionString))
        {
            await db.OpenAsync(Ct);
            var partitions = await PartitionsAsync(db);
            Assert.Contains($"data_values_{FarYear}", partitions);
            Assert.Contains($"data_values_{FarYear + ValuePartitions.YearsAhead}", partitions);
            Assert.Equal($"data_values_{FarYear}", (await WhereStoredAsync(db))[$"{FarYear}-05"]);
            Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM ONLY data_values_default"));
        }

        // Changing and removing values (EF finds the row by its Id alone) work across partitions.
        await PutAsync(again, element, ($"{FarYear}-05", 8), ("2025-03", null), ("2025W42", 40));
        Assert.Equal(new Dictionary<string, double> { ["2025"] = 6, ["2025W42"] = 40, ["2025-10-10"] = 5, [$"{FarYear}-05"] = 8 },
            await StoredAsync(again, element));
        Assert.Equal(8, await TotalAsync(again, element, $"{FarYear}-05"));
        Assert.Null(await TotalAsync(again, element, "2025-03"));
        // Adding a partition that exists is a no-op.
        await using (var db = later.Services.GetRequiredService<AppDbFactory>().CreateDbContext())
            Assert.Empty(await ValuePartitions.EnsureAsync(db, FarYear, Ct));
    }

    [Fact]
    public async Task The_migration_goes_back_to_a_plain_table_and_forward_again_keeping_every_value()
    {
        await using var app = new AppFactory(DatabaseProvider.Postgres, loadDemo: false);
        var admin = await app.AccountOnNewRootAsync(Root);
        var element = await NewElementAsync(admin);
        await PutAsync(admin, element, ("2024-12", 1.5), ("2025Q3", 2), ($"{FarYear}S1", 4));
        const string Fingerprint = """SELECT count(*)::text || '/' || sum("Value")::text || '/' || max("Id")::text FROM data_values""";
        string before;
        await using (var db = new NpgsqlConnection(app.ConnectionString))
        {
            await db.OpenAsync(Ct);
            before = await ScalarAsync<string>(db, Fingerprint);
        }
        Assert.StartsWith("3/7.5/", before);

        await using (var context = app.Services.GetRequiredService<AppDbFactory>().CreateDbContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var partitioning = migrations.FindIndex(m => m.EndsWith("_PartitionDataValues", StringComparison.Ordinal));
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[partitioning - 1], Ct);
            await using (var db = new NpgsqlConnection(app.ConnectionString))
            {
                await db.OpenAsync(Ct);
                Assert.Equal("r", (await ScalarAsync<char>(db, "SELECT relkind FROM pg_class WHERE oid = 'data_values'::regclass")).ToString());
                Assert.Equal(before, await ScalarAsync<string>(db, Fingerprint));
                Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'data\\_values\\_%' AND relkind = 'r'"));
                // New rows continue the identity after the kept ones.
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO data_values ("DataElementId", "OrgUnitId", "Period", "Value", "Source", "UpdatedAt")
                    SELECT "DataElementId", "OrgUnitId", '2023', 0.5, 'Manual', now() FROM data_values LIMIT 1
                    """, db);
                Assert.Equal(1, await insert.ExecuteNonQueryAsync(Ct));
            }
            await migrator.MigrateAsync(null, Ct);
        }
        await using (var db = new NpgsqlConnection(app.ConnectionString))
        {
            await db.OpenAsync(Ct);
            Assert.Equal("p", (await ScalarAsync<char>(db, "SELECT relkind FROM pg_class WHERE oid = 'data_values'::regclass")).ToString());
            Assert.StartsWith("4/8/", await ScalarAsync<string>(db, Fingerprint));
            var where = await WhereStoredAsync(db);
            // The years that held values got their partitions, the far one included.
            Assert.Equal(("data_values_2023", "data_values_2024", "data_values_2025", $"data_values_{FarYear}"),
                (where["2023"], where["2024-12"], where["2025Q3"], where[$"{FarYear}S1"]));
            Assert.Equal(4L, await ScalarAsync<long>(db, "SELECT count(DISTINCT \"Id\") FROM data_values"));
        }
    }
}
