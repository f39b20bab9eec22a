using System.Diagnostics;
using System.Globalization;
using CivicTrack.Engine.Analytics;

namespace CivicTrack.Bench.Analytics;

/// <summary>The national-scale dashboard query: the engine in process, the app over HTTP, and PostgreSQL's and
/// DuckDB's <c>GROUP BY ROLLUP</c> over the same values, in one run.</summary>
public static class AnalyticsBenchmark
{
    private const string AdminEmail = "bench@bench.local";
    private const int QuerySeed = 7, WarmupSeed = 8;
    private const string AppVariablePrefix = "CIVICTRACK_BENCH_APP_";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var total = Stopwatch.StartNew();
        var repository = Repository.Root();
        var report = new AnalyticsReport { Started = DateTime.UtcNow, LoadAverageAtStart = Machine.LoadAverage(), Options = options };
        Console.WriteLine($"CivicTrack analytics benchmark{(options.Quick ? " (--quick: a tenth of the units)" : "")}");
        Console.WriteLine($"  {Machine.Describe()}");

        var build = Stopwatch.StartNew();
        var data = new NationalData(options.Quick);
        var queries = QueryMix.Generate(data, options.Queries, QuerySeed);
        var warmup = QueryMix.Generate(data, Math.Min(1_000, options.Queries), WarmupSeed);
        report.Data = data;
        Console.WriteLine($"  {data.Units.Count:N0} units ({data.Provinces.Length} provinces, {data.Communes.Length:N0} communes, {data.Villages.Length:N0} villages), "
            + $"{data.Elements.Count} elements, {data.Indicators.Count} indicators, {data.ValueCount:N0} values; tree built in {build.Elapsed.TotalSeconds:0.0} s");

        Console.WriteLine("Engine (in process)");
        var engine = new EngineRun(data);
        report.Engine = engine.Run(warmup, queries);
        var store = engine.Store!;
        report.Explorer.AddRange(ExplorerMix.RunEngine(data, engine, store));

        // Cross-checks only where there is something to compare (a village before 2024 has no values).
        var agreements = Samples(queries, options.SqlSamples)
            .Select(q => (Query: q, Element: CheckElement(data, engine, q)))
            .Select(c => new Agreement(c.Query, c.Element, store.Get(c.Element, c.Query.UnitId, c.Query.Range).Value))
            .Where(a => a.Engine is not null)
            .Take(8).ToList();
        report.Agreements = agreements;

        if (options.Http)
        {
            try { await RunAppAsync(options, repository, data, queries, warmup, engine, store, agreements, report); }
            catch (BenchException e)
            {
                report.Problems.Add(e.Message);
                Console.WriteLine($"  FAILED: {e.Message}");
            }
        }
        else report.Notes.Add("HTTP and PostgreSQL runs skipped (--no-http).");

        if (options.DuckDb)
        {
            Console.WriteLine("DuckDB in process (GROUP BY ROLLUP over an in-memory table)");
            using var duck = new DuckDbBaseline(data);
            report.DuckDb = duck.Run(queries, engine, store, TimeSpan.FromSeconds(options.DuckDbBudgetSeconds));
            foreach (var a in agreements) a.DuckDb = duck.SumOf(a.Query, a.Element);
        }
        else report.Notes.Add("DuckDB baseline skipped (--no-duckdb).");

