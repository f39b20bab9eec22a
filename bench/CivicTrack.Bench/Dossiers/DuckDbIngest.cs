using System.Diagnostics;
using DuckDB.NET.Data;

namespace CivicTrack.Bench.Dossiers;

/// <summary>The in-process baseline: DuckDB's <c>read_csv</c> into a table of a DuckDB file, then the monthly counts.</summary>
public static class DuckDbIngest
{
    /// <summary>A date column's Vietnam business date: a bare date as it is, a timestamp moved to UTC+7 (epoch arithmetic,
    /// which needs no time-zone extension).</summary>
    public static string BusinessDate(string column) =>
        $"CASE WHEN length({column}) = 10 THEN CAST({column} AS DATE) " +
        $"ELSE CAST(DATE '1970-01-01' + CAST(floor((epoch(CAST({column} AS TIMESTAMPTZ)) + 25200) / 86400) AS INTEGER) AS DATE) END";

    public static async Task<DossierStage> RunAsync(string file, string databaseFile, long rows)
    {
        var stage = new DossierStage("DuckDB read_csv + GROUP BY (in process)") { Rows = rows };
        foreach (var f in new[] { databaseFile, databaseFile + ".wal" }) if (File.Exists(f)) File.Delete(f);
        // The native library is loaded and initialised before the clock starts: a cost of the process, not of the ingest.
        await using (var warm = new DuckDBConnection("Data Source=:memory:"))
        {
            await warm.OpenAsync();
            await using var cmd = warm.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync();
        }
        GC.Collect();
        var peakReset = ResidentMemory.ResetPeak();
        var before = ResidentMemory.Current() ?? 0;
        var cpu = CpuTimes.Self();
        var watch = Stopwatch.StartNew();

        await using var connection = new DuckDBConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        var columns = string.Join(", ", DossierSql.Columns.Select(c => $"'{c}': '{DossierSql.TypeOf(c)}'"));
        await using (var load = connection.CreateCommand())
        {
            load.CommandText = $$"""
                CREATE TABLE dossiers AS SELECT * FROM read_csv('{{file.Replace("'", "''", StringComparison.Ordinal)}}',
                    header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = { {{columns}} })
                """;
            await load.ExecuteNonQueryAsync();
        }
        var loaded = watch.Elapsed;
        var totals = new DossierTotals();
        long resultRows;
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = DossierSql.MonthlyCounts(BusinessDate);
            await using var reader = await query.ExecuteReaderAsync();
            resultRows = await DossierSql.ReadAsync(reader, totals);
        }
        stage.Wall = watch.Elapsed;
        stage.Cpu = CpuTimes.Self() - cpu;
        stage.PeakBytes = ResidentMemory.Peak();
        stage.Totals = totals;

        string threads;
        await using (var setting = connection.CreateCommand())
        {
            setting.CommandText = "SELECT current_setting('threads')::VARCHAR || ' threads, memory limit ' || current_setting('memory_limit') || ', DuckDB ' || version()";
            threads = (await setting.ExecuteScalarAsync())?.ToString() ?? "?";
        }
        stage.Notes.Add($"load {loaded.TotalSeconds:0.00} s, GROUP BY {(stage.Wall - loaded).TotalSeconds:0.00} s ({resultRows:N0} unit-month rows); {threads}; database file {Machine.Size(new FileInfo(databaseFile).Length)}");
        stage.Notes.Add(peakReset && stage.PeakBytes is { } p
            ? $"peak: the bench process's VmHWM, reset before the stage, {Machine.Size(Math.Max(0, p - before))} above its resident size at the start"
            : "peak: the bench process's VmHWM over its whole life (could not be reset)");
        return stage;
    }
}
