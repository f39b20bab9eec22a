using System.Data.Common;
using System.Diagnostics;
using System.Text;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Dossiers;
using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CivicTrack.Tests.Reliability;

/// <summary>The <c>import-dossiers</c> command killed with SIGKILL in the middle of a large file: every batch is in whole or
/// not at all, and running the same import again completes it to the counts of the file read without interruption —
/// in the dossiers and in the data values they feed.</summary>
public sealed class DossierImportCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const int Rows = 60_000, Batch = 1_000;
    private static readonly string[] Units = ["08051", "08052", "08053", "08054", "08055", "08056", "08057", "08058", "08059", "08060"];

    [Fact]
    public async Task A_killed_import_leaves_whole_batches_and_running_it_again_completes_it_on_Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "civictrack-tests", "dossier-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var connection = $"Data Source={Path.Combine(folder, "app.db")}";
            await CheckAsync("Sqlite", connection, () => new SqliteConnection(connection + ";Mode=ReadOnly;Default Timeout=1"), folder);
        }
        finally { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
    }

    [Fact]
    public async Task A_killed_import_leaves_whole_batches_and_running_it_again_completes_it_on_Postgres()
    {
        var admin = TestEnvironment.RequirePostgres();
        var name = "ct_dossier_crash_" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = new NpgsqlConnection(admin))
        {
            await db.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", db);
            await create.ExecuteNonQueryAsync(Ct);
        }
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        var folder = Path.Combine(Path.GetTempPath(), "civictrack-tests", "dossier-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try { await CheckAsync("Postgres", connection, () => new NpgsqlConnection(connection), folder); }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var db = new NpgsqlConnection(admin);
            await db.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", db);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task CheckAsync(string provider, string connection, Func<DbConnection> open, string folder)
    {
        var file = Path.Combine(folder, "dossiers.csv");
        await File.WriteAllTextAsync(file, Generate(), new UTF8Encoding(false), Ct);
        var environment = AppServer.Environment(provider, connection, AppFactory.DemoPassword, Path.Combine(folder, "evidence"));
        environment["Demo__Dossiers"] = "false";
        environment["Demo__Today"] = "2025-12-31";
        environment["Dossiers__BatchSize"] = Batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var log = Path.Combine(folder, "import.log");

        // The demo is loaded by a first run of the command on an empty file, so the timed run starts importing at once.
        var header = Path.Combine(folder, "header.csv");
        await File.WriteAllTextAsync(header, DossierColumns.Header + "\n", Ct);
        Assert.Equal(0, await RunAsync(environment, header, log, kill: null));

        // Killed once some batches are in and before the last.
        long seen = 0;
        var exit = await RunAsync(environment, file, log, kill: async () =>
        {
            seen = await CountAsync(open, "SELECT count(*) FROM dossiers");
            return seen >= Rows / 5;
        });
        Assert.True(exit is null, $"The import ended (exit {exit}) before it could be killed; see {log}.");
        var afterKill = await CountAsync(open, "SELECT count(*) FROM dossiers");
        Assert.InRange(afterKill, 1, Rows - 1);
        // Whole batches only, and the import's own counts are those of the batches it committed.
        Assert.Equal(0, afterKill % Batch);
        Assert.Equal(afterKill, await CountAsync(open, """SELECT "Added" FROM dossier_imports ORDER BY "Id" DESC LIMIT 1"""));

        // The same import again completes it.
        Assert.Equal(0, await RunAsync(environment, file, log, kill: null));
        Assert.Equal(Rows, await CountAsync(open, "SELECT count(*) FROM dossiers"));
        Assert.Equal(0, await CountAsync(open, "SELECT count(*) FROM dossier_pending_months"));

        // The stored dossiers count exactly as the file read whole, and the data values hold those counts.
        var expected = Expected(file);
        var stored = await StoredAsync(open);
        var values = await ValuesAsync(open);
        for (var u = 0; u < Units.Length; u++)
            for (var month = DossierMonths.Of(2025, 1); month <= DossierMonths.Of(2025, 12); month++)
            {
                var want = expected.Month(u, month);
                Assert.Equal(want, stored.Month(u, month));
                Assert.Equal((double)want.Received, values.GetValueOrDefault((Units[u], "DOSSIERS_RECEIVED", DossierMonths.Id(month))));
                Assert.Equal((double)(want.Early + want.OnTime), values.GetValueOrDefault((Units[u], "DOSSIERS_ON_TIME", DossierMonths.Id(month))));
            }
    }

    /// <summary>Runs <c>CivicTrack.dll import-dossiers FILE</c>; with <paramref name="kill"/>, kills it (SIGKILL) as soon as the
    /// check says so and returns null, else returns its exit code.</summary>
    private static async Task<int?> RunAsync(Dictionary<string, string> environment, string file, string log, Func<Task<bool>>? kill)
    {
        var directory = AppServer.DefaultAppDirectory();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(directory, "CivicTrack.dll"));
        info.ArgumentList.Add("import-dossiers");
        info.ArgumentList.Add(file);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        try
        {
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(5))
            {
                if (kill is not null && await kill())
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(Ct);
                    return null;
                }
                await Task.Delay(kill is null ? 200 : 10, Ct);
            }
            if (!process.HasExited) { process.Kill(entireProcessTree: true); throw new TimeoutException("import-dossiers did not finish in 5 minutes."); }
            await process.WaitForExitAsync(Ct);
            return process.ExitCode;
        }
        finally
        {
            string text;
            lock (output) text = output.ToString();
            await File.AppendAllTextAsync(log, text, CancellationToken.None);
        }
    }

    private static async Task<long> CountAsync(Func<DbConnection> open, string sql)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = open();
                await connection.OpenAsync(Ct);
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToInt64(await command.ExecuteScalarAsync(Ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (DbException) when (attempt < 50) { await Task.Delay(20, Ct); }
        }
    }

    /// <summary>The counts of the stored dossiers, unit by unit (keys are positions in <see cref="Units"/>).</summary>
    private static async Task<DossierAggregator> StoredAsync(Func<DbConnection> open)
    {
        var aggregator = new DossierAggregator(DossierRules.Default);
        await using var connection = open();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u."Code", d."ReceivedOn", d."DueOn", d."FinishedOn", d."ReturnedOn", d."Status", d."Channel", d."ReceivingUnitCode", d."Digitized", d."PaidOnline", d."VneidVerified"
            FROM dossiers d JOIN org_units u ON u."Id" = d."HandlingUnitId"
            """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        DateOnly? Day(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);
        while (await reader.ReadAsync(Ct))
        {
            var code = reader.GetString(0);
            aggregator.Add(DossierStore.Facts(Array.IndexOf(Units, code), code, Day(1), Day(2), Day(3), Day(4), (byte)reader.GetInt16(5), (byte)reader.GetInt16(6),
                reader.GetString(7), reader.GetBoolean(8), reader.GetBoolean(9), reader.GetBoolean(10)));
        }
        return aggregator;
    }

    private static async Task<Dictionary<(string Unit, string Element, string Period), double>> ValuesAsync(Func<DbConnection> open)
    {
        var values = new Dictionary<(string, string, string), double>();
        await using var connection = open();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u."Code", e."Code", v."Period", v."Value" FROM data_values v JOIN org_units u ON u."Id" = v."OrgUnitId" JOIN data_elements e ON e."Id" = v."DataElementId"
            WHERE e."Code" IN ('DOSSIERS_RECEIVED', 'DOSSIERS_ON_TIME') AND v."Period" LIKE '2025-%'
            """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) values[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = reader.GetDouble(3);
        return values;
    }

    /// <summary>The file read whole by the engine, as an uninterrupted import counts it.</summary>
    private static DossierAggregator Expected(string file)
    {
        var aggregator = new DossierAggregator(DossierRules.Default);
        using var text = new StreamReader(file);
        using var reader = new DossierReader(text, new UnitList());
        var seen = new Dictionary<string, DossierFacts>(StringComparer.Ordinal);
        while (reader.Next())
        {
            Assert.Empty(reader.Problems);
            if (seen.TryGetValue(reader.Record!.Code, out var old)) aggregator.Add(old, -1);
            aggregator.Add(seen[reader.Record.Code] = reader.Facts);
        }
        return aggregator;
    }

    private sealed class UnitList : IDossierUnits
    {
        public int Find(ReadOnlySpan<char> code)
        {
            for (var i = 0; i < Units.Length; i++) if (code.SequenceEqual(Units[i])) return i;
            return -1;
        }
        public bool MayWrite(int key) => true;
    }

    /// <summary>A year of dossiers over ten communes, every code once: received through 2025, most finished within days,
    /// some late, some still open, some received at another commune.</summary>
    private static string Generate()
    {
        var random = new Random(20261203);
        var text = new StringBuilder(DossierColumns.Header).Append('\n');
        var start = new DateOnly(2025, 1, 1);
        for (var i = 0; i < Rows; i++)
        {
            var unit = Units[random.Next(Units.Length)];
            var receiving = random.NextDouble() < 0.1 ? Units[random.Next(Units.Length)] : unit;
            var received = start.AddDays(random.Next(365));
            var due = received.AddDays(3 + random.Next(12));
            var open = random.NextDouble() < 0.03;
            var finished = open ? (DateOnly?)null : received.AddDays(random.NextDouble() < 0.02 ? due.DayNumber - received.DayNumber + 1 + random.Next(5) : random.Next(due.DayNumber - received.DayNumber + 1));
            var status = open ? 4 : 10;
            var channel = random.NextDouble() < 0.87 ? 2 : 1;
            var receivedText = random.Next(3) switch
            {
                0 => received.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                1 => received.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T08:15:00+07:00",
                _ => received.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T18:30:00Z",
            };
            text.Append("KH-").Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(",1.00").Append(i % 7).Append(",\"Thủ tục ").Append(i % 7)
                .Append(", cấp xã\",Hộ tịch,4,").Append(channel).Append(',').Append(receiving).Append(',').Append(unit).Append(',').Append(receivedText).Append(',')
                .Append(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(finished?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(",,").Append(status).Append(',')
                .Append(random.Next(2)).Append(',').Append(random.Next(2)).Append(',').Append(random.Next(2)).Append('\n');
        }
        return text.ToString();
    }
}
