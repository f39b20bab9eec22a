using System.Globalization;

namespace CivicTrack.Bench.Surge;

/// <summary>The surge's results as a dated Markdown section for docs/benchmarks.md.</summary>
public sealed class SurgeReport(SurgeOptions options)
{
    public const string Heading = "Deadline surge";

    public const string Introduction = """
        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- surge                  # 3,321 communes, 16 in flight, SQLite then PostgreSQL
        dotnet run -c Release --project bench/CivicTrack.Bench -- surge --quick          # 332 communes
        dotnet run -c Release --project bench/CivicTrack.Bench -- surge --concurrency 64
        ```

        Options: `--concurrency N` (requests in flight, default 16), `--quick` (332 communes), `--sqlite-only`,
        `--sqlite-wal` (the benchmark switches the SQLite file to write-ahead logging before the app opens it),
        `--app DIR` (an already built `CivicTrack.dll`), `--no-write` (print only). PostgreSQL runs when
        `CIVICTRACK_BENCH_POSTGRES` or `CIVICTRACK_TEST_POSTGRES` holds an administrator connection string; its
        database `civictrack_bench_surge` is created for the run and dropped after it, as is the SQLite file.

        **Set-up**, for each database: the app (Release build, child process, `Production` environment, no demo)
        migrates a fresh database through `create-admin`, which also makes the province root `T01` and an
        administrator; 3,321 communes (`X0001`…`X3321`, kind Commune) and 50 whole-number Sum data elements
        (`E001`…`E050`) are inserted in one transaction; the client signs in with `POST /api/auth/login` and
        defines the monthly form `BC-SURGE-THANG` through `POST /api/report-forms`: five sections of ten required
        fields, due rule `day:25`, no lock, one approval level, assigned to every unit of kind Commune.

        **Surge**: every commune submits its report for the current month (Viet Nam time) with one request,
        `POST /api/reports/BC-SURGE-THANG/{commune}/{month}/submit` with a body of 50 values
        (`{"values":[{"element":"E001","value":…}, …]}`, ≈ 1.8 KB), N requests in flight over kept-alive
        connections, after a warm-up of 200 submissions of the previous month. Measured: wall time, throughput
        (acknowledged submissions per second, and the slowest whole second), p50/p95/p99/max latency of the
        acknowledged requests (to the last byte of the answer), failures by status code; and CPU time of the
        app, the PostgreSQL backends serving it and the benchmark client, with the machine's busy share.

        **Exactly once**: after the surge the database is counted: submissions of the form and month in state
        Submitted, their `Submitted` workflow events, the data values of the month and their sum, against the
        acknowledged requests (each value is a function of commune, element and month, so the expected sum is
        known); and the set of communes stored as Submitted against the set acknowledged. Then 100 acknowledged
        reports are sent again, once with the same body and once without one, and the database counted again.

        **Targets** (SPEC §7): ≥ 500 submissions/s sustained, p99 ≤ 200 ms, none lost or doubled, on SQLite and
        PostgreSQL.
        """;

    public DateTime Started { get; init; }
    public string LoadAverageAtStart { get; init; } = "?";
    public string LoadAverageAtEnd { get; set; } = "?";
    public TimeSpan Elapsed { get; set; }
    public string Period { get; set; } = "?";
    public string WarmupPeriod { get; set; } = "?";
    public List<SurgeResult> Results { get; } = [];
    public List<string> Problems { get; } = [];

