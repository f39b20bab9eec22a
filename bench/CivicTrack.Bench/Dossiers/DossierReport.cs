using System.Globalization;

namespace CivicTrack.Bench.Dossiers;

/// <summary>The dossier ingest's results as a dated Markdown section for docs/benchmarks.md.</summary>
public sealed class DossierReport(DossierOptions options)
{
    public const string Heading = "Dossier ingest";
    public const double ParseTarget = 3_000_000;
    public const long MemoryTarget = 1L << 30;
    public const double ReimportTarget = 0.15;

    public const string Introduction = """
        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- dossiers                     # 10 million rows
        dotnet run -c Release --project bench/CivicTrack.Bench -- dossiers --rows 200000 --no-write
        ```

        Options: `--rows N` (default 10,000,000), `--sqlite-only` (no PostgreSQL stages), `--postgres-copy-only`
        (PostgreSQL as the COPY baseline only, not under the app's import), `--app DIR` (an already
        built `CivicTrack.dll`), `--keep-files` (keep the generated files and reuse them in the next run of the
        same size), `--no-write` (print only). PostgreSQL runs when `CIVICTRACK_BENCH_POSTGRES` or
        `CIVICTRACK_TEST_POSTGRES` holds an administrator connection string; its database
        `civictrack_bench_dossiers` is created for the run and dropped after it.

        **Data** (fixed seed): a canonical dossier CSV of N rows (header `DossierColumns.Header`), unique dossier
        codes; handling units drawn from the demo province's departments, communes and wards that are not closed
        (a department three times as often as a commune); the receiving unit is another unit for about 10 % of
        rows; 12 sectors and 200 procedures whose names hold commas and quotes (RFC 4180 quoting); received dates
        over 2024–2025, each row's dates written as bare dates, `+07:00` timestamps or the same moments in UTC
        with `Z` (a third each; online dossiers arrive at any hour, so a UTC timestamp often falls on the
        previous day); about 85 % online, 93 % finished (99 % of them by the due date), 2 % withdrawn, 0.5 %
        stopped, 0.3 % never received, the rest open. A second file holds the same rows with 1 % changed (an
        open or withdrawn dossier finished, or a finished one's digitized flag turned). The files are written
        before the stages, so every stage reads them from the page cache.

        **Stages**, one after another in the same run, each timed from the file to the monthly counts:

        - *CivicTrack parse + aggregate*: `DossierReader` (every field checked, `materialize: false`) over a
          `StreamReader` with a 1 MB buffer, units found through `Dictionary<string,int>.GetAlternateLookup`,
          each accepted row added to a `DossierAggregator`; in the bench process. CPU is the process's user +
          system time; peak is its VmHWM, reset before the stage through `/proc/self/clear_refs`, so it covers
          this stage only (the runtime's own resident size included; the growth above the start is noted).
        - *DuckDB*: `CREATE TABLE dossiers AS SELECT * FROM read_csv(…)` (types given, dates as text) into a
          DuckDB file, then one query of the monthly counts per handling unit (received, online,
          cross-boundary, VNeID by received month; finished, early, on time, late, digitized, paid online by
          finished month) with the business dates derived as the rules say; in the bench process
          (DuckDB.NET), measured as above.
        - *PostgreSQL*: text `COPY … FROM STDIN (FORMAT csv)` of the file through Npgsql into an **unlogged**
          table of a fresh database, then the same query. CPU is the server's (backends and parallel workers,
          from /proc); peak is the backend's VmHWM.
        - *CivicTrack end to end*: the app's command `CivicTrack.dll import-dossiers FILE` (parse, check,
          persist in batches, count into data values) as a child process, against a fresh database holding the
          demo province without its demo dossiers (the app is started once beforehand to migrate and load it),
          on SQLite and on PostgreSQL; CPU and peak of the child from `getrusage` once it has been waited for
          (the PostgreSQL server's CPU added for PostgreSQL); then the same command on the 1 %-changed file.

        The baselines leave out carried-over and open-overdue counts (they span months); the engine's totals of
        the other ten counts are compared month by month with DuckDB's and PostgreSQL's. *Ratio to DuckDB* is a
        stage's wall time over DuckDB's.

        **Targets** (SPEC §7, 2-core, 24 GB machine): parse + aggregate ≥ 3 million rows/s; persisted end to
        end on SQLite no slower than DuckDB's `read_csv` + `GROUP BY` (≤ 1.0×); re-import of 1 % changed rows
        ≤ 15 % of a full import; ≤ 1 GB memory at 10 million rows.
        """;

    public DateTime Started { get; init; }
    public string LoadAverageAtStart { get; init; } = "?";
    public string LoadAverageAtEnd { get; set; } = "?";
    public TimeSpan Elapsed { get; set; }
    public string Data { get; set; } = "";
    /// <summary>The commit the run was made from.</summary>
    public string? Commit { get; init; }
    public List<DossierStage> Stages { get; } = [];
    public List<string> Checks { get; } = [];
    public List<string> Years { get; } = [];
    public List<string> Problems { get; } = [];
    public DossierStage? Engine { get; set; }
    public DossierStage? DuckDb { get; set; }
    public List<(string Provider, DossierStage Full, DossierStage Again)> Imports { get; } = [];

