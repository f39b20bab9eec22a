using CivicTrack.Bench;
using CivicTrack.Bench.Analytics;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project bench/CivicTrack.Bench -- analytics [options]

          --quick             a data set ten times smaller (units), for a fast check
          --queries N         random queries per run (default 10000)
          --sql-samples N     queries also run as PostgreSQL GROUP BY ROLLUP (default 200)
          --sql-budget S      stop the baseline after S seconds (default 300)
          --app DIR           use an already built CivicTrack.dll in DIR instead of building src/CivicTrack
          --no-http           only the in-process engine run
          --reuse-database    keep civictrack_bench when an earlier run loaded the same data set into it
          --no-write          print the results without adding them to docs/benchmarks.md

        PostgreSQL: CIVICTRACK_BENCH_POSTGRES (or CIVICTRACK_TEST_POSTGRES) holds an administrator connection
        string; the database civictrack_bench is dropped and created. Without it the app runs on SQLite.
        """);
    return 2;
}
return await AnalyticsBenchmark.RunAsync(options);
