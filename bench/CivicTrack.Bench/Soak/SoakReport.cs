using System.Globalization;
using System.Text;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Soak;

/// <summary>The soak's results as a dated Markdown section for docs/benchmarks.md, with its verdicts.</summary>
public sealed class SoakReport(SoakOptions options)
{
    public const string Heading = "Soak";

    /// <summary>Resident memory may grow by this much per minute for itself, plus <see cref="BytesPerStoredValue"/> for each value the run adds.</summary>
    public const double ResidentAllowanceMbPerMinute = 2;
    /// <summary>Twice what the analytics store keeps per value in memory (about 32 B, see the dashboard query section).</summary>
    public const double BytesPerStoredValue = 64;
    public const double HandlesPerMinute = 1, ThreadsPerMinute = 0.5, P99Growth = 1.5;

    public const string Introduction = """
        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- soak                          # 30 min at 500 operations/s, SQLite then PostgreSQL
        dotnet run -c Release --project bench/CivicTrack.Bench -- soak --minutes 2 --quick --rate 50
        ```

        Options: `--minutes N` (default 30, per database), `--rate N` (operations per second offered across the mix,
        default 500, the surge target), `--in-flight N` (at most N requests outstanding, default 64), `--quick` (332
        communes instead of 3,321), `--sqlite-only`, `--app DIR` (an already built `CivicTrack.dll`), `--no-write`
        (print only). PostgreSQL runs when `CIVICTRACK_BENCH_POSTGRES` or `CIVICTRACK_TEST_POSTGRES` holds an
        administrator connection string; its database `civictrack_bench_soak` is created for the run and dropped after
        it, as is the SQLite file. Every 10 s sample is also written to `soak-<database>.csv` in the temporary folder
        `civictrack-bench`, with the p50/p99 of each operation kind in that 10 s.

        **Set-up**, as for the deadline surge: the app (Release build, child process, `Production`, no demo) migrates a
        fresh database through `create-admin` (province root `T01`, an administrator); 3,321 communes and the 50 monthly
        elements `E001`…`E050` are inserted, with 10 more whole-number elements `D001`…`D010`; the client signs in and
        defines through the API the monthly form `BC-SURGE-THANG` (50 required fields) and a quarterly form
        `BC-SOAK-QUY` (the 10 `D` elements, optional), both assigned to every commune. For the imports, 10 communes get
        a draft of `BC-SOAK-QUY` for the previous quarter, its Excel template is downloaded, the draft is then saved
        with other values and the template imported once, so that the file sent during the run matches what is stored.

        **Load**: an open-loop schedule: operation *i* is due at *i* / rate seconds whether or not the app has answered
        the ones before, so a slow app shows as latency, measured from when the operation was due to the last byte of
        its answer (a request waiting for one of the N slots keeps its due time); operations still unsent when the time
        is up are counted, not hidden. Of every 20 operations:

        - 8 **submissions** `POST /api/reports/BC-SURGE-THANG/{commune}/{month}/submit` with 50 values: each commune
          for the current month, then each for the month before, and so on, so no report is submitted twice;
        - 5 **draft saves** `PUT /api/reports/BC-SOAK-QUY/{commune}/{quarter}` of 10 values that change with every save;
        - 3 **analytics** reads `GET /api/analytics` of five elements over 12 months, for the province or one commune;
        - 2 **explorer** reads `GET /api/explore` of ten elements × 12 months for one commune;
        - 1 **reporting-rates** read `GET /api/reporting-rates` of the monthly form for the province (the dashboard's completeness);
        - 1 **import** `POST /api/reports/BC-SOAK-QUY/{commune}/{quarter}/import` of one of the 10 workbooks, each the same
          every time (a repeated import changes nothing).

        **Measured**: every 10 s the app's resident memory (`VmRSS` in `/proc/PID/status`), its open file descriptors
        (`/proc/PID/fd`) and threads (`/proc/PID/task`) — the managed heap is not visible from outside the process
        without diagnostics tooling, so resident memory stands for it — and the requests done and failed; per kind,
        the operations, answers other than 2xx by status, p50/p99/max from the due time and p99 from the send; p50/p99
        of each stability window (5 minutes after a 2-minute warm-up; for a run under 10 minutes 30 s windows after a
        quarter of the run; an operation counts in the window in which it was answered, so an app falling behind shows
        as latency growing from window to window); the least-squares slope per minute of resident memory, descriptors
        and threads over the samples after the warm-up (with the resident slope divided by the values the run adds per
        minute), and the descriptors by kind (sockets, files, pipes…) before and after the load, to tell a leak from a
        pool filling up. At the end the database is counted as for the surge: every acknowledged submission
        stored once as Submitted with one `Submitted` event and its 50 values (their sum known), nothing stored that
        was not acknowledged; each commune's draft equal to its last acknowledged save; each imported report's values
        and last-change time as before the run.

        **Targets**: the offered rate held (≥ 95 % of the rate achieved, ≤ 0.1 % left unsent); 0 errors; flat
        resources after the warm-up: resident memory ≤ 2 MB/min plus 64 B per value the run adds per minute (twice the
        analytics store's ≈ 32 B per value: a growing data set legitimately grows the store), descriptors ≤ 1/min,
        threads ≤ 0.5/min; p99 stable: the last window's p99 ≤ 1.5 × the first window's after the warm-up; exactly once.
        """;

