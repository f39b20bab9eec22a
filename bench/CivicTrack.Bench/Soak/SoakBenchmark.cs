using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Soak;

/// <summary>The soak: the surge's province under a steady mix of submissions, draft saves, dashboard reads and imports
/// for a long time, watching the app's memory, descriptors and threads and the latency of each window.</summary>
public static class SoakBenchmark
{
    public const int ImportReports = 10;
    private const string AdminEmail = "soak@bench.local";

    public static async Task<int> RunAsync(SoakOptions options)
    {
        var total = Stopwatch.StartNew();
        var repository = Repository.Root();
        var report = new SoakReport(options) { Started = DateTime.UtcNow, LoadAverageAtStart = Machine.LoadAverage(), Commit = Repository.Commit(repository) };
        Console.WriteLine($"CivicTrack soak{(options.Quick ? " (--quick)" : "")}: {options.Minutes} min at {options.Rate}/s, at most {options.InFlight} in flight");
        Console.WriteLine($"  {Machine.Describe()}");
        var work = Path.Combine(Path.GetTempPath(), "civictrack-bench");
        Directory.CreateDirectory(work);
        try
        {
            var appDirectory = await SurgeBenchmark.AppDirectoryAsync(options.AppDirectory, repository, work);
            foreach (var database in SurgeBenchmark.Databases(work, options.SqliteOnly, "civictrack_bench_soak", "soak.db"))
            {
                var result = new SoakResult { Provider = database is PostgresBenchDatabase ? "PostgreSQL" : "SQLite", Database = database.Describe };
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
        foreach (var r in report.Results.Where(r => r.Run is not null))
        {
            var csv = Path.Combine(work, $"soak-{r.Provider.ToLowerInvariant()}.csv");
            await File.WriteAllTextAsync(csv, SoakReport.Csv(r));
            Console.WriteLine($"{r.Provider}: 10 s samples written to {csv}");
        }
        ResultsFile.Publish(repository, options.Write, SoakReport.Heading, SoakReport.Introduction, report.Markdown());
        // As for the surge, a target not met is a result, not a failure of the run.
        return report.Problems.Count == 0 && report.Results.All(r => r.Problem is null && r.Run is not null) ? 0 : 1;
    }

    private static async Task RunProviderAsync(SoakOptions options, string appDirectory, BenchDatabase database, SoakResult result, string work)
    {
        var step = Stopwatch.StartNew();
        var (environment, password, data) = await SurgeBenchmark.PrepareAsync(appDirectory, database, AdminEmail, options.CommuneCount);
        await SoakData.LoadDraftElementsAsync(data);
        if (database is PostgresBenchDatabase pg) result.ServerSettings = pg.ServerDescription();
        Console.WriteLine($"  migrated, administrator and {data.CommuneCount:N0} communes, {SurgeData.ElementCount + SoakMix.DraftElementCount} elements loaded in {step.Elapsed.TotalSeconds:0.0} s");

        var log = Path.Combine(work, $"soak-{database.Provider.ToLowerInvariant()}.log");
        await using var app = await AppProcess.StartAsync(appDirectory, environment, log);
        using var http = AppClient.Create(app.Address, options.InFlight);
        await AppClient.SignInAsync(http, AdminEmail, password);
        await SurgeBenchmark.CreateFormAsync(http, data);
        await CreateDraftFormAsync(http, data);

        var (month, _) = SurgeBenchmark.Periods();
        var (quarter, previousQuarter) = SoakMix.Quarters();
        var imports = new List<ImportReport>();
        var before = new List<string>();
        for (var j = 1; j <= Math.Min(ImportReports, data.CommuneCount); j++)
        {
            var unit = data.Communes[j - 1];
            var path = $"/api/reports/{SoakMix.DraftForm}/{unit}/{previousQuarter}";
            await SendAsync(http, HttpMethod.Put, path, DraftValues(k => 1_000 * j + k));
            using var template = await http.GetAsync(path + "/template");
            if (!template.IsSuccessStatusCode) throw new BenchException($"GET {path}/template answered {(int)template.StatusCode}");
            var workbook = await template.Content.ReadAsByteArrayAsync();
            // Other values first, so that the first import changes the report back and the later ones change nothing.
            await SendAsync(http, HttpMethod.Put, path, DraftValues(k => 1_000 * j + k + 1));
            using (var content = new MultipartFormDataContent { { new ByteArrayContent(workbook), "file", "report.xlsx" } })
            using (var imported = await http.PostAsync(path + "/import", content))
                if (!imported.IsSuccessStatusCode)
                    throw new BenchException($"POST {path}/import answered {(int)imported.StatusCode}: {AppClient.Shorten(await imported.Content.ReadAsStringAsync())}");
            imports.Add(new ImportReport(unit, workbook));
            before.Add(await SnapshotAsync(http, path));
        }
        var mix = new SoakMix(data, month, quarter, previousQuarter, imports);
        result.Mix = mix;
        Console.WriteLine($"  forms {SurgeData.FormCode} and {SoakMix.DraftForm} defined, {imports.Count} import workbooks ready; submissions from {month} back, drafts of {quarter}, imports into {previousQuarter}");

        result.ResidentAtStart = ResidentMemory.Current(app.Id);
        result.HandlesAtStart = SoakRun.HandleKinds(app.Id);
        var clientCpu = CpuTimes.Self();
        var machine = CpuTimes.Machine();
        result.Run = await SoakRun.RunAsync(http, mix, app, options.Rate, TimeSpan.FromMinutes(options.Minutes), options.InFlight, Console.Out);
        result.ClientCpu = CpuTimes.Self() - clientCpu;
        result.HandlesAtEnd = SoakRun.HandleKinds(app.Id);
        if (machine is { } m0 && CpuTimes.Machine() is { } m1 && m1.Total > m0.Total) result.MachineBusy = (m1.Busy - m0.Busy) / (m1.Total - m0.Total);
        Console.WriteLine($"  {result.Run.Started:N0} of {result.Run.Scheduled:N0} operations sent in {result.Run.Elapsed.TotalSeconds:0} s; errors {result.ErrorCount:N0}");

        result.Counts = await SoakData.CountAsync(data, quarter);
        for (var j = 0; j < imports.Count; j++)
        {
            var after = await SnapshotAsync(http, $"/api/reports/{SoakMix.DraftForm}/{imports[j].Unit}/{previousQuarter}");
            if (after == before[j]) result.ImportsUnchanged++;
            else result.ImportChange ??= $"{imports[j].Unit}: {AppClient.Shorten(before[j])} → {AppClient.Shorten(after)}";
        }
        result.ExactlyOnce(out var why);
        Console.WriteLine($"  database: {why}");
    }

    /// <summary>The quarterly draft form, through the API: one section of the 10 <c>D</c> elements, none required.</summary>
    private static async Task CreateDraftFormAsync(HttpClient http, SurgeData data)
    {
        var form = new
        {
            code = SoakMix.DraftForm,
            name = "Báo cáo quý (thử tải dài)",
            nameEn = "Quarterly report (soak)",
            periodType = "Quarter",
            due = "after:20",
            lockAfterDays = (int?)null,
            approvalLevels = 1,
            sections = new[]
            {
                new
                {
                    title = "Phần 1",
                    titleEn = "Part 1",
                    fields = Enumerable.Range(1, SoakMix.DraftElementCount).Select(k => new { element = SoakMix.DraftElement(k), required = false }).ToArray(),
                },
            },
            assign = new { kinds = new[] { "Commune" } },
        };
        using var response = await http.PostAsJsonAsync("/api/report-forms", form);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new BenchException($"POST /api/report-forms answered {(int)response.StatusCode}: {AppClient.Shorten(text)}");
        using var created = JsonDocument.Parse(text);
        var assigned = created.RootElement.GetProperty("assignedUnits").GetInt32();
        if (assigned != data.CommuneCount) throw new BenchException($"The quarterly form is assigned to {assigned} units, expected {data.CommuneCount}.");
    }

    private static object DraftValues(Func<int, int> value) =>
        new { values = Enumerable.Range(1, SoakMix.DraftElementCount).Select(k => new { element = SoakMix.DraftElement(k), value = value(k) }).ToArray() };

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"{method} {path} answered {(int)response.StatusCode}: {AppClient.Shorten(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>What an import could change in a report: its values (with who and when) and its last change.</summary>
    private static async Task<string> SnapshotAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new BenchException($"GET {path} answered {(int)response.StatusCode}: {AppClient.Shorten(text)}");
        using var report = JsonDocument.Parse(text);
        var root = report.RootElement;
        return $"{root.GetProperty("state")} {root.GetProperty("updatedAt")} {root.GetProperty("values").GetRawText()}";
    }
}