    public string Table()
    {
        var m = new List<string>
        {
            "| stage | rows/s | wall s | CPU s | peak MB | ratio to DuckDB |",
            "|---|---|---|---|---|---|",
        };
        foreach (var s in Stages)
        {
            if (!s.Measured) { m.Add($"| {s.Name} | – | – | – | – | {s.Skipped ?? s.Problem} |"); continue; }
            var ratio = DuckDb is { Measured: true } d ? (s.Wall / d.Wall).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
            m.Add(Inv($"| {s.Name} | {s.RowsPerSecond:N0} | {s.Wall.TotalSeconds:0.00} | {(s.Cpu is { } c ? c.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "–")} | {(s.PeakBytes is { } p ? (p / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture) : "–")} | {ratio} |"));
        }
        return string.Join('\n', m);
    }

    public IEnumerable<string> Targets()
    {
        var atScale = options.Rows >= 10_000_000;
        if (Engine is { Measured: true } e)
        {
            yield return Inv($"- Parse + aggregate ≥ 3 M rows/s: {e.RowsPerSecond / 1e6:0.00} M rows/s {Mark(e.RowsPerSecond >= ParseTarget)}{(e.Cpu is { } c && c > TimeSpan.Zero ? Inv($" (one thread; {e.Rows / c.TotalSeconds / 1e6:0.00} M rows per CPU second)") : "")}");
            if (e.PeakBytes is { } p) yield return Inv($"- Parse + aggregate memory ≤ 1 GB: peak {Machine.Size(p)} {(atScale ? Mark(p <= MemoryTarget) : "(the target is for 10 M rows)")}");
        }
        else yield return "- Parse + aggregate ≥ 3 M rows/s: not measured";
        var sqlite = Imports.FirstOrDefault(i => i.Provider == "SQLite");
        if (sqlite.Full is { Measured: true } full && DuckDb is { Measured: true } d)
            yield return Inv($"- End to end on SQLite ≤ 1.0× DuckDB: {full.Wall / d.Wall:0.00}× ({full.Wall.TotalSeconds:0.0} s vs {d.Wall.TotalSeconds:0.0} s) {Mark(full.Wall <= d.Wall)}");
        else yield return $"- End to end on SQLite ≤ 1.0× DuckDB: not measured ({sqlite.Full?.Skipped ?? sqlite.Full?.Problem ?? "no run"})";
        foreach (var (provider, f, again) in Imports)
        {
            if (f.Measured && again.Measured)
                yield return Inv($"- Re-import of 1 % changed rows ≤ 15 % of a full import, {provider}: {again.Wall / f.Wall * 100:0.0} % ({again.Wall.TotalSeconds:0.0} s vs {f.Wall.TotalSeconds:0.0} s) {Mark(again.Wall / f.Wall <= ReimportTarget)}{(again.Cpu is { } ac && f.Cpu is { } fc && fc > TimeSpan.Zero ? Inv($"; in CPU time {ac / fc * 100:0.0} %") : "")}");
            if (f.Measured && f.PeakBytes is { } p)
                yield return Inv($"- End-to-end memory ≤ 1 GB, {provider}: peak {Machine.Size(p)} {(atScale ? Mark(p <= MemoryTarget) : "(the target is for 10 M rows)")}");
        }
    }

    public string Markdown()
    {
        var m = new List<string>
        {
            Inv($"### {Started:yyyy-MM-dd HH:mm} UTC — dossier ingest, {options.Rows:N0} rows"),
            "",
            $"- Machine: {Machine.Describe()}; 1-minute load average {LoadAverageAtStart} at the start, {LoadAverageAtEnd} at the end",
            $"- Data: {Data}",
            $"- Options: {string.Join("; ", new[] { options.SqliteOnly ? "--sqlite-only" : null, options.PostgresCopyOnly ? "--postgres-copy-only" : null, options.AppDirectory is null ? "app built from src/CivicTrack" : "an already built app (--app)" }.OfType<string>())}; repository at {Commit ?? "?"}",
            Inv($"- Whole run {Elapsed.TotalMinutes:0.0} min"),
            "",
            Table(),
            "",
        };
        m.AddRange(Targets());
        m.Add("");
        foreach (var c in Checks) m.Add($"- {c}");
        if (Years.Count > 0) m.Add($"- Province totals (engine): {string.Join("; ", Years)}");
        foreach (var s in Stages)
        {
            if (s.Notes.Count > 0) m.Add($"- {s.Name}: {string.Join("; ", s.Notes)}");
            if (s.Problem is not null) m.Add($"- {s.Name} FAILED: {s.Problem}");
        }
        foreach (var p in Problems) m.Add($"- FAILED: {p}");
        return string.Join('\n', m) + "\n";
    }

    private static string Mark(bool met) => met ? "✅" : "❌";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