    public DateTime Started { get; init; }
    public string LoadAverageAtStart { get; init; } = "?";
    public string LoadAverageAtEnd { get; set; } = "?";
    public TimeSpan Elapsed { get; set; }
    public string? Commit { get; set; }
    public List<SoakResult> Results { get; } = [];
    public List<string> Problems { get; } = [];

    /// <summary>The stability windows of a run: [start, end) in seconds, the warm-up first. Operations fall in the window in
    /// which they were answered, so an app falling behind shows as growing latency in the later windows.</summary>
    public List<(double Start, double End, bool Warmup)> Windows(SoakRun run)
    {
        var total = Math.Max(run.Scheduled / options.Rate, run.Elapsed.TotalSeconds) + 0.001;
        var warmup = Math.Min(options.Warmup.TotalSeconds, total);
        var list = new List<(double, double, bool)> { (0, warmup, true) };
        for (var start = warmup; start < total - 1e-9; start += options.Window.TotalSeconds)
            list.Add((start, Math.Min(total, start + options.Window.TotalSeconds), false));
        // A last piece shorter than half a window joins the one before.
        if (list.Count > 2 && list[^1].Item2 - list[^1].Item1 < options.Window.TotalSeconds / 2)
        {
            var last = list[^1];
            list.RemoveAt(list.Count - 1);
            list[^1] = (list[^1].Item1, last.Item2, false);
        }
        return list;
    }

    /// <summary>Least-squares slope per minute of a series over the samples after the warm-up; null with fewer than three.</summary>
    public double? Slope(SoakRun run, Func<SoakSample, double> value)
    {
        var points = run.Samples.Where(s => s.Seconds >= options.Warmup.TotalSeconds).Select(s => (X: s.Seconds / 60, Y: value(s))).ToList();
        if (points.Count < 3) return null;
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? null : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }

    /// <summary>Values the run adds per minute after the warm-up: 50 for each acknowledged submission.</summary>
    public double ValuesPerMinute(SoakResult r)
    {
        var run = r.Run!;
        var warmup = options.Warmup.TotalSeconds;
        long count = 0;
        for (long i = 0; i < run.Started; i++)
            if (SoakMix.KindOf(i) == SoakKind.Submit && SoakRun.Ok(run.Ops[i].Status) && run.Ops[i].Done >= warmup) count++;
        var minutes = (run.Elapsed.TotalSeconds - warmup) / 60;
        return minutes <= 0 ? 0 : count * SurgeData.ElementCount / minutes;
    }

    public double ResidentAllowance(SoakResult r) => ResidentAllowanceMbPerMinute + BytesPerStoredValue * ValuesPerMinute(r) / (1 << 20);

    /// <summary>p99 (from the due time) of the first window after the warm-up and of the last.</summary>
    public (double First, double Last)? Stability(SoakResult r)
    {
        var windows = Windows(r.Run!).Where(w => !w.Warmup).ToList();
        if (windows.Count < 2) return null;
        double P99((double Start, double End, bool) w) => r.Latency((_, op) => op.Done >= w.Start && op.Done < w.End).P99;
        return (P99(windows[0]), P99(windows[^1]));
    }