    public string Markdown()
    {
        var m = new List<string>
        {
            Inv($"### {Started:yyyy-MM-dd HH:mm} UTC — deadline surge{(options.Quick ? " (--quick)" : "")}"),
            "",
            $"- Machine: {Machine.Describe()}; 1-minute load average {LoadAverageAtStart} at the start, {LoadAverageAtEnd} at the end",
            Inv($"- Data: 1 province root, {(options.Quick ? 332 : 3_321):N0} communes, {SurgeData.ElementCount} elements; form `{SurgeData.FormCode}` (monthly, due day 25, 1 approval level); surge on {Period}, warm-up {SurgeBenchmark.WarmupCount} submissions of {WarmupPeriod}"),
            Inv($"- Client: {options.Concurrency} requests in flight, one request per commune; whole run {Elapsed.TotalMinutes:0.0} min"),
        };
        foreach (var r in Results.Where(r => r.ServerSettings is not null)) m.Add($"- {r.Provider}: {r.ServerSettings}");
        foreach (var r in Results.Where(r => r.Variant is not null)) m.Add($"- {r.Provider}: {r.Variant}");
        m.Add("");
        m.Add("| database | submissions | wall time | throughput | slowest whole second | p50 | p95 | p99 | max | failures | target |");
        m.Add("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results)
        {
            if (r.Surge is not { } s) { m.Add($"| {r.Provider} | – | – | – | – | – | – | – | – | {r.Problem} | ❌ |"); continue; }
            var l = s.Latencies;
            var met = s.Throughput >= 500 && (s.SlowestSecond ?? 500) >= 500;
            m.Add(Inv($"| {r.Provider} | {s.Acknowledged.Count:N0} of {s.Sent:N0} acknowledged | {s.Elapsed.TotalSeconds:0.00} s | **{s.Throughput:N0}/s** | {(s.SlowestSecond is { } w ? w.ToString("N0", CultureInfo.InvariantCulture) + "/s" : "–")} | {Latencies.Ms(l.P50)} | {Latencies.Ms(l.Percentile(0.95))} | **{Latencies.Ms(l.P99)}** | {Latencies.Ms(l.Max)} | {s.FailureText} | ≥ 500/s {(met ? "✅" : "❌")}, p99 ≤ 200 ms {(l.P99 <= 200 ? "✅" : "❌")}, exactly once {(r.ExactlyOnce(r.Counts) && r.ResendChangedNothing ? "✅" : "❌")} |"));
        }
        m.Add("");
        m.Add("| database | acknowledged | stored as Submitted (lost) | submit events | data values (50 × acknowledged) | sum of values = expected | resent 100 with the values | resent 100 without a body | after the resends |");
        m.Add("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results.Where(r => r.Surge is not null && r.Counts is not null))
        {
            var c = r.Counts!;
            var after = r.CountsAfterResend;
            m.Add(Inv($"| {r.Provider} | {r.Surge!.Acknowledged.Count:N0} | {c.Submitted:N0} ({r.Lost} lost) | {c.SubmitEvents:N0} | {c.Values:N0} (expected {(long)SurgeData.ElementCount * r.Surge.Acknowledged.Count:N0}) | {(c.ValueSum == r.ExpectedSum ? "yes" : $"no: {c.ValueSum:N0} vs {r.ExpectedSum:N0}")} | {(r.ResendWithValues is { } a ? SurgeBenchmark.Statuses(a) : "–")} | {(r.ResendWithoutBody is { } b ? SurgeBenchmark.Statuses(b) : "–")} | {(after is null ? "–" : r.ResendChangedNothing ? "unchanged" : $"changed: {after.Submitted:N0} Submitted, {after.SubmitEvents:N0} events, {after.Values:N0} values")} |"));
        }
        m.Add("");
        m.Add("| database | app CPU per submission | PostgreSQL backends' CPU per submission | client CPU per submission | machine busy during the surge | app resident after |");
        m.Add("|---|---|---|---|---|---|");
        foreach (var r in Results.Where(r => r.Surge is { Acknowledged.Count: > 0 }))
        {
            var n = (double)r.Surge!.Sent;
            m.Add(Inv($"| {r.Provider} | {r.AppCpu.TotalMilliseconds / n:0.00} ms | {(r.ServerCpu is { } sc ? (sc.TotalMilliseconds / n).ToString("0.00", CultureInfo.InvariantCulture) + " ms" : "– (in the app)")} | {r.ClientCpu.TotalMilliseconds / n:0.00} ms | {(r.MachineBusy is { } b ? (b * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "?")} | {Machine.Size(r.AppResident)} |"));
        }
        m.Add("");
        foreach (var r in Results)
        {
            if (r.Warmup is { } w)
                m.Add(Inv($"- {r.Provider} warm-up: {w.Acknowledged.Count} of {w.Sent} acknowledged in {w.Elapsed.TotalSeconds:0.00} s ({w.Throughput:N0}/s), p50 {Latencies.Ms(w.Latencies.P50)}, p99 {Latencies.Ms(w.Latencies.P99)}; failures {w.FailureText}."));
            if (r.Surge?.FirstFailure is { } f) m.Add($"- {r.Provider} first failure: `{f}`");
            if (r.ResendWithValues?.FirstFailure is { } rf) m.Add($"- {r.Provider} resend with the values, first answer other than 200: `{rf}`");
            if (r.Problem is not null) m.Add($"- {r.Provider} FAILED: {r.Problem}");
        }
        foreach (var p in Problems) m.Add($"- FAILED: {p}");
        return string.Join('\n', m) + "\n";
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
