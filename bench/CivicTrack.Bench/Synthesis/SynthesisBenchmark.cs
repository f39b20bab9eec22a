using System.Diagnostics;
using System.IO.Compression;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Synthesis;

/// <summary>One synthesized file, timed: the first request and the ones after it.</summary>
public sealed class SynthesisTiming(string path, string kind)
{
    public string Path { get; } = path;
    /// <summary>"Word" or "Excel".</summary>
    public string Kind { get; } = kind;
    public double FirstMs { get; set; }
    public List<long> Ticks { get; } = [];
    public long Bytes { get; set; }
    public Latencies Latencies => new(Ticks);
}

/// <summary>The synthesized provincial report of the demo province, as Word and Excel, from the real app on SQLite
/// and on PostgreSQL.</summary>
public static class SynthesisBenchmark
{
    public const string Manager = "manager@demo.local";
    public const string Period = "2025-10";
    public const string Form = "BC-CDS-THANG";

    public static readonly (string Path, string Kind)[] Files =
    [
        ($"/api/synthesis/{Form}/{Period}.docx", "Word"),
        ($"/api/synthesis/{Form}/{Period}.xlsx", "Excel"),
        ($"/api/synthesis/programme/{Period}.docx", "Word"),
        ($"/api/synthesis/programme/{Period}.xlsx", "Excel"),
    ];

    public static async Task<int> RunAsync(SynthesisOptions options)
    {
        var total = Stopwatch.StartNew();
        var repository = Repository.Root();
        var report = new SynthesisReport(options) { Started = DateTime.UtcNow, LoadAverageAtStart = Machine.LoadAverage() };
        Console.WriteLine("CivicTrack synthesized report");
        Console.WriteLine($"  {Machine.Describe()}");
        var work = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "civictrack-bench");
        Directory.CreateDirectory(work);
        try
        {
            var appDirectory = await SurgeBenchmark.AppDirectoryAsync(options.AppDirectory, repository, work);
            foreach (var database in SurgeBenchmark.Databases(work, options.SqliteOnly, "civictrack_bench_synthesis", "synthesis.db"))
            {
                var result = new SynthesisResult { Provider = database is PostgresBenchDatabase ? "PostgreSQL" : "SQLite" };
                report.Results.Add(result);
                Console.WriteLine($"{result.Provider}: {database.Describe}");
                try { await RunProviderAsync(options, appDirectory, database, result, work); }
                catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e))
                {
                    result.Problem = e.Message;
                    Console.WriteLine($"  FAILED: {e.Message}");
                }
                finally { await SurgeBenchmark.DropAsync(database); }
            }
        }
        catch (BenchException e)
        {
            report.Problems.Add(e.Message);
            Console.WriteLine($"FAILED: {e.Message}");
        }
        report.Elapsed = total.Elapsed;
        report.LoadAverageAtEnd = Machine.LoadAverage();
        ResultsFile.Publish(repository, options.Write, SynthesisReport.Heading, SynthesisReport.Introduction, report.Markdown());
        return report.Problems.Count == 0 && report.Results.All(r => r.Problem is null) ? 0 : 1;
    }

    private static async Task RunProviderAsync(SynthesisOptions options, string appDirectory, BenchDatabase database, SynthesisResult result, string work)
    {
        var password = AppClient.NewPassword();
        var environment = new Dictionary<string, string>
        {
            // The demo province is loaded outside Production only.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Load"] = "true",
            ["Demo__Password"] = password,
            ["Database__Provider"] = database.Provider,
            ["ConnectionStrings__CivicTrack"] = database.AppConnectionString,
        };
        await database.ResetAsync();
        var started = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(appDirectory, environment, System.IO.Path.Combine(work, $"synthesis-{database.Provider.ToLowerInvariant()}.log"));
        result.StartSeconds = started.Elapsed.TotalSeconds;
        Console.WriteLine($"  app migrated the database, loaded the demo province and answered in {result.StartSeconds:0.0} s");
        using var http = AppClient.Create(app.Address, 1);
        await AppClient.SignInAsync(http, Manager, password);

        var cpu = app.CpuTime();
        foreach (var (path, kind) in Files)
        {
            var timing = new SynthesisTiming(path, kind);
            var (ticks, bytes) = await FetchAsync(http, path, kind);
            timing.FirstMs = ticks * 1000.0 / Stopwatch.Frequency;
            timing.Bytes = bytes;
            result.Timings.Add(timing);
            Console.WriteLine($"  first {path}: {Latencies.Ms(timing.FirstMs)}, {Machine.Size(bytes)}");
        }
        for (var round = 0; round < options.Repeat; round++)
            foreach (var timing in result.Timings)
                timing.Ticks.Add((await FetchAsync(http, timing.Path, timing.Kind)).Ticks);
        result.AppCpuMsPerRequest = (app.CpuTime() - cpu).TotalMilliseconds / (result.Timings.Count * (options.Repeat + 1));
        foreach (var t in result.Timings) Console.WriteLine($"  {t.Path}: {t.Latencies}");
    }

    /// <summary>One download, checked: 200, and a package holding the main part of a Word document or an Excel workbook.</summary>
    private static async Task<(long Ticks, long Bytes)> FetchAsync(HttpClient http, string path, string kind)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        var content = await response.Content.ReadAsByteArrayAsync();
        var ticks = Stopwatch.GetTimestamp() - start;
        if ((int)response.StatusCode != 200)
            throw new BenchException($"GET {path} answered {(int)response.StatusCode}: {AppClient.Shorten(System.Text.Encoding.UTF8.GetString(content))}");
        var part = kind == "Word" ? "word/document.xml" : "xl/workbook.xml";
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry(part) is null) throw new BenchException($"GET {path} answered a package without {part}.");
        }
        catch (InvalidDataException e) { throw new BenchException($"GET {path} did not answer an Office package: {e.Message}"); }
        return (ticks, content.LongLength);
    }
}

/// <summary>One provider's timings.</summary>
public sealed class SynthesisResult
{
    public required string Provider { get; init; }
    public double StartSeconds { get; set; }
    public List<SynthesisTiming> Timings { get; } = [];
    public double AppCpuMsPerRequest { get; set; }
    public string? Problem { get; set; }
}