    /// <summary>The 10 s samples with each kind's p50/p99 in the 10 s before, as CSV.</summary>
    public static string Csv(SoakResult r)
    {
        var run = r.Run!;
        var kinds = SoakMix.Kinds.Count;
        // Each answered operation into the sample interval it was answered in, by kind.
        var ends = run.Samples.Select(s => s.Seconds).ToArray();
        var buckets = new List<long>[ends.Length, kinds];
        for (long i = 0; i < run.Started; i++)
        {
            var op = run.Ops[i];
            if (op.Status == 0) continue;
            var at = Array.BinarySearch(ends, (double)op.Done);
            if (at < 0) at = ~at;
            if (at >= ends.Length) at = ends.Length - 1;
            (buckets[at, (int)SoakMix.KindOf(i)] ??= []).Add((long)((op.Done - op.Due) * System.Diagnostics.Stopwatch.Frequency));
        }
        var csv = new StringBuilder("seconds,resident_mb,fds,threads,app_cpu_s,done,errors");
        foreach (var k in SoakMix.Kinds) csv.Append(CultureInfo.InvariantCulture, $",{k}_n,{k}_p50_ms,{k}_p99_ms");
        csv.Append('\n');
        for (var n = 0; n < ends.Length; n++)
        {
            var s = run.Samples[n];
            csv.Append(CultureInfo.InvariantCulture, $"{s.Seconds:0.0},{s.Resident / (double)(1 << 20):0.0},{s.Handles},{s.Threads},{s.AppCpu.TotalSeconds:0.0},{s.Done},{s.Errors}");
            for (var k = 0; k < kinds; k++)
            {
                var l = new Latencies(buckets[n, k] ?? []);
                csv.Append(CultureInfo.InvariantCulture, $",{l.Count},{l.P50:0.00},{l.P99:0.00}");
            }
            csv.Append('\n');
        }
        return csv.ToString().Replace("NaN", "", StringComparison.Ordinal);
    }

