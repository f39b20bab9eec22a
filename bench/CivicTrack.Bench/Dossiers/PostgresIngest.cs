using System.Diagnostics;
using System.Globalization;
using System.Text;
using CivicTrack.Bench.Analytics;
using Npgsql;

namespace CivicTrack.Bench.Dossiers;

/// <summary>CPU time of a local PostgreSQL server: the postmaster, the children it has reaped (backends and parallel
/// workers that have ended) and the children alive now. Zero when the server is not on this machine.</summary>
public sealed class PostgresServerCpu(int postmaster)
{
    /// <summary>The server of a connection, found through its backend's parent process.</summary>
    public static async Task<PostgresServerCpu?> OfAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        return ParentOf(backend) is { } parent ? new PostgresServerCpu(parent) : null;
    }

    public TimeSpan Total()
    {
        var ticks = Ticks(postmaster, withChildren: true);
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) == postmaster) ticks += Ticks(pid, withChildren: true);
        }
        catch (IOException) { }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static int? ParentOf(int pid) => Fields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : null;

    // utime, stime, and the reaped children's cutime, cstime (fields 14–17 of /proc/PID/stat).
    private static long Ticks(int pid, bool withChildren) => Fields(pid) is { } f
        ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
          + (withChildren ? long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : 0)
        : 0;
}

/// <summary>The server baseline: text <c>COPY … (FORMAT csv)</c> of the file through Npgsql into an unlogged table of a fresh
/// database, then the monthly counts.</summary>
public static class PostgresIngest
{
    public const string DatabaseName = "civictrack_bench_dossiers";

    public static string BusinessDate(string column) =>
        $"CASE WHEN length({column}) = 10 THEN CAST({column} AS date) ELSE CAST(CAST({column} AS timestamptz) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS date) END";

    public static async Task<DossierStage> RunAsync(PostgresBenchDatabase database, string file, long rows)
    {
        var stage = new DossierStage("PostgreSQL COPY + GROUP BY") { Rows = rows };
        await database.ResetAsync();
        await using var connection = database.Open();
        var server = await PostgresServerCpu.OfAsync(connection);
        int backend;
        await using (var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", connection)) backend = (int)(await cmd.ExecuteScalarAsync())!;
        var columns = string.Join(", ", DossierSql.Columns.Select(c => $"{c} {DossierSql.TypeOf(c)}"));
        await using (var create = new NpgsqlCommand($"CREATE UNLOGGED TABLE dossiers ({columns})", connection)) await create.ExecuteNonQueryAsync();

        var serverCpu = server?.Total();
        var clientCpu = CpuTimes.Self();
        var watch = Stopwatch.StartNew();
        // Synchronous writes: the file streams through in large chunks, as psql's \copy would send it.
        using (var copy = connection.BeginTextImport("COPY dossiers FROM STDIN (FORMAT csv, HEADER true)"))
        using (var text = new StreamReader(file, new UTF8Encoding(false), false, new FileStreamOptions { BufferSize = 1 << 16 }))
        {
            var buffer = new char[1 << 16];
            int n;
            while ((n = text.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, n);
        }
        var copied = watch.Elapsed;
        var totals = new DossierTotals();
        long resultRows;
        await using (var query = new NpgsqlCommand(DossierSql.MonthlyCounts(BusinessDate), connection) { CommandTimeout = 3600 })
        await using (var reader = await query.ExecuteReaderAsync())
            resultRows = await DossierSql.ReadAsync(reader, totals);
        stage.Wall = watch.Elapsed;
        var client = CpuTimes.Self() - clientCpu;
        stage.Totals = totals;
        stage.PeakBytes = ResidentMemory.Peak(backend);
        if (server is not null && serverCpu is { } s0)
        {
            var used = server.Total() - s0;
            stage.Cpu = used;
            stage.Notes.Add($"CPU: the server's (backend and parallel workers) {used.TotalSeconds:0.0} s; the bench client sending the file {client.TotalSeconds:0.0} s, not in the table");
        }
        else stage.Notes.Add($"CPU: the server is not on this machine; the bench client sending the file used {client.TotalSeconds:0.0} s");
        stage.Notes.Add($"COPY {copied.TotalSeconds:0.00} s into an UNLOGGED table (no WAL; dates kept as text), GROUP BY {(stage.Wall - copied).TotalSeconds:0.00} s ({resultRows:N0} unit-month rows); peak: the backend's VmHWM");
        try { stage.Notes.Add("server: " + database.ServerDescription()); }
        catch (NpgsqlException) { }
        return stage;
    }
}
