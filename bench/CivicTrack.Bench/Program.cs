using CivicTrack.Bench;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Dossiers;
using CivicTrack.Bench.Federation;
using CivicTrack.Bench.OpenData;
using CivicTrack.Bench.Reliability;
using CivicTrack.Bench.Soak;
using CivicTrack.Bench.Surge;
using CivicTrack.Bench.Synthesis;

switch (args.FirstOrDefault())
{
    case "surge" when SurgeOptions.Parse(args) is { } surge:
        return await SurgeBenchmark.RunAsync(surge);
    case "soak" when SoakOptions.Parse(args) is { } soak:
        return await SoakBenchmark.RunAsync(soak);
    case "synthesis" when SynthesisOptions.Parse(args) is { } synthesis:
        return await SynthesisBenchmark.RunAsync(synthesis);
    case "analytics" when BenchOptions.Parse(args) is { } analytics:
        return await AnalyticsBenchmark.RunAsync(analytics);
    case "dossiers" when DossierOptions.Parse(args) is { } dossiers:
        return await DossierBenchmark.RunAsync(dossiers);
    case "open-data" when OpenDataOptions.Parse(args) is { } openData:
        return await OpenDataBenchmark.RunAsync(openData);
    case "federation-demo" when FederationDemoOptions.Parse(args) is { } federation:
        return await FederationDemo.RunAsync(federation);
    case "crash" or "fuzz" or "corpus" when ReliabilityOptions.Parse(args) is { } reliability:
        return await ReliabilityBenchmarks.RunAsync(reliability);
}

Console.Error.WriteLine("""
    Usage: dotnet run -c Release --project bench/CivicTrack.Bench -- analytics|surge|soak|synthesis|dossiers|open-data|federation-demo|crash|fuzz|corpus [options]

    analytics             the dashboard query at national scale
      --quick             a data set ten times smaller (units), for a fast check
      --queries N         random queries per run (default 10000)
      --sql-samples N     queries also run as PostgreSQL GROUP BY ROLLUP (default 200)
      --sql-budget S      stop the baseline after S seconds (default 300)
      --app DIR           use an already built CivicTrack.dll in DIR instead of building src/CivicTrack
      --no-http           no app and no PostgreSQL: the in-process engine (and DuckDB) only
      --duckdb-budget S   the DuckDB baseline runs every query if a pilot says they fit in S seconds,
                          else an even spread that does (default 120)
      --no-duckdb         skip the DuckDB baseline
      --reuse-database    keep civictrack_bench when an earlier run loaded the same data set into it
      --no-write          print the results without adding them to docs/benchmarks.md

    surge                 the deadline surge: 3,321 communes submit a 50-value monthly report
      --quick             332 communes instead of 3,321
      --concurrency N     requests in flight (default 16)
      --sqlite-only       skip PostgreSQL even when it is set
      --sqlite-wal        switch the SQLite file to write-ahead logging before the app opens it
      --app DIR, --no-write   as above

    soak                  30 minutes of mixed load on the surge's province: submissions, draft saves, dashboard reads
                          and imports on an open-loop schedule; memory, descriptors and threads sampled every 10 s
      --minutes N         minutes per database (default 30)
      --rate N            operations per second offered across the mix (default 500)
      --in-flight N       at most N requests outstanding (default 64)
      --quick             332 communes instead of 3,321
      --sqlite-only, --app DIR, --no-write   as above

    synthesis             the synthesized provincial report (Word + Excel) of the demo province
      --repeat N          timed requests after the first (default 20)
      --sqlite-only, --app DIR, --no-write   as above

    dossiers              dossier CSV ingest: the engine's parse + aggregate, DuckDB, PostgreSQL COPY and the app's
                          import-dossiers end to end on one generated file, then its re-import with 1% changed
      --rows N            rows of the generated file (default 10000000)
      --keep-files        keep the generated files, and reuse them in the next run of the same size
      --postgres-copy-only   PostgreSQL as the COPY baseline only, not under the app's import
      --sqlite-only, --app DIR, --no-write   as above

    open-data             anonymous load on the open-data portal of the demo (pages, downloads, catalogues), SQLite
      --quick             4 s per pass instead of 20
      --seconds D         seconds per pass; --concurrency N requests in flight (default 32)
      --app DIR, --no-write   as above

    federation-demo       three province instances and a national one on this machine (ports and data folders of their
                          own): each province pushes, the national comparison and reconciliation are printed, all stopped
      --keep              keep the data folder; --app DIR as above

    crash                 kill the app (SIGKILL) at a random moment under concurrent writes, restart, count what was lost
      --trials N          trials per database (default 100); --minutes M stops starting trials after M minutes
      --clients N         concurrent writers (default 4); --seed S; --sqlite-only

    fuzz                  generated inputs to the CSV, expression, period and XLSX readers
      --inputs N          inputs per parser (default 100000); --parser NAME (repeatable); --seed S

    corpus                malformed requests to every write endpoint of the app (in process, SQLite)
      --per-endpoint N    requests per endpoint (default 2000); --seed S

    PostgreSQL: CIVICTRACK_BENCH_POSTGRES (or CIVICTRACK_TEST_POSTGRES) holds an administrator connection
    string; analytics drops and creates the database civictrack_bench, surge civictrack_bench_surge, soak civictrack_bench_soak,
    synthesis civictrack_bench_synthesis and dossiers civictrack_bench_dossiers (the last three dropped again at the end). Without it only SQLite runs.
    """);
return 2;
