using System.Globalization;

namespace CivicTrack.Bench.Synthesis;

/// <summary>The synthesized report's timings as a dated Markdown section for docs/benchmarks.md.</summary>
public sealed class SynthesisReport(SynthesisOptions options)
{
    public const string Heading = "Synthesized provincial report";

    public const string Introduction = """
        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- synthesis               # SQLite, then PostgreSQL when set
        dotnet run -c Release --project bench/CivicTrack.Bench -- synthesis --repeat 50
        ```

        Options: `--repeat N` (timed requests of each file after the first, default 20), `--sqlite-only`,
        `--app DIR`, `--no-write`. PostgreSQL runs when `CIVICTRACK_BENCH_POSTGRES` or `CIVICTRACK_TEST_POSTGRES`
        is set; its database `civictrack_bench_synthesis` is created for the run and dropped after it.

        **Set-up**, for each database: the app (Release build, child process, `Development` environment, since
        the demo province is never loaded in Production) starts on a fresh database, migrates it and loads the
        demo province; the client signs in as `manager@demo.local` (ProgrammeManager at the province, the
        password given through `Demo__Password`).

        **Measured**, one request at a time, to the last byte: the first request of each file, in this order, then
        N rounds of all four: `GET /api/synthesis/BC-CDS-THANG/2025-10.docx` and `.xlsx` (the monthly report of
        the commune digital-transformation form, with who reported and every commune's figures) and
        `GET /api/synthesis/programme/2025-10.docx` and `.xlsx` (plans, key indicators, reporting). Each answer
        is checked to be a Word document or an Excel workbook. *Word + Excel* adds the two files of one report.

        **Target** (SPEC §7): the synthesized provincial report (Word + Excel) ≤ 2 s.
        """;

    public DateTime Started { get; init; }
    public string LoadAverageAtStart { get; init; } = "?";
    public string LoadAverageAtEnd { get; set; } = "?";
    public TimeSpan Elapsed { get; set; }
    public List<SynthesisResult> Results { get; } = [];
    public List<string> Problems { get; } = [];

    public string Markdown()
    {
        var m = new List<string>
        {
            Inv($"### {Started:yyyy-MM-dd HH:mm} UTC — synthesized report"),
            "",
            $"- Machine: {Machine.Describe()}; 1-minute load average {LoadAverageAtStart} at the start, {LoadAverageAtEnd} at the end",
            Inv($"- Demo province, period {SynthesisBenchmark.Period}; first request of each file, then {options.Repeat} rounds of the four; whole run {Elapsed.TotalMinutes:0.0} min"),
            "",
            "| database | file | size | first request | median | p95 | max |",
            "|---|---|---|---|---|---|---|",
        };
        foreach (var r in Results)
        {
            if (r.Problem is not null && r.Timings.Count == 0) { m.Add($"| {r.Provider} | – | – | – | – | – | {r.Problem} |"); continue; }
            foreach (var t in r.Timings)
            {
                var l = t.Latencies;
                m.Add(Inv($"| {r.Provider} | `GET {t.Path}` | {Machine.Size(t.Bytes)} | {Latencies.Ms(t.FirstMs)} | {Latencies.Ms(l.P50)} | {Latencies.Ms(l.Percentile(0.95))} | {Latencies.Ms(l.Max)} |"));
            }
        }
        m.Add("");
        m.Add("| database | report | Word + Excel, first requests | Word + Excel, medians | Word + Excel, p95s | target ≤ 2 s |");
        m.Add("|---|---|---|---|---|---|");
        foreach (var r in Results)
            foreach (var pair in r.Timings.Chunk(2).Where(p => p.Length == 2))
            {
                var (word, excel) = (pair[0], pair[1]);
                var name = word.Path.Contains("/programme/", StringComparison.Ordinal) ? "programme" : SynthesisBenchmark.Form;
                var first = word.FirstMs + excel.FirstMs;
                var median = word.Latencies.P50 + excel.Latencies.P50;
                var p95 = word.Latencies.Percentile(0.95) + excel.Latencies.Percentile(0.95);
                m.Add(Inv($"| {r.Provider} | {name} {SynthesisBenchmark.Period} | {Latencies.Ms(first)} | {Latencies.Ms(median)} | **{Latencies.Ms(p95)}** | {(Math.Max(first, p95) <= 2000 ? "✅" : "❌")} |"));
            }
        m.Add("");
        foreach (var r in Results)
        {
            if (r.Timings.Count > 0)
                m.Add(Inv($"- {r.Provider}: the app started, migrated and loaded the demo province in {r.StartSeconds:0.0} s; app CPU {r.AppCpuMsPerRequest:0.0} ms per file."));
            if (r.Problem is not null) m.Add($"- {r.Provider} FAILED: {r.Problem}");
        }
        foreach (var p in Problems) m.Add($"- FAILED: {p}");
        return string.Join('\n', m) + "\n";
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
