using System.Globalization;
using CivicTrack.Reliability;

namespace CivicTrack.Bench.Reliability;

/// <summary>The command lines <c>crash [--trials N] [--seed S] [--clients N] [--minutes M] [--sqlite-only]</c>,
/// <c>fuzz [--inputs N] [--seed S] [--parser NAME]</c> and <c>corpus [--per-endpoint N] [--seed S]</c>.</summary>
public sealed record ReliabilityOptions(string Command, int Count, int Seed, int Clients, double? Minutes, bool SqliteOnly, IReadOnlyList<string> Parsers)
{
    public static ReliabilityOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("crash" or "fuzz" or "corpus")) return null;
        var options = new ReliabilityOptions(args[0], args[0] switch { "crash" => 100, "fuzz" => 100_000, _ => 2_000 }, 20261202, 4, null, false, []);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = (args[0], args[i]) switch
            {
                ("crash", "--trials") or ("fuzz", "--inputs") or ("corpus", "--per-endpoint") => options with { Count = Math.Max(1, Int()) },
                (_, "--seed") => options with { Seed = Int() },
                ("crash", "--clients") => options with { Clients = Math.Max(1, Int()) },
                ("crash", "--minutes") => options with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                ("crash", "--sqlite-only") => options with { SqliteOnly = true },
                ("fuzz", "--parser") => options with { Parsers = [.. options.Parsers, Next()] },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>The reliability runs at bench size: the same trial, parser and corpus code the test suite runs a few of.</summary>
public static class ReliabilityBenchmarks
{
    public static Task<int> RunAsync(ReliabilityOptions o) => o.Command switch
    {
        "crash" => CrashAsync(o),
        "fuzz" => Task.FromResult(Fuzz(o)),
        _ => CorpusAsync(o),
    };

    private static async Task<int> CrashAsync(ReliabilityOptions o)
    {
        Header($"crash safety: {o.Count} trials, {o.Clients} clients, seed {o.Seed}{(o.Minutes is { } m ? $", at most {m} min per database" : "")}");
        var postgres = o.SqliteOnly ? null : Environment.GetEnvironmentVariable("CIVICTRACK_BENCH_POSTGRES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("CIVICTRACK_TEST_POSTGRES") is { Length: > 0 } t ? t : null;
        var options = new CrashOptions(o.Count, o.Seed, o.Clients) { Budget = o.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null };
        var password = "Crash-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) + "-x";
        var runs = new List<CrashRunResult>();
        var databases = new List<TrialDatabases> { TrialDatabases.Sqlite(Path.Combine(Path.GetTempPath(), "civictrack-crash-db", Guid.NewGuid().ToString("N")[..8])) };
        if (postgres is not null) databases.Add(TrialDatabases.Postgres(postgres));
        foreach (var db in databases)
            await using (db)
                runs.Add(await CrashTrials.RunAsync(db, AppServer.DefaultAppDirectory(), password, options, Console.WriteLine, CancellationToken.None));
        Console.WriteLine();
        Console.WriteLine("| database | trials | acknowledged writes | in flight at the kill (applied) | lost | half-applied | dashboard ≠ stored values | refused before the kill | time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in runs)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Provider} | {r.Trials.Count} | {r.Acknowledged:N0} | {r.InFlight:N0} ({r.InFlightApplied:N0}) | {r.Lost} | {r.HalfApplied} | {r.DashboardMismatches} | {r.Refused} | {r.Elapsed.TotalMinutes:0.0} min |"));
        foreach (var p in runs.SelectMany(r => r.Problems.Select(p => $"{r.Provider} {p}")).Take(20)) Console.WriteLine($"- {p}");
        Console.WriteLine($"Logs: {string.Join(", ", runs.Select(r => r.LogFolder))}");
        return runs.All(r => r.Trials.All(t => t.Holds)) ? 0 : 1;
    }

    private static int Fuzz(ReliabilityOptions o)
    {
        Header($"parser property runs: {o.Count:N0} inputs per parser, seed {o.Seed}");
        var results = ParserFuzz.Run(o.Count, o.Seed, o.Parsers, examples: 5, progress: Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| parser | inputs | accepted | refused as bad input | crashes | time |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Parser} | {r.Inputs:N0} | {r.Accepted:N0} | {r.Rejected:N0} | {r.Crashes:N0} | {r.Elapsed.TotalSeconds:0.0} s |"));
        foreach (var r in results.Where(r => r.Examples.Count > 0))
        {
            Console.WriteLine();
            Console.WriteLine($"First crashing inputs of {r.Parser}:");
            foreach (var e in r.Examples) Console.WriteLine($"- `{e.Input}` → {e.Failure}");
        }
        return results.All(r => r.Crashes == 0) ? 0 : 1;
    }

    private static async Task<int> CorpusAsync(ReliabilityOptions o)
    {
        Header($"bad-input corpus: {o.Count:N0} inputs per write endpoint, seed {o.Seed}");
        // The in-process host finds the app's content root through MvcTestingAppManifest.json in the working folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var host = new CorpusHost();
        using (host.CreateClient()) { }
        var result = await CorpusRun.RunAsync(host.Services, () => host.CreateClient(), host.Password, o.Count, o.Seed, TimeSpan.FromSeconds(10), Console.WriteLine, CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine("| endpoint | sent | accepted | refused | 5xx | over 10 s | changed by a refusal |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var e in result.Endpoints)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{e.Endpoint}` | {e.Sent:N0} | {e.Accepted:N0} | {e.Refused:N0} | {e.ServerErrors:N0} | {e.Slow} | {e.ChangedByRefusal} |"));
        Console.WriteLine();
        foreach (var (endpoint, kind, cls, count, example) in result.Summary())
            Console.WriteLine($"- {endpoint} — {kind}, {cls}: {count} × e.g. {example.Input} → {example.Status} {example.Answer}");
        if (result.WithoutSeed.Count > 0) Console.WriteLine($"Endpoints without a seed: {string.Join(", ", result.WithoutSeed)}");
        Console.WriteLine($"{result.Endpoints.Sum(e => e.Sent):N0} requests in {result.Elapsed.TotalMinutes:0.0} min");
        return result.Findings.Any() ? 1 : 0;
    }

    private static void Header(string what)
    {
        Console.WriteLine($"CivicTrack {what}");
        Console.WriteLine($"  {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Machine.Describe()}; 1-minute load average {Machine.LoadAverage()}");
    }
}