    public string Markdown()
    {
        var m = new List<string>
        {
            Inv($"### {Started:yyyy-MM-dd HH:mm} UTC — soak, {options.Minutes:0.##} min at {options.Rate:0.##} operations/s{(options.Quick ? " (--quick)" : "")}"),
            "",
            $"- Machine: {Machine.Describe()}; 1-minute load average {LoadAverageAtStart} at the start, {LoadAverageAtEnd} at the end",
            Inv($"- App: {(Commit is null ? "" : $"commit {Commit}, ")}Release build, child process; client: open loop at {options.Rate:0.##}/s, at most {options.InFlight} in flight; warm-up {options.Warmup.TotalMinutes:0.##} min, windows of {options.Window.TotalMinutes:0.##} min; whole run {Elapsed.TotalMinutes:0.0} min"),
            Inv($"- Data: 1 province root, {options.CommuneCount:N0} communes, {SurgeData.ElementCount} + {SoakMix.DraftElementCount} elements; forms `{SurgeData.FormCode}` (monthly) and `{SoakMix.DraftForm}` (quarterly)"),
        };
        foreach (var r in Results.Where(r => r.ServerSettings is not null)) m.Add($"- {r.Provider}: {r.ServerSettings}");
        m.Add("");

        m.Add("| database | kind | share | scheduled | sent | 2xx | errors | p50 | p99 | max | p99 from send | achieved |");
        m.Add("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results.Where(r => r.Run is not null))
        {
            var run = r.Run!;
            foreach (var kind in SoakMix.Kinds)
            {
                long scheduled = 0, sent = 0, ok = 0;
                for (long i = 0; i < run.Scheduled; i++)
                {
                    if (SoakMix.KindOf(i) != kind) continue;
                    scheduled++;
                    if (run.Ops[i].Status != 0) sent++;
                    if (SoakRun.Ok(run.Ops[i].Status)) ok++;
                }
                var l = r.Latency((i, _) => SoakMix.KindOf(i) == kind);
                var s = r.Latency((i, _) => SoakMix.KindOf(i) == kind, fromDue: false);
                m.Add(Inv($"| {r.Provider} | {kind} | {SoakMix.Share(kind) * 100:0} % | {scheduled:N0} | {sent:N0} | {ok:N0} | {ErrorText(r.Errors(kind))} | {Latencies.Ms(l.P50)} | {Latencies.Ms(l.P99)} | {Latencies.Ms(l.Max)} | {Latencies.Ms(s.P99)} | {ok / run.Elapsed.TotalSeconds:0.0}/s |"));
            }
            var all = r.Latency((_, _) => true);
            var allSent = r.Latency((_, _) => true, fromDue: false);
            m.Add(Inv($"| {r.Provider} | **all** | 100 % | {run.Scheduled:N0} | {run.Started:N0} | {run.Started - r.ErrorCount:N0} | {ErrorText(r.Errors())} | {Latencies.Ms(all.P50)} | **{Latencies.Ms(all.P99)}** | {Latencies.Ms(all.Max)} | {Latencies.Ms(allSent.P99)} | **{(run.Started - r.ErrorCount) / run.Elapsed.TotalSeconds:0.0}/s** |"));
        }
        m.Add("");

        m.Add("| database | window (answered in) | operations | achieved | p50 | p99 | p99 submit | p99 save | p99 reads | p99 import | resident at the end | fds | threads |");
        m.Add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results.Where(r => r.Run is not null))
        {
            var run = r.Run!;
            foreach (var (start, end, warm) in Windows(run))
            {
                bool In(SoakOp op) => op.Done >= start && op.Done < end;
                var l = r.Latency((_, op) => In(op));
                double P99(params SoakKind[] kinds) => r.Latency((i, op) => In(op) && kinds.Contains(SoakMix.KindOf(i))).P99;
                var sample = run.Samples.Where(s => s.Seconds <= end + 1).LastOrDefault();
                m.Add(Inv($"| {r.Provider} | {Minutes(start)}–{Minutes(end)}{(warm ? " (warm-up)" : "")} | {l.Count:N0} | {l.Count / (end - start):0.0}/s | {Latencies.Ms(l.P50)} | **{Latencies.Ms(l.P99)}** | {Latencies.Ms(P99(SoakKind.Submit))} | {Latencies.Ms(P99(SoakKind.Save))} | {Latencies.Ms(P99(SoakKind.Analytics, SoakKind.Explore, SoakKind.Rates))} | {Latencies.Ms(P99(SoakKind.Import))} | {(sample is null ? "?" : Machine.Size(sample.Resident))} | {sample?.Handles} | {sample?.Threads} |"));
            }
        }
        m.Add("");

        m.Add("| database | resident slope | allowed | descriptors slope | threads slope | resident first → last sample | values added | resident growth per value added | app CPU per operation |");
        m.Add("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results.Where(r => r.Run is not null))
        {
            var run = r.Run!;
            var rss = Slope(run, s => s.Resident / (double)(1 << 20));
            var fds = Slope(run, s => s.Handles);
            var threads = Slope(run, s => s.Threads);
            var after = run.Samples.Where(s => s.Seconds >= options.Warmup.TotalSeconds).ToList();
            m.Add(Inv($"| {r.Provider} | **{Signed(rss, "0.00")} MB/min** | ≤ {ResidentAllowance(r):0.00} MB/min | **{Signed(fds, "0.00")}/min** | **{Signed(threads, "0.00")}/min** | {(after.Count == 0 ? "?" : $"{Machine.Size(after[0].Resident)} → {Machine.Size(after[^1].Resident)}")} | {ValuesPerMinute(r):N0}/min | {(rss is { } g && ValuesPerMinute(r) > 0 ? Signed(g * (1 << 20) / ValuesPerMinute(r), "0") + " B" : "–")} | {run.AppCpu.TotalMilliseconds / Math.Max(1, run.Started):0.00} ms |"));
        }
        m.Add("");

        foreach (var r in Results)
        {
            if (r.Run is null) { m.Add($"- **{r.Provider}: FAILED**: {r.Problem}"); continue; }
            m.Add($"- **{r.Provider} verdicts**: {string.Join("; ", Verdicts(r).Select(v => $"{v.Name} {(v.Met ? "✅" : "❌")} ({v.Detail})"))}.");
            if (r.Counts is not null)
            {
                r.ExactlyOnce(out var why);
                var (checkedDrafts, equal) = r.DraftsAsSaved();
                m.Add($"- {r.Provider} database: {why}; drafts equal to their last acknowledged save: {equal:N0} of {checkedDrafts:N0}, quarterly reports other than Draft: {r.Counts.DraftsNotDraft}; imported reports unchanged by the run's imports: {r.ImportsUnchanged} of {r.Mix!.Imports.Count}{(r.ImportChange is null ? "" : $" ({r.ImportChange})")}.");
            }
            foreach (var (kind, failure) in r.Run.FirstFailures.OrderBy(f => f.Key)) m.Add($"- {r.Provider} first {kind} failure: `{failure}`");
            m.Add($"- {r.Provider} descriptors before the load: {r.HandlesAtStart}; after it: {r.HandlesAtEnd}.");
            if (r.Run.Exceptions.Count > 0) m.Add($"- {r.Provider} failures without an answer: {string.Join(", ", r.Run.Exceptions.Select(e => $"{e.Key} × {e.Value}"))}");
            m.Add(Inv($"- {r.Provider}: app resident {(r.ResidentAtStart is { } s0 ? Machine.Size(s0) : "?")} before the load; client CPU {r.ClientCpu.TotalSeconds:0} s; machine busy {(r.MachineBusy is { } b ? (b * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "?")} during the run."));
            if (r.Problem is not null) m.Add($"- {r.Provider} FAILED: {r.Problem}");
        }
        foreach (var p in Problems) m.Add($"- FAILED: {p}");
        return string.Join('\n', m) + "\n";
    }

    public IEnumerable<(string Name, bool Met, string Detail)> Verdicts(SoakResult r)
    {
        var run = r.Run!;
        var achieved = (run.Started - r.ErrorCount) / run.Elapsed.TotalSeconds;
        yield return ("rate held", r.Unsent <= run.Scheduled / 1000 && achieved >= 0.95 * options.Rate,
            Inv($"{achieved:0.0}/s of {options.Rate:0.##}/s, {r.Unsent:N0} left unsent"));
        yield return ("0 errors", r.ErrorCount == 0, r.ErrorCount == 0 ? "none" : ErrorText(r.Errors()));
        var rss = Slope(run, s => s.Resident / (double)(1 << 20));
        var fds = Slope(run, s => s.Handles);
        var threads = Slope(run, s => s.Threads);
        var allowance = ResidentAllowance(r);
        yield return ("flat", rss <= allowance && fds <= HandlesPerMinute && threads <= ThreadsPerMinute,
            Inv($"resident {Signed(rss, "0.00")} MB/min ≤ {allowance:0.00}, descriptors {Signed(fds, "0.00")}/min ≤ {HandlesPerMinute}, threads {Signed(threads, "0.00")}/min ≤ {ThreadsPerMinute}"));
        if (Stability(r) is { } st)
            yield return ("p99 stable", st.Last <= P99Growth * st.First, $"last window {Latencies.Ms(st.Last)} vs first after warm-up {Latencies.Ms(st.First)}, ≤ {P99Growth}×");
        else yield return ("p99 stable", false, "fewer than two windows after the warm-up");
        if (r.Counts is not null)
        {
            var once = r.ExactlyOnce(out _);
            var (checkedDrafts, equal) = r.DraftsAsSaved();
            var imports = r.ImportsUnchanged == r.Mix!.Imports.Count;
            yield return ("exactly once", once && equal == checkedDrafts && r.Counts.DraftsNotDraft == 0 && imports,
                once ? $"submissions ✓, drafts {equal}/{checkedDrafts}, imports unchanged {r.ImportsUnchanged}/{r.Mix.Imports.Count}" : "submissions do not match, see below");
        }
    }

    private static string ErrorText(IDictionary<string, int> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.Select(e => $"{e.Key} × {e.Value:N0}"));

    private static string Minutes(double seconds) => seconds % 60 == 0
        ? (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min"
        : (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min";

    private static string Signed(double? value, string format) =>
        value is not { } v ? "?" : (v >= 0 ? "+" : "−") + Math.Abs(v).ToString(format, CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
