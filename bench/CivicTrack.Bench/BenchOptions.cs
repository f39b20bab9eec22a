using System.Globalization;

namespace CivicTrack.Bench;

/// <summary>The command line: <c>analytics [--quick] [--queries N] [--sql-samples N] [--sql-budget S] [--duckdb-budget S] [--app DIR] [--no-http] [--no-duckdb] [--no-write] [--reuse-database]</c>.</summary>
public sealed record BenchOptions(bool Quick, int Queries, int SqlSamples, int SqlBudgetSeconds, string? AppDirectory, bool Http, bool Write, bool ReuseDatabase = false,
    bool DuckDb = true, int DuckDbBudgetSeconds = 120)
{
    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "analytics") return null;
        var options = new BenchOptions(false, 10_000, 200, 300, null, true, true);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--queries" => options with { Queries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--sql-samples" => options with { SqlSamples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--sql-budget" => options with { SqlBudgetSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--no-http" => options with { Http = false },
                "--no-duckdb" => options with { DuckDb = false },
                "--duckdb-budget" => options with { DuckDbBudgetSeconds = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--reuse-database" => options with { ReuseDatabase = true },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>The command line of the deadline surge: <c>surge [--quick] [--concurrency N] [--app DIR] [--sqlite-only] [--sqlite-wal] [--no-write]</c>.</summary>
public sealed record SurgeOptions(bool Quick, int Concurrency, string? AppDirectory, bool SqliteOnly, bool Write, bool SqliteWal = false)
{
    public static SurgeOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "surge") return null;
        var options = new SurgeOptions(false, 16, null, false, true);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--concurrency" => options with { Concurrency = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--sqlite-only" => options with { SqliteOnly = true },
                "--sqlite-wal" => options with { SqliteWal = true },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>The command line of the synthesized report: <c>synthesis [--repeat N] [--app DIR] [--sqlite-only] [--no-write]</c>.</summary>
public sealed record SynthesisOptions(int Repeat, string? AppDirectory, bool SqliteOnly, bool Write)
{
    public static SynthesisOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "synthesis") return null;
        var options = new SynthesisOptions(20, null, false, true);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--repeat" => options with { Repeat = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--sqlite-only" => options with { SqliteOnly = true },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>The command line of the dossier ingest: <c>dossiers [--rows N] [--app DIR] [--sqlite-only] [--postgres-copy-only] [--no-write] [--keep-files]</c>.</summary>
public sealed record DossierOptions(long Rows, string? AppDirectory, bool SqliteOnly, bool Write, bool KeepFiles, bool PostgresCopyOnly = false)
{
    public const long DefaultRows = 10_000_000;

    public static DossierOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "dossiers") return null;
        var options = new DossierOptions(DefaultRows, null, false, true, false);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--rows" => options with { Rows = Math.Max(1, long.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)) },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--sqlite-only" => options with { SqliteOnly = true },
                "--no-write" => options with { Write = false },
                "--keep-files" => options with { KeepFiles = true },
                "--postgres-copy-only" => options with { PostgresCopyOnly = true },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}
