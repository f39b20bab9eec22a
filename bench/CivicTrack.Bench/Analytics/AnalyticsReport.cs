using System.Globalization;
using System.Text;

namespace CivicTrack.Bench.Analytics;

/// <summary>Everything one run measured, and its Markdown section for docs/benchmarks.md.</summary>
public sealed class AnalyticsReport
{
    private const double TargetP99Ms = 5, TargetColdSeconds = 10;
    private const long TargetBytes = 2L << 30;

    public DateTime Started { get; init; }
    public string LoadAverageAtStart { get; init; } = "?";
    public required BenchOptions Options { get; init; }
    public NationalData? Data { get; set; }
    public EngineResult? Engine { get; set; }
    public BenchDatabase? Database { get; set; }
    public string? PostgresVersion { get; set; }
    public LoadReport? DatabaseLoad { get; set; }
    public TimeSpan? HttpColdLoad { get; set; }
    public long? AppStoreLoadMs { get; set; }
    public TimeSpan? AppColdCpu { get; set; }
    /// <summary>The second start's first answer, from the analytics snapshot the first start wrote.</summary>
    public TimeSpan? SnapshotColdLoad { get; set; }
    public long? SnapshotStoreLoadMs { get; set; }
    public long? SnapshotBytes { get; set; }
    public int SnapshotAnswersCompared { get; set; }
    public int SnapshotAnswersAgreeing { get; set; }
    public long AppResidentAfterLoad { get; set; }
    public long AppResidentAfterRuns { get; set; }
    public long? AppPeakResident { get; set; }
    public int WarmupRequests { get; set; }
    public TimeSpan? WarmupCompilerCpu { get; set; }
    public HttpPass? Http1 { get; set; }
    public HttpPass? Http4 { get; set; }
    public Latencies? Baseline { get; set; }
    public long BaselineRows { get; set; }
    public DuckDbResult? DuckDb { get; set; }
    public List<Agreement> Agreements { get; set; } = [];
    public List<ExplorerTiming> Explorer { get; } = [];
    public string? AppLog { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<string> Problems { get; } = [];
    public List<string> Notes { get; } = [];

    public string Markdown()
    {
        var s = new StringBuilder();
        var data = Data!;
        var size = string.Create(CultureInfo.InvariantCulture, $"{Millions(data.ValueCount)} values, {data.Units.Count:N0} units");
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### {Started:yyyy-MM-dd HH:mm} UTC — dashboard query{(Options.Quick ? " (--quick)" : "")}"));
        s.AppendLine();
        s.AppendLine($"- Machine: {Machine.Describe()}; 1-minute load average {LoadAverageAtStart} at the start, {Machine.LoadAverage()} at the end");
        s.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Data: {data.Provinces.Length} provinces, {data.Communes.Length:N0} communes, {data.Villages.Length:N0} villages; {data.Elements.Count} elements, {data.Indicators.Count} indicators; {Millions(data.CommuneValueCount)} commune + {Millions(data.VillageValueCount)} village values"));
        if (Database is not null)
            s.AppendLine($"- Database: {(Database is PostgresBenchDatabase ? "PostgreSQL " + PostgresVersion : "SQLite")}"
                + (DatabaseLoad is { } l ? string.Create(CultureInfo.InvariantCulture, $"; bulk load {l.Rows:N0} values in {l.Values.TotalSeconds:0} s ({l.RowsPerSecond:N0} rows/s), indexes and keys {l.Indexes.TotalSeconds:0} s") : ""));
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Queries: {Options.Queries:N0} (10 indicators each){(Baseline is not null ? $"; PostgreSQL baseline on {Baseline.Count} of them, spread evenly" : "")}{(DuckDb is { } dq ? dq.Planned == dq.Offered ? "; DuckDB on all of them" : $"; DuckDB on {dq.Queries.Count:N0} of them, spread evenly (the {Options.DuckDbBudgetSeconds} s budget)" : "")}; whole run {Elapsed.TotalMinutes:0.0} min"));
        s.AppendLine();
        s.AppendLine("| workload | data size | cold load | memory | p50 | p99 | target | ratio vs baseline |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        if (Engine is { } e)
        {
            s.AppendLine(Row("Engine in process: `ValueStore` + `IndicatorFormula`, one `Read` per query", size,
                string.Create(CultureInfo.InvariantCulture, $"{e.Load.TotalSeconds:0.0} s (CPU {e.LoadCpu.TotalSeconds:0.0} s; generation {e.Generate.TotalSeconds:0.0} s apart)"),
                $"{Machine.Size(e.ManagedBytes)} managed; working set {Machine.Size(e.WorkingSetBytes)}",
                e.Queries, Target(e.Queries.P99, e.Load, e.ManagedBytes), Ratio(e.Queries)));
        }
        if (Http1 is { } h1)
        {
            var cold = HttpColdLoad is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{c.TotalSeconds:0.0} s first request{(AppStoreLoadMs is { } ms ? $" (store {ms / 1000.0:0.0} s)" : "")}{(AppColdCpu is { } cpu ? $"; app CPU {cpu.TotalSeconds:0.0} s" : "")}")
                : "–";
            s.AppendLine(Row($"App `GET /api/analytics` ({Database?.Provider}), 1 at a time", size, cold,
                $"app resident {Machine.Size(AppResidentAfterRuns)}{(AppPeakResident is { } p ? $" (peak {Machine.Size(p)})" : "")}",
                h1.Latencies, Target(h1.Latencies.P99, HttpColdLoad, Math.Max(AppResidentAfterRuns, AppPeakResident ?? 0)) + Failures(h1), Ratio(h1.Latencies)));
        }
        if (Http4 is { } h4)
            s.AppendLine(Row(string.Create(CultureInfo.InvariantCulture, $"App `GET /api/analytics`, 4 at a time ({h4.PerSecond:N0} req/s)"), size, "", "",
                h4.Latencies, Failures(h4).TrimStart(';', ' '), Ratio(h4.Latencies)));
        if (Baseline is { } b)
            s.AppendLine(Row($"Baseline: PostgreSQL `GROUP BY ROLLUP(province, commune), element`, {b.Count} queries", size, "–",
                "–", b, "–", "1×"));
        if (DuckDb is { } d)
            s.AppendLine(Row($"Baseline: DuckDB in process, same `GROUP BY ROLLUP`, {d.Queries.Count:N0} queries", size,
                string.Create(CultureInfo.InvariantCulture, $"{d.Load.TotalSeconds:0.0} s appender (CPU {d.LoadCpu.TotalSeconds:0.0} s)"),
                $"duckdb_memory() {Machine.Size(d.DuckDbBytes)}; working set +{Machine.Size(d.WorkingSetDelta)}",
                d.Queries, "–", Baseline is { } pb ? string.Create(CultureInfo.InvariantCulture, $"{pb.P99 / d.Queries.P99:N1}× faster (p99)") : "–"));
        s.AppendLine();
        if (Explorer.Count > 0)
        {
            s.AppendLine("Explorer query mix (each question timed whole: every cell, in process under one read; over HTTP `GET /api/explore`, one at a time, laid out as a table):");
            s.AppendLine();
            s.AppendLine("| explorer question | cells | engine p50 | engine p99 | HTTP p50 | HTTP p99 |");
            s.AppendLine("|---|---|---|---|---|---|");
            foreach (var x in Explorer)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {x.Name} | {x.Cells:N0} | {Ms(x.Engine?.P50)} | {Ms(x.Engine?.P99)} | {Ms(x.Http?.P50)} | {Ms(x.Http?.P99)} |"));
            s.AppendLine();
        }
        if (Agreements.Count > 0 && (Http1 is not null || Baseline is not null || DuckDb is not null))
        {
            bool withHttp = Http1 is not null, withSql = Baseline is not null, withDuck = DuckDb is not null;
            bool Agrees(Agreement a) => (!withHttp || AnalyticsBenchmark.Same(a.Engine, a.Http)) && (!withSql || AnalyticsBenchmark.Same(a.Engine, a.Sql))
                && (!withDuck || AnalyticsBenchmark.Same(a.Engine, a.DuckDb));
            var paths = string.Join(" = ", new[] { "engine", withHttp ? "HTTP" : null, withSql ? "SQL" : null, withDuck ? "DuckDB" : null }.Where(p => p is not null));
            s.Append($"- Agreement, a Sum element per query ({paths}): **agree: {Agreements.Count(Agrees)}/{Agreements.Count}**");
            s.AppendLine(withHttp
                ? $"; indicators (engine rounded to 2 decimals = HTTP): {Agreements.Sum(a => a.IndicatorsAgreeing)}/{Agreements.Sum(a => a.IndicatorsCompared)}"
                : "");
            foreach (var a in Agreements.Where(a => !Agrees(a)))
                s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"  - differs: {data.Elements[a.Element - 1].Code} at {a.Query.UnitCode} {a.Query.PeriodText}: engine {a.Engine}, HTTP {a.Http}, SQL {a.Sql}, DuckDB {a.DuckDb}"));
        }
        if (DuckDb is { } da)
        {
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- DuckDB = engine on every query it ran: **{da.ValuesAgreeing:N0}/{da.ValuesCompared:N0} element aggregates, {da.IndicatorsAgreeing:N0}/{da.IndicatorsCompared:N0} indicators** (unrounded, computed from DuckDB's aggregates as `IndicatorFormula` does)"));
            foreach (var difference in da.Differences) s.AppendLine($"  - differs: {difference}");
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- DuckDB: {da.Settings}; {da.Rows:N0} values appended; `PRAGMA database_size` memory {da.DatabaseMemory}; max {Latencies.Ms(da.Queries.Max)}; {da.ResultRows:N0} rollup rows returned in all."));
        }
        if (Engine is { } en)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Engine max {Latencies.Ms(en.Queries.Max)}; the generated rows ({Machine.Size(en.RowsBytes)}) were released before the working set was read."));
        if (Http1 is not null && WarmupRequests > 0)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- HTTP warm-up: {WarmupRequests:N0} requests, until a round of them left the app's tiered compiler nearly idle ({WarmupCompilerCpu?.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) ?? "?"} ms CPU in the last round)."));
        if (Http1 is not null && AppResidentAfterLoad > 0)
            s.AppendLine($"- App resident memory just after its cold load: {Machine.Size(AppResidentAfterLoad)}.");
        if (HttpColdLoad is { } fromDatabase)
            s.AppendLine(SnapshotColdLoad is { } fromSnapshot
                ? string.Create(CultureInfo.InvariantCulture,
                    $"- Cold start, first answer: {fromDatabase.TotalSeconds:0.0} s loading from {Database?.Provider} without a snapshot; {fromSnapshot.TotalSeconds:0.0} s on the next start from the analytics snapshot ({Machine.Size(SnapshotBytes ?? 0)}; store {(SnapshotStoreLoadMs is { } ms ? $"{ms / 1000.0:0.0} s" : "?")}); {SnapshotAnswersAgreeing} of {SnapshotAnswersCompared} answers the same after the restart.")
                : $"- Cold start from the analytics snapshot: not measured (no snapshot was written).");
        foreach (var pass in new[] { Http1, Http4 })
            if (pass?.AppCpuMsPerRequest is { } perRequest)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- HTTP {pass.Concurrency} at a time: max {Latencies.Ms(pass.Latencies.Max)}, {pass.PerSecond:N0} requests/s, app CPU {perRequest:0.00} ms per request{(pass.ClientCpuMsPerRequest is { } c ? $", client CPU {c:0.00} ms" : "")}."));
        if (Baseline is not null)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Baseline max {Latencies.Ms(Baseline.Max)}; {BaselineRows:N0} rollup rows returned in all. Ratio = baseline p99 ÷ this row's p99."));
        foreach (var n in Notes) s.AppendLine($"- {n}");
        foreach (var p in Problems) s.AppendLine($"- **Failed**: {p.ReplaceLineEndings(" ")}");
        return s.ToString();
    }

    private static string Row(string workload, string size, string cold, string memory, Latencies l, string target, string ratio) =>
        $"| {workload} | {size} | {cold} | {memory} | {Latencies.Ms(l.P50)} | {Latencies.Ms(l.P99)} | {target} | {ratio} |";

    private static string Target(double p99, TimeSpan? cold, long bytes) => string.Join(", ",
        Check("p99 ≤ 5 ms", p99 <= TargetP99Ms),
        Check("cold ≤ 10 s", cold is { } c && c.TotalSeconds <= TargetColdSeconds),
        Check("≤ 2 GB", bytes <= TargetBytes));

    private static string Check(string target, bool met) => $"{target} {(met ? "✅" : "❌")}";

    private static string Failures(HttpPass pass) => pass.Failures == 0 ? "" : $"; {pass.Failures} failed requests";

    private string Ratio(Latencies l)
    {
        var parts = new List<string>();
        if (Baseline is { } b) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{b.P99 / l.P99:N0}× faster (p99)"));
        if (DuckDb is { } d) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Queries.P99 / l.P99:N0}× DuckDB's p99"));
        return parts.Count == 0 ? "–" : string.Join("; ", parts);
    }

    private static string Millions(long n) => string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.0} M");

    private static string Ms(double? ms) => ms is { } v && !double.IsNaN(v) ? Latencies.Ms(v) : "–";
}
