namespace CivicTrack.Bench;

/// <summary>docs/benchmarks.md: an introduction once, then one <c>##</c> section per workload, each holding its
/// explanation followed by one dated result per run.</summary>
public static class ResultsFile
{
    private const string Intro = """
        # Benchmarks

        `bench/CivicTrack.Bench` generates a deterministic national data set, runs CivicTrack's own path and the
        baselines **in the same run**, prints a Markdown table and adds it here with the date and the machine.

        ## Dashboard query at national scale

        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- analytics            # full size, 15–20 min on 2 cores
        dotnet run -c Release --project bench/CivicTrack.Bench -- analytics --quick    # a tenth of the units
        ```

        Options: `--queries N` (default 10,000), `--sql-samples N` (default 200), `--sql-budget S` (stop the
        baseline after S seconds, default 300), `--app DIR` (an already built `CivicTrack.dll`), `--no-http`
        (engine only), `--no-write` (print only).

        **Data set** (fixed seeds): one root `VN`, 34 provinces, 3,321 communes and wards, 63,619 villages; 150
        data elements at commune level (half Sum, 30 % Last, 10 % Average, 5 % each Min and Max) × 60 months
        (2021-01..2025-12) = 29.9 M values, and 10 village-level elements × 24 months (2024-01..2025-12) = 15.3 M
        values; 20 indicators written as numerator/denominator expressions (e.g. `#{E001} / #{E011}` × 100), four
        of them over village elements. `--quick` keeps the elements and months but has 332 communes and 6,362
        villages.

        **Queries**: 10,000 random dashboard questions, the same for every path: a unit (10 % the root, 20 % a
        province, 35 % a commune, 35 % a village) × a period range of 1–60 months aligned to months, quarters or
        years × 10 random indicators.

        **What is measured**

        - *Engine*: `ValueStore.Load` of the generated rows (generation timed apart), the managed memory it
          keeps (`GC.GetTotalMemory(true)` before and after) and the process working set, then each query's ten
          `IndicatorFormula.Evaluate` calls under one `ValueStore.Read`, timed with `Stopwatch`, after 1,000
          warm-up queries.
        - *HTTP*: the real app (Release build, child process) on a fresh database: `create-admin` migrates it
          and creates the root unit and an administrator; units, elements, indicators and values are bulk-loaded
          (binary `COPY` on PostgreSQL, prepared inserts in one transaction on SQLite); the client signs in with
          `POST /api/auth/login` and calls `GET /api/analytics?indicators=…&units=CODE&periods=…`, asking each
          range as one column (`2024-03`, `2024Q2`, `2024` or `2024-03..2025-06-30`). The first request is the
          app's cold load from the database; then the 10,000 queries one at a time, and again four at a time.
        - *Baseline*: PostgreSQL, for an evenly spread sample of the same queries: the values of the unit's
          subtree, range and the indicators' elements joined to a unit → province/commune table and grouped by
          `ROLLUP(province, commune), element` (each element's aggregation honoured, including Last), which
          yields the subtree total with every province and commune subtotal. Skipped when no PostgreSQL is set
          (`CIVICTRACK_BENCH_POSTGRES` or `CIVICTRACK_TEST_POSTGRES`, an administrator connection string).
        - *Agreement*: a Sum element for a few of the queries from the engine, the endpoint and SQL, and the
          ten indicators of the same queries from the engine and the endpoint.

        **PostgreSQL**: a throwaway local cluster is enough, for example (as root, the version as installed):

        ```
        mkdir -p /tmp/pgbench && chown postgres /tmp/pgbench
        su postgres -c "/usr/lib/postgresql/15/bin/initdb -D /tmp/pgbench/data -A trust"
        su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D /tmp/pgbench/data -l /tmp/pgbench/log start \
          -o '-p 54330 -k /tmp -c shared_buffers=1GB -c max_wal_size=4GB -c synchronous_commit=off'"
        export CIVICTRACK_BENCH_POSTGRES="Host=127.0.0.1;Port=54330;Username=postgres"
        ```

        The results below name the server settings each run had.

        **Targets** (SPEC §7, on a 2-core, 24 GB machine): p99 ≤ 5 ms for any unit × period range × indicator
        set; cold load ≤ 10 s; ≤ 2 GB memory.

        """;

    public const string AnalyticsHeading = "Dashboard query at national scale";

    /// <summary>Adds a dashboard-query result at the end of its section.</summary>
    /// <summary>Prints a run's results and, when asked, adds them to their section of docs/benchmarks.md.</summary>
    public static void Publish(string repository, bool write, string heading, string introduction, string markdown)
    {
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (!write) return;
        var file = AddToSection(repository, heading, introduction, markdown);
        Console.WriteLine($"Results added to {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
    }


    /// <summary>Adds a result at the end of the <c>## heading</c> section, which is created at the end of the file
    /// with <paramref name="introduction"/> when it is not there yet.</summary>
    public static string AddToSection(string repository, string heading, string introduction, string result)
    {
        var file = Path.Combine(repository, "docs", "benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (!File.Exists(file)) File.WriteAllText(file, Intro);
        var lines = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').ToList();
        var start = SectionStart(lines, heading);
        if (start < 0)
        {
            lines.AddRange(["", "## " + heading, ""]);
            start = lines.Count - 2;
            if (introduction.Trim().Length > 0) lines.AddRange(introduction.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n'));
        }
        var end = SectionEnd(lines, start);
        // The result goes after the section's last non-blank line, one blank line either side.
        while (end > start + 1 && lines[end - 1].Trim().Length == 0) end--;
        var block = new List<string> { "" };
        block.AddRange(result.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n'));
        if (end < lines.Count && lines[end].Trim().Length > 0) block.Add("");
        lines.InsertRange(end, block);
        File.WriteAllText(file, string.Join('\n', lines).TrimEnd('\n') + "\n");
        return file;
    }

    /// <summary>The line of <c>## heading</c> outside code blocks, or -1.</summary>
    private static int SectionStart(List<string> lines, string heading)
    {
        var fenced = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            else if (!fenced && lines[i].TrimEnd() == "## " + heading) return i;
        }
        return -1;
    }

    /// <summary>The line of the next <c>##</c> heading after <paramref name="start"/>, or the end of the file.</summary>
    private static int SectionEnd(List<string> lines, int start)
    {
        var fenced = false;
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            else if (!fenced && lines[i].StartsWith("## ", StringComparison.Ordinal)) return i;
        }
        return lines.Count;
    }
}
