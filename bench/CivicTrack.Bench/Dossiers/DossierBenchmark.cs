using System.Diagnostics;
using System.Globalization;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;
using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Bench.Dossiers;

/// <summary>Dossier ingest at scale: CivicTrack's parse + aggregate and its end-to-end import against DuckDB and
/// PostgreSQL on the same generated file, in one run.</summary>
public static class DossierBenchmark
{
    public static async Task<int> RunAsync(DossierOptions options)
    {
        var total = Stopwatch.StartNew();
        var repository = Repository.Root();
        var report = new DossierReport(options) { Started = DateTime.UtcNow, LoadAverageAtStart = Machine.LoadAverage(), Commit = Repository.Commit(repository) };
        Console.WriteLine(Inv($"CivicTrack dossier ingest, {options.Rows:N0} rows"));
        Console.WriteLine($"  {Machine.Describe()}; load average {report.LoadAverageAtStart}");
        var work = Path.Combine(Path.GetTempPath(), "civictrack-bench", "dossiers");
        Directory.CreateDirectory(work);
        var full = Path.Combine(work, Inv($"dossiers-{options.Rows}.csv"));
        var changed = Path.Combine(work, Inv($"dossiers-{options.Rows}-changed.csv"));
        var generated = full + ".done";
        var admin = options.SqliteOnly ? null : PostgresAdmin();
        try
        {
            var units = DossierData.DemoUnits(repository);
            var data = new DossierData(units);
            if (!(File.Exists(generated) && File.Exists(full) && File.Exists(changed)))
            {
                File.Delete(generated);
                var watch = Stopwatch.StartNew();
                var differ = data.Write(options.Rows, full, changed);
                File.WriteAllText(generated, differ.ToString(CultureInfo.InvariantCulture));
                Console.WriteLine(Inv($"Generated {Machine.Size(new FileInfo(full).Length)} and the 1%-changed copy ({differ:N0} rows differ) in {watch.Elapsed.TotalSeconds:0.0} s"));
            }
            else Console.WriteLine($"Reusing {full}");
            report.Data = Inv($"{options.Rows:N0} rows, {Machine.Size(new FileInfo(full).Length)} ({new FileInfo(full).Length / (double)options.Rows:0} bytes a row); {units.Count} handling units ({units.Count(u => u.Kind == "Department")} departments, {units.Count(u => u.Kind == "Commune")} communes, {units.Count(u => u.Kind == "Ward")} wards), {data.Procedures.Length} procedures, {DossierData.Sectors.Length} sectors; seed {DossierData.Seed}; {File.ReadAllText(generated)} rows changed in the second file");

            // a. The engine alone.
            var registry = new DictionaryUnits(DossierData.DemoCodes(repository));
            Console.WriteLine("CivicTrack parse + aggregate");
            var engine = EngineIngest.Run(full, registry, out var aggregator);
            report.Engine = engine;
            report.Stages.Add(engine);
            var totals = DossierTotals.Of(aggregator, DossierMonths.Of(2024, 1), DossierMonths.Of(2026, 12));
            engine.Totals = totals;
            Print(engine);
            foreach (var year in totals.Years())
            {
                Console.WriteLine($"  {year}");
                report.Years.Add(year);
            }

            // b. DuckDB in this process.
            Console.WriteLine("DuckDB read_csv + GROUP BY");
            var duck = await Measure("DuckDB read_csv + GROUP BY (in process)", () => DuckDbIngest.RunAsync(full, Path.Combine(work, "dossiers.duckdb"), engine.Rows));
            report.DuckDb = duck;
            report.Stages.Add(duck);
            Print(duck);
            Agree(report, "DuckDB", totals, duck);
            File.Delete(Path.Combine(work, "dossiers.duckdb"));

            // c. PostgreSQL COPY.
            if (admin is not null)
            {
                var pg = new PostgresBenchDatabase(admin, PostgresIngest.DatabaseName);
                Console.WriteLine($"PostgreSQL COPY + GROUP BY: {pg.Describe}");
                var copy = await Measure("PostgreSQL COPY + GROUP BY", () => PostgresIngest.RunAsync(pg, full, engine.Rows));
                report.Stages.Add(copy);
                Print(copy);
                Agree(report, "PostgreSQL", totals, copy);
                await SurgeBenchmark.DropAsync(pg);
            }
            else report.Stages.Add(new DossierStage("PostgreSQL COPY + GROUP BY") { Skipped = options.SqliteOnly ? "--sqlite-only" : "no PostgreSQL set" });

            // d. The app's own import, end to end.
            await EndToEndAsync(options, repository, work, admin, full, changed, engine.Rows, report);
        }
        catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e) || e is InvalidOperationException)
        {
            report.Problems.Add(e.Message);
            Console.WriteLine($"FAILED: {e.Message}");
        }
        finally
        {
            if (!options.KeepFiles)
                foreach (var f in new[] { full, changed, generated })
                    if (File.Exists(f)) File.Delete(f);
        }
        report.Elapsed = total.Elapsed;
        report.LoadAverageAtEnd = Machine.LoadAverage();
        Console.WriteLine();
        Console.WriteLine(report.Table());
        ResultsFile.Publish(repository, options.Write, DossierReport.Heading, DossierReport.Introduction, report.Markdown());
        return report.Problems.Count == 0 && report.Stages.All(s => s.Problem is null) ? 0 : 1;
    }

    private static async Task EndToEndAsync(DossierOptions options, string repository, string work, string? admin, string full, string changed, long rows, DossierReport report)
    {
        var databases = new List<(string Provider, BenchDatabase Database)> { ("SQLite", new SqliteBenchDatabase(Path.Combine(work, "dossiers.db"))) };
        if (admin is not null && !options.PostgresCopyOnly) databases.Add(("PostgreSQL", new PostgresBenchDatabase(admin, PostgresIngest.DatabaseName)));
        else if (admin is not null) report.Stages.Add(new DossierStage("CivicTrack import-dossiers, PostgreSQL") { Skipped = "not run (--postgres-copy-only)" });
        string? missing = null;
        string? appDirectory = null;
        if (options.AppDirectory is null && !AppImport.SourceHasCommand(repository)) missing = $"not available: src/CivicTrack has no {AppImport.CommandType} yet";
        else
        {
            try
            {
                appDirectory = await SurgeBenchmark.AppDirectoryAsync(options.AppDirectory, repository, work);
                if (!AppImport.HasCommand(appDirectory)) missing = $"not available: this CivicTrack.dll has no {AppImport.CommandType}";
            }
            catch (BenchException e) { missing = e.Message; }
        }
        foreach (var (provider, database) in databases)
        {
            var name = $"CivicTrack import-dossiers, {provider}";
            if (missing is not null || appDirectory is null)
            {
                Console.WriteLine($"{name}: {missing}");
                var skipped = new DossierStage(name) { Skipped = missing };
                report.Stages.Add(skipped);
                report.Imports.Add((provider, skipped, new DossierStage(name + ", 1% changed") { Skipped = missing }));
                continue;
            }
            DossierStage fullStage = new(name), againStage = new(name + ", 1% changed");
            try
            {
                var environment = AppImport.Environment(database);
                Console.WriteLine($"{name}: {database.Describe}");
                var prepared = await AppImport.PrepareAsync(appDirectory, database, environment, Path.Combine(work, $"prepare-{provider.ToLowerInvariant()}.log"));
                Console.WriteLine($"  fresh database with the demo province in {prepared.TotalSeconds:0.0} s");
                PostgresServerCpu? server = null;
                if (database is PostgresBenchDatabase pg)
                {
                    await using var c = pg.Open();
                    server = await PostgresServerCpu.OfAsync(c);
                }
                (fullStage, var first) = await AppImport.RunAsync(name, appDirectory, environment, full, rows, Path.Combine(work, $"import-{provider.ToLowerInvariant()}.log"), server);
                report.Stages.Add(fullStage);
                Print(fullStage);
                if (first is { } f && f.Added is { } added && added + (f.Refused ?? 0) != rows)
                    report.Checks.Add(Inv($"{provider}: the full import added {added:N0} of {rows:N0} rows"));
                if (fullStage.Problem is null)
                {
                    (againStage, var second) = await AppImport.RunAsync(name + ", 1% changed", appDirectory, environment, changed, rows, Path.Combine(work, $"reimport-{provider.ToLowerInvariant()}.log"), server);
                    report.Stages.Add(againStage);
                    Print(againStage);
                    if (fullStage.Measured && againStage.Measured)
                        Console.WriteLine(Inv($"  re-import: {againStage.Wall / fullStage.Wall * 100:0.0} % of the full import"));
                }
            }
            catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e))
            {
                fullStage.Problem ??= e.Message;
                if (!report.Stages.Contains(fullStage)) report.Stages.Add(fullStage);
                Console.WriteLine($"  FAILED: {e.Message}");
            }
            finally { await SurgeBenchmark.DropAsync(database); }
            report.Imports.Add((provider, fullStage, againStage));
        }
    }

    /// <summary>Runs a baseline; a failure is reported in its row, and the run goes on.</summary>
    private static async Task<DossierStage> Measure(string name, Func<Task<DossierStage>> run)
    {
        try { return await run(); }
        catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e) || e is InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            Console.WriteLine($"  FAILED: {e.Message}");
            return new DossierStage(name) { Problem = e.Message };
        }
    }

    private static void Agree(DossierReport report, string name, DossierTotals engine, DossierStage stage)
    {
        if (stage.Totals is not { } other) return;
        var difference = engine.Difference(other);
        var text = difference is null
            ? Inv($"{name} agrees with the engine on all ten counts in every month ({other.Months.Count} months, {other.Total(0):N0} received, {other.Total(4):N0} finished)")
            : $"{name} DISAGREES with the engine: {difference} (engine vs {name})";
        Console.WriteLine($"  {text}");
        report.Checks.Add(text);
    }

    private static void Print(DossierStage s)
    {
        if (!s.Measured) { Console.WriteLine($"  {s.Skipped ?? s.Problem}"); return; }
        Console.WriteLine(Inv($"  {s.Rows:N0} rows in {s.Wall.TotalSeconds:0.00} s = {s.RowsPerSecond:N0} rows/s; CPU {s.Cpu?.TotalSeconds:0.0} s; peak {(s.PeakBytes is { } p ? Machine.Size(p) : "?")}"));
        foreach (var n in s.Notes) Console.WriteLine($"  {n}");
    }

    private static string? PostgresAdmin()
    {
        var admin = Environment.GetEnvironmentVariable("CIVICTRACK_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin)) admin = Environment.GetEnvironmentVariable("CIVICTRACK_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(admin) ? null : admin;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
