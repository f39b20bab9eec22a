using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.OpenData;

/// <summary>The command line of the open-data load: <c>open-data [--quick] [--seconds D] [--concurrency N] [--app DIR] [--no-write]</c>.</summary>
public sealed record OpenDataOptions(int Seconds, int Concurrency, string? AppDirectory, bool Write, bool Quick)
{
    public static OpenDataOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "open-data") return null;
        var options = new OpenDataOptions(20, 32, null, true, false);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Seconds = 4 },
                "--seconds" => options with { Seconds = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--concurrency" => options with { Concurrency = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>One pass: N requests in flight for D seconds over the mix, with or without the entity tags.</summary>
public sealed class OpenDataPass(string name)
{
    public string Name { get; } = name;
    public List<long> Ticks { get; } = [];
    public long Requests { get; set; }
    public long Failures { get; set; }
    public long Bytes { get; set; }
    public double Seconds { get; set; }
    public double AppCpuMsPerRequest { get; set; }
    public Dictionary<int, long> Statuses { get; } = [];
    public double Throughput => Requests / Seconds;
    public Latencies Latencies => new(Ticks);
}

/// <summary>Anonymous visitors and harvesters on the open-data portal of the demo province: list page, dataset pages,
/// CSV and JSON downloads and the catalogues, from the real app (Release, SQLite) on this machine.</summary>
public static class OpenDataBenchmark
{
    public const string Heading = "Open-data portal";

    private static readonly string[] Slugs = ["chi-tieu-chinh-theo-xa-2025", "ho-so-thu-tuc-hanh-chinh-theo-xa-2025", "ty-le-gui-bao-cao-thang", "ho-gia-dinh-duoc-ho-tro"];

    /// <summary>The mix, by weight: what a portal's traffic is made of (pages first, then downloads, then harvesters).</summary>
    public static IReadOnlyList<(string Path, int Weight)> Mix() =>
    [
        ("/open", 10),
        .. Slugs.Select(s => ($"/open/{s}", 8)),
        .. Slugs.Select(s => ($"/open/{s}.csv", 5)),
        .. Slugs.Select(s => ($"/open/{s}.json", 5)),
        ("/open/chi-tieu-chinh-theo-xa-2025?period=2025-06", 4),
        ("/catalog.jsonld", 4),
        ("/data.json", 4),
        ("/api/3/action/package_list", 3),
        ("/api/3/action/package_search?q=x%C3%A3&rows=10", 3),
        ("/api/3/action/package_show?id=ty-le-gui-bao-cao-thang", 2),
    ];

    public const string Introduction = """
        ```
        dotnet run -c Release --project bench/CivicTrack.Bench -- open-data                # 20 s per pass, 32 in flight
        dotnet run -c Release --project bench/CivicTrack.Bench -- open-data --quick        # 4 s per pass
        ```

        Options: `--seconds D`, `--concurrency N`, `--app DIR`, `--no-write`.

        **Set-up**: the app (Release build, child process, `Development` so that the demo province loads) starts on a
        fresh SQLite file with the demo and its four published datasets; `OpenData__RequestsPerMinute` is raised to
        100,000,000 for the run (the client is one address). The client runs on the same machine.

        **Measured**: anonymous GETs with N in flight for D seconds, drawn at random (fixed seed) from a weighted mix —
        the list page, the four dataset pages (and one with `?period=`), their CSV and JSON downloads, `/catalog.jsonld`,
        `/data.json` and the CKAN `package_list`, `package_search` and `package_show` — to the last byte; each answer
        must be 200 (or 304 in the second pass). The client sends `Accept-Encoding: gzip`, as browsers and harvesters
        do, and counts the compressed bytes without decompressing them (that cost is the reader's). Pass 1 sends no entity tag (full answers); pass 2 sends the
        `If-None-Match` each path answered first (what a browser or a harvester that keeps its copy does).

        **Target** (SPEC §7): 2,000 requests/s with p99 ≤ 50 ms.
        """;

    public static async Task<int> RunAsync(OpenDataOptions options)
    {
        var repository = Repository.Root();
        var started = DateTime.UtcNow;
        var loadStart = Machine.LoadAverage();
        Console.WriteLine("CivicTrack open-data portal");
        Console.WriteLine($"  {Machine.Describe()}");
        var work = Path.Combine(Path.GetTempPath(), "civictrack-bench");
        Directory.CreateDirectory(work);
        var passes = new List<OpenDataPass>();
        string? problem = null;
        double startSeconds = 0;
        var database = new SqliteBenchDatabase(Path.Combine(work, "open-data.db"));
        try
        {
            var appDirectory = await SurgeBenchmark.AppDirectoryAsync(options.AppDirectory, repository, work);
            await database.ResetAsync();
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Demo__Load"] = "true",
                ["Demo__Password"] = AppClient.NewPassword(),
                ["Database__Provider"] = database.Provider,
                ["ConnectionStrings__CivicTrack"] = database.AppConnectionString,
                ["OpenData__RequestsPerMinute"] = "100000000",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            };
            var watch = Stopwatch.StartNew();
            await using var app = await AppProcess.StartAsync(appDirectory, environment, Path.Combine(work, "open-data.log"));
            startSeconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  app migrated the database, loaded the demo province and answered in {startSeconds:0.0} s");
            using var http = AppClient.Create(app.Address, options.Concurrency);
            // As browsers and harvesters do; the client counts the compressed bytes and does not spend its share of the
            // machine decompressing them.
            http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            var mix = Mix();
            var tags = new Dictionary<string, EntityTagHeaderValue>();
            foreach (var (path, _) in mix)
            {
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK) throw new BenchException($"GET {path} answered {(int)response.StatusCode}.");
                tags[path] = response.Headers.ETag ?? throw new BenchException($"GET {path} has no ETag.");
            }
            // A short warm-up so the JIT and the connection pool are settled before timing.
            await RunPassAsync(new OpenDataPass("warm-up"), http, mix, null, options.Concurrency, 2, app);
            foreach (var (name, withTags) in new[] { ("full answers", false), ("If-None-Match (304)", true) })
            {
                var pass = new OpenDataPass(name);
                await RunPassAsync(pass, http, mix, withTags ? tags : null, options.Concurrency, options.Seconds, app);
                passes.Add(pass);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: {pass.Throughput:0} requests/s, {pass.Latencies}, failures {pass.Failures}, app CPU {pass.AppCpuMsPerRequest:0.000} ms/request"));
            }
        }
        catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e))
        {
            problem = e.Message;
            Console.WriteLine($"FAILED: {e.Message}");
        }
        finally { await SurgeBenchmark.DropAsync(database); }
        var markdown = Markdown(options, started, loadStart, Machine.LoadAverage(), startSeconds, passes, problem);
        ResultsFile.Publish(repository, options.Write, Heading, Introduction, markdown);
        return problem is null && passes.All(p => p.Failures == 0) ? 0 : 1;
    }

    private static async Task RunPassAsync(OpenDataPass pass, HttpClient http, IReadOnlyList<(string Path, int Weight)> mix,
        Dictionary<string, EntityTagHeaderValue>? tags, int concurrency, int seconds, AppProcess app)
    {
        var table = mix.SelectMany(m => Enumerable.Repeat(m.Path, m.Weight)).ToArray();
        var cpu = app.CpuTime();
        var watch = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var gate = new object();
        async Task Worker(int seed)
        {
            var random = new Random(seed);
            var ticks = new List<long>();
            long requests = 0, failures = 0, bytes = 0;
            var statuses = new Dictionary<int, long>();
            while (watch.Elapsed < end)
            {
                var path = table[random.Next(table.Length)];
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (tags is not null) request.Headers.IfNoneMatch.Add(tags[path]);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    ticks.Add(Stopwatch.GetTimestamp() - start);
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status != (tags is null ? 200 : 304)) failures++;
                    bytes += body.LongLength;
                }
                catch (HttpRequestException) { failures++; }
                requests++;
            }
            lock (gate)
            {
                pass.Ticks.AddRange(ticks);
                pass.Requests += requests;
                pass.Failures += failures;
                pass.Bytes += bytes;
                foreach (var (s, n) in statuses) pass.Statuses[s] = pass.Statuses.GetValueOrDefault(s) + n;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Worker(20261203 + i))));
        pass.Seconds = watch.Elapsed.TotalSeconds;
        pass.AppCpuMsPerRequest = (app.CpuTime() - cpu).TotalMilliseconds / Math.Max(1, pass.Requests);
    }

    private static string Markdown(OpenDataOptions options, DateTime started, string loadStart, string loadEnd, double startSeconds,
        List<OpenDataPass> passes, string? problem)
    {
        string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var m = new List<string>
        {
            Inv($"### {started:yyyy-MM-dd HH:mm} UTC — open-data portal{(options.Quick ? " (--quick)" : "")}"),
            "",
            $"- Machine: {Machine.Describe()}; 1-minute load average {loadStart} at the start, {loadEnd} at the end (client and app on the same machine)",
            Inv($"- Demo province on SQLite, app started in {startSeconds:0.0} s; {options.Concurrency} requests in flight, {options.Seconds} s per pass, mix of {Mix().Count} paths"),
            "",
            "| pass | requests | requests/s | p50 | p99 | max | MB/s | app CPU per request | failures | target 2,000/s, p99 ≤ 50 ms |",
            "|---|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var p in passes)
        {
            var l = p.Latencies;
            var ok = p.Throughput >= 2000 && l.P99 <= 50 && p.Failures == 0;
            m.Add(Inv($"| {p.Name} | {p.Requests:N0} | **{p.Throughput:N0}** | {Latencies.Ms(l.P50)} | **{Latencies.Ms(l.P99)}** | {Latencies.Ms(l.Max)} | {p.Bytes / p.Seconds / 1e6:0.0} | {p.AppCpuMsPerRequest:0.000} ms | {p.Failures} | {(ok ? "✅" : "❌")} |"));
        }
        if (problem is not null) m.Add($"\n- FAILED: {problem}");
        return string.Join('\n', m) + "\n";
    }
}