        report.Elapsed = total.Elapsed;
        ResultsFile.Publish(repository, options.Write, ResultsFile.AnalyticsHeading, "", report.Markdown());
        GC.KeepAlive(store);
        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task RunAppAsync(BenchOptions options, string repository, NationalData data, Query[] queries, Query[] warmup,
        EngineRun engine, ValueStore store, List<Agreement> agreements, AnalyticsReport report)
    {
        var work = Path.Combine(Path.GetTempPath(), "civictrack-bench");
        Directory.CreateDirectory(work);
        var step = Stopwatch.StartNew();
        string appDirectory;
        if (options.AppDirectory is { } given) appDirectory = given;
        else
        {
            Console.WriteLine("App: building src/CivicTrack in Release");
            appDirectory = await AppProcess.BuildAsync(repository, Path.Combine(work, "app"));
            Console.WriteLine($"  built in {step.Elapsed.TotalSeconds:0} s");
        }
        if (!File.Exists(Path.Combine(appDirectory, "CivicTrack.dll")))
            throw new BenchException($"No CivicTrack.dll in {appDirectory}.");

        var database = BenchDatabase.Choose(work);
        report.Database = database;
        if (database is not PostgresBenchDatabase) report.Notes.Add("No PostgreSQL (CIVICTRACK_BENCH_POSTGRES / CIVICTRACK_TEST_POSTGRES unset): the app ran on SQLite and the GROUP BY ROLLUP baseline was skipped.");
        Console.WriteLine($"Database: {database.Describe}");
        // The first start loads from the database (no snapshot yet) and writes the snapshot once settled; the second
        // starts from it.
        var snapshotFolder = Path.Combine(work, "snapshot");
        if (Directory.Exists(snapshotFolder)) Directory.Delete(snapshotFolder, recursive: true);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Load"] = "false",
            ["Database__Provider"] = database.Provider,
            ["ConnectionStrings__CivicTrack"] = database.AppConnectionString,
            ["Analytics__Snapshot__Directory"] = snapshotFolder,
        };
        // CIVICTRACK_BENCH_APP_X=v sets X=v for the app alone (a runtime or app setting to compare), not for this client.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string key && key.StartsWith(AppVariablePrefix, StringComparison.Ordinal) && key.Length > AppVariablePrefix.Length)
            {
                environment[key[AppVariablePrefix.Length..]] = e.Value as string ?? "";
                report.Notes.Add($"App environment: {key[AppVariablePrefix.Length..]}={e.Value}");
            }
        var pg = database as PostgresBenchDatabase;
        var password = "Bench-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "-x";
        var email = AdminEmail;
        step.Restart();
        if (options.ReuseDatabase && pg is not null && await pg.HoldsAsync(data))
        {
            // A new administrator for this run; the earlier run's password is not kept anywhere.
            email = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}@bench.local";
            await AppProcess.CreateAdminAsync(appDirectory, environment, email, password);
            Console.WriteLine($"  reusing the loaded database (--reuse-database); administrator {email} created");
            report.Notes.Add("The database was loaded by an earlier run with the same data set (--reuse-database).");
        }
        else
        {
            await database.ResetAsync();
            await AppProcess.CreateAdminAsync(appDirectory, environment, email, password);
            Console.WriteLine($"  migrated and created the administrator in {step.Elapsed.TotalSeconds:0.0} s");
            step.Restart();
            report.DatabaseLoad = await database.LoadAsync(data);
            if (pg is not null) await pg.CreateUnitMapAsync(data);
            Console.WriteLine($"  bulk load done in {step.Elapsed.TotalSeconds:0} s");
        }
        if (pg is not null) report.PostgresVersion = pg.ServerDescription();

        var samples = Samples(queries, options.SqlSamples);

        Console.WriteLine("App over HTTP");
        var log = Path.Combine(work, "app.log");
        await using (var app = await AppProcess.StartAsync(appDirectory, environment, log))
        using (var http = new HttpRun(app.Address, data))
        {
            await http.SignInAsync(email, password);
            var cpuBefore = app.CpuTime();
            var cold = Stopwatch.StartNew();
            using (await http.GetAsync(http.PathOf(queries[0]), QueryMix.IndicatorsPerQuery)) { }
            report.HttpColdLoad = cold.Elapsed;
            report.AppColdCpu = app.CpuTime() - cpuBefore;
            report.AppStoreLoadMs = await app.StoreLoadMsAsync(TimeSpan.FromSeconds(5));
            report.AppResidentAfterLoad = app.ResidentBytes();
            Console.WriteLine($"  first request (cold load from the database) {cold.Elapsed.TotalSeconds:0.0} s; the app logged {report.AppStoreLoadMs?.ToString(CultureInfo.InvariantCulture) ?? "?"} ms for its store; resident {Machine.Size(report.AppResidentAfterLoad)}");

            foreach (var a in agreements)
            {
                var q = a.Query;
                var code = data.Elements[a.Element - 1].Code;
                using var one = await http.GetAsync(HttpRun.PathOf(code, q), 1);
                a.Http = HttpRun.CellValue(one, code);
                using var all = await http.GetAsync(http.PathOf(q), QueryMix.IndicatorsPerQuery);
                var expected = engine.Answer(store, q);
                for (var i = 0; i < q.Indicators.Length; i++)
                {
                    var got = HttpRun.CellValue(all, data.Indicators[q.Indicators[i] - 1].Code);
                    var want = expected[i].Value is { } v ? Math.Round(v, 2) : (double?)null;
                    a.IndicatorsCompared++;
                    if (Same(want, got)) a.IndicatorsAgreeing++;
                }
            }

            await WarmUpAsync(app, http, warmup, report);
            var cpu = app.CpuTime();
            var client1 = CpuTimes.Self();
            report.Http1 = await http.RunAsync(queries, 1);
            report.Http1.AppCpuMsPerRequest = (app.CpuTime() - cpu).TotalMilliseconds / queries.Length;
            report.Http1.ClientCpuMsPerRequest = (CpuTimes.Self() - client1).TotalMilliseconds / queries.Length;
            Console.WriteLine($"  concurrency 1: {report.Http1.Latencies}, {report.Http1.PerSecond:N0} req/s, app CPU {report.Http1.AppCpuMsPerRequest:0.00} ms/request, client CPU {report.Http1.ClientCpuMsPerRequest:0.00} ms/request");
            cpu = app.CpuTime();
            var client4 = CpuTimes.Self();
            report.Http4 = await http.RunAsync(queries, 4);
            report.Http4.AppCpuMsPerRequest = (app.CpuTime() - cpu).TotalMilliseconds / queries.Length;
            report.Http4.ClientCpuMsPerRequest = (CpuTimes.Self() - client4).TotalMilliseconds / queries.Length;
            Console.WriteLine($"  concurrency 4: {report.Http4.Latencies}, {report.Http4.PerSecond:N0} req/s, app CPU {report.Http4.AppCpuMsPerRequest:0.00} ms/request, client CPU {report.Http4.ClientCpuMsPerRequest:0.00} ms/request");
            await ExplorerMix.RunHttpAsync(http, data, report.Explorer);
            report.AppResidentAfterRuns = app.ResidentBytes();
            report.AppPeakResident = app.PeakResidentBytes();
            await WaitForSnapshotAsync(snapshotFolder, TimeSpan.FromMinutes(3));
        }
        report.AppLog = log;

        if (Directory.Exists(snapshotFolder) && Directory.EnumerateFiles(snapshotFolder, "*.snapshot").Concat(Directory.EnumerateFiles(snapshotFolder, "*.analytics")).FirstOrDefault() is { } snapshotFile)
        {
            Console.WriteLine("App restarted, from the analytics snapshot");
            report.SnapshotBytes = new FileInfo(snapshotFile).Length;
            await using var again = await AppProcess.StartAsync(appDirectory, environment, Path.Combine(work, "app-restart.log"));
            using var http = new HttpRun(again.Address, data);
            await http.SignInAsync(email, password);
            var cold = Stopwatch.StartNew();
            using (await http.GetAsync(http.PathOf(queries[0]), QueryMix.IndicatorsPerQuery)) { }
            report.SnapshotColdLoad = cold.Elapsed;
            report.SnapshotStoreLoadMs = await again.StoreLoadMsAsync(TimeSpan.FromSeconds(5));
            Console.WriteLine($"  first request (cold load from the snapshot, {Machine.Size(report.SnapshotBytes.Value)}) {cold.Elapsed.TotalSeconds:0.0} s; the app logged {report.SnapshotStoreLoadMs?.ToString(CultureInfo.InvariantCulture) ?? "?"} ms for its store");
            foreach (var (q, element) in agreements.Select(a => (a.Query, a.Element)))
            {
                var code = data.Elements[element - 1].Code;
                using var one = await http.GetAsync(HttpRun.PathOf(code, q), 1);
                report.SnapshotAnswersCompared++;
                if (Same(store.Get(element, q.UnitId, q.Range).Value, HttpRun.CellValue(one, code))) report.SnapshotAnswersAgreeing++;
            }
            if (report.SnapshotAnswersAgreeing != report.SnapshotAnswersCompared)
                report.Problems.Add($"After the restart from the snapshot, {report.SnapshotAnswersCompared - report.SnapshotAnswersAgreeing} of {report.SnapshotAnswersCompared} answers differ.");
        }
        else report.Notes.Add("The app wrote no analytics snapshot within three minutes of its runs: the start from a snapshot was not measured.");

        if (database is PostgresBenchDatabase postgres)
        {
            Console.WriteLine($"PostgreSQL GROUP BY ROLLUP baseline ({samples.Length} of the queries)");
            var baseline = new RollupBaseline(postgres, data);
            var (latencies, rows) = baseline.Run(samples, TimeSpan.FromSeconds(options.SqlBudgetSeconds));
            if (latencies.Count < samples.Length)
                report.Notes.Add($"The baseline's time budget ({options.SqlBudgetSeconds} s) ran out after {latencies.Count} of {samples.Length} planned queries (--sql-budget raises it).");
            report.Baseline = latencies;
            report.BaselineRows = rows;
            Console.WriteLine($"  {latencies}, {rows:N0} result rows in all");
            using var db = postgres.Open();
            foreach (var a in agreements)
            {
                var (totals, _) = baseline.Answer(db, a.Query, [a.Element]);
                a.Sql = totals.TryGetValue(a.Element, out var t) ? t.Value(AggregationType.Sum) : null;
            }
        }
    }

    /// <summary>Warm-up rounds (one at a time, then four at a time, alternately) until a round leaves the app's tiered
    /// compiler nearly idle: until then the runtime is still compiling the request path again, optimised, and a lone
    /// request waits for a core behind it.</summary>
    private static async Task WarmUpAsync(AppProcess app, HttpRun http, Query[] warmup, AnalyticsReport report)
    {
        const int MaxRounds = 12;
        var quiet = TimeSpan.FromMilliseconds(10);
        var requests = 0;
        TimeSpan? last = null;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < MaxRounds; round++)
        {
            var before = app.CompilerCpu();
            var pass = await http.RunAsync(warmup, round % 2 == 0 ? 1 : 4);
            requests += pass.Latencies.Count;
            // A short pause lets the compiler's delayed batch (after 100 ms without new methods) start within the round.
            await Task.Delay(250);
            last = app.CompilerCpu() - before;
            if (last is null || last < quiet && round >= 1) break;
        }
        report.WarmupRequests = requests;
        report.WarmupCompilerCpu = last;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up {requests:N0} requests in {watch.Elapsed.TotalSeconds:0.0} s; the app's tiered compiler used {last?.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) ?? "?"} ms CPU in the last round"));
    }

    /// <summary>Waits until the app has written its analytics snapshot (it does once no value has been written for a while).</summary>
    private static async Task WaitForSnapshotAsync(string folder, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < patience)
        {
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(f => f.EndsWith(".snapshot", StringComparison.Ordinal) || f.EndsWith(".analytics", StringComparison.Ordinal)))
                return;
            await Task.Delay(250);
        }
    }

    /// <summary>Evenly spread over the run, so every level and range length is represented.</summary>
    public static Query[] Samples(Query[] queries, int count)
    {
        count = Math.Clamp(count, 1, queries.Length);
        var stride = queries.Length / count;
        return [.. Enumerable.Range(0, count).Select(i => queries[i * stride])];
    }

    /// <summary>A Sum element the query reads that has data at the unit's level.</summary>
    private static int CheckElement(NationalData data, EngineRun engine, Query q)
    {
        var village = q.Level == 3;
        var candidates = data.Elements.Where(e => e.Aggregation == AggregationType.Sum && NationalData.IsVillageElement(e.Id) == village).ToList();
        var read = q.Indicators.SelectMany(i => engine.Formulas[i - 1].References).ToHashSet(StringComparer.Ordinal);
        return (candidates.FirstOrDefault(e => read.Contains(e.Code)) ?? candidates[q.UnitId % candidates.Count]).Id;
    }

    public static bool Same(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 1e-9 * Math.Max(1, Math.Abs(a.Value));
}

/// <summary>One cross-check: a Sum element for a query's unit and range, from each path that ran.</summary>
public sealed class Agreement(Query query, int element, double? engine)
{
    public Query Query { get; } = query;
    public int Element { get; } = element;
    public double? Engine { get; } = engine;
    public double? Http { get; set; }
    public double? Sql { get; set; }
    public double? DuckDb { get; set; }
    public int IndicatorsCompared { get; set; }
    public int IndicatorsAgreeing { get; set; }
}
