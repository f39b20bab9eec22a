using System.Globalization;

namespace CivicTrack.Bench;

/// <summary>The command line: <c>analytics [--quick] [--queries N] [--sql-samples N] [--sql-budget S] [--app DIR] [--no-http] [--no-write] [--reuse-database]</c>.</summary>
public sealed record BenchOptions(bool Quick, int Queries, int SqlSamples, int SqlBudgetSeconds, string? AppDirectory, bool Http, bool Write, bool ReuseDatabase = false)
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
                "--reuse-database" => options with { ReuseDatabase = true },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}
