using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Bench.Analytics;

namespace CivicTrack.Bench.Surge;

/// <summary>The deadline surge: every commune submits its 50-value monthly report at once, against the real app on
/// SQLite and on PostgreSQL; then the database is counted to prove each acknowledged report is stored exactly once.</summary>
public static class SurgeBenchmark
{
    public const int WarmupCount = 200, ResendCount = 100;
    private const string AdminEmail = "surge@bench.local";

    public static async Task<int> RunAsync(SurgeOptions options)
    {
        var total = Stopwatch.StartNew();
        var repository = Repository.Root();
        var report = new SurgeReport(options) { Started = DateTime.UtcNow, LoadAverageAtStart = Machine.LoadAverage() };
        Console.WriteLine($"CivicTrack deadline surge{(options.Quick ? " (--quick)" : "")}, {options.Concurrency} requests in flight");
        Console.WriteLine($"  {Machine.Describe()}");
        var work = Path.Combine(Path.GetTempPath(), "civictrack-bench");
        Directory.CreateDirectory(work);
        try
        {
            var appDirectory = await AppDirectoryAsync(options.AppDirectory, repository, work);
            foreach (var database in Databases(work, options.SqliteOnly, "civictrack_bench_surge", "surge.db"))
            {
                var result = new SurgeResult { Provider = database is PostgresBenchDatabase ? "PostgreSQL" : "SQLite", Database = database.Describe };
                report.Results.Add(result);
                Console.WriteLine($"{result.Provider}: {database.Describe}");
                try { await RunProviderAsync(options, appDirectory, database, result, report, work); }
                catch (Exception e) when (IsBenchFailure(e))
                {
                    result.Problem = e.Message;
                    Console.WriteLine($"  FAILED: {e.Message}");
                }
                finally { await DropAsync(database); }
            }
        }
        catch (BenchException e)
        {
            report.Problems.Add(e.Message);
            Console.WriteLine($"FAILED: {e.Message}");
        }
        report.Elapsed = total.Elapsed;
        report.LoadAverageAtEnd = Machine.LoadAverage();
        ResultsFile.Publish(repository, options.Write, SurgeReport.Heading, SurgeReport.Introduction, report.Markdown());
        return report.Problems.Count == 0 && report.Results.All(r => r.Problem is null) ? 0 : 1;
    }

    /// <summary>A fresh database migrated by the app, with its administrator, the province and its communes and the
    /// monthly elements loaded; the app's environment (Production, as deployed: no demo, no development-time checks).</summary>
    public static async Task<(Dictionary<string, string> Environment, string Password, SurgeData Data)> PrepareAsync(
        string appDirectory, BenchDatabase database, string adminEmail, int communes)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Demo__Load"] = "false",
            ["Database__Provider"] = database.Provider,
            ["ConnectionStrings__CivicTrack"] = database.AppConnectionString,
        };
        var password = AppClient.NewPassword();
        await database.ResetAsync();
        await AppProcess.CreateAdminAsync(appDirectory, environment, adminEmail, password, SurgeData.RootCode, SurgeData.RootName);
        var data = new SurgeData(database, communes);
        await data.LoadAsync();
        return (environment, password, data);
    }

    private static async Task RunProviderAsync(SurgeOptions options, string appDirectory, BenchDatabase database, SurgeResult result, SurgeReport report, string work)
    {
        var step = Stopwatch.StartNew();
        var (environment, password, data) = await PrepareAsync(appDirectory, database, AdminEmail, options.Quick ? 332 : 3_321);
        if (options.SqliteWal && database is SqliteBenchDatabase)
        {
            await data.UseWriteAheadLogAsync();
            result.Variant = "journal_mode=WAL set on the file by the benchmark";
        }
        if (database is PostgresBenchDatabase pg) result.ServerSettings = pg.ServerDescription();
        Console.WriteLine($"  migrated, administrator and {data.CommuneCount:N0} communes, {SurgeData.ElementCount} elements loaded in {step.Elapsed.TotalSeconds:0.0} s");

        var log = Path.Combine(work, $"surge-{database.Provider.ToLowerInvariant()}.log");
        await using var app = await AppProcess.StartAsync(appDirectory, environment, log);
        using var http = AppClient.Create(app.Address, options.Concurrency);
        await AppClient.SignInAsync(http, AdminEmail, password);
        await CreateFormAsync(http, data);

        var (period, previous) = Periods();
        report.Period = period;
        report.WarmupPeriod = previous;
        var everyone = Enumerable.Range(1, data.CommuneCount).ToArray();
        result.Warmup = await SurgeRun.RunAsync(http, data, everyone[..Math.Min(WarmupCount, everyone.Length)], previous, options.Concurrency);
        Console.WriteLine($"  warm-up: {result.Warmup.Acknowledged.Count} of {result.Warmup.Sent} acknowledged ({previous}), {result.Warmup.Latencies}; failures {result.Warmup.FailureText}");
        if (result.Warmup.FirstFailure is { } wf) Console.WriteLine($"    first failure: {wf}");

        var serverBefore = await ServerCpuAsync(data, null);
        var appCpu = app.CpuTime();
        var clientCpu = CpuTimes.Self();
        var machine = CpuTimes.Machine();
        result.Surge = await SurgeRun.RunAsync(http, data, everyone, period, options.Concurrency);
        result.AppCpu = app.CpuTime() - appCpu;
        result.ClientCpu = CpuTimes.Self() - clientCpu;
        if (machine is { } m0 && CpuTimes.Machine() is { } m1 && m1.Total > m0.Total) result.MachineBusy = (m1.Busy - m0.Busy) / (m1.Total - m0.Total);
        if (database is PostgresBenchDatabase) result.ServerCpu = (await ServerCpuAsync(data, serverBefore.Pids)).Total - serverBefore.Total;
        result.AppResident = app.ResidentBytes();
        var s = result.Surge;
        Console.WriteLine($"  surge: {s.Acknowledged.Count:N0} of {s.Sent:N0} acknowledged in {s.Elapsed.TotalSeconds:0.00} s = {s.Throughput:N0}/s; {s.Latencies}; failures {s.FailureText}");
        if (s.FirstFailure is { } sf) Console.WriteLine($"    first failure: {sf}");

        result.ExpectedSum = SurgeData.ExpectedSum(s.Acknowledged, period);
        result.Counts = await data.CountAsync(period);
        Console.WriteLine($"  database: {result.Counts.Submitted:N0} Submitted, {result.Counts.SubmitEvents:N0} submit events, {result.Counts.Values:N0} values; exactly once: {result.ExactlyOnce(result.Counts)}");

        // An evenly spread sample of acknowledged reports, sent again as a client would retry after a lost answer.
        var again = s.Acknowledged.Where((_, i) => i % Math.Max(1, s.Acknowledged.Count / ResendCount) == 0).Take(ResendCount).ToArray();
        result.ResendWithValues = await SurgeRun.RunAsync(http, data, again, period, options.Concurrency);
        result.ResendWithoutBody = await SurgeRun.RunAsync(http, data, again, period, options.Concurrency, withValues: false);
        result.CountsAfterResend = await data.CountAsync(period);
        Console.WriteLine($"  resent {again.Length}: with the values → {Statuses(result.ResendWithValues)}; without a body → {Statuses(result.ResendWithoutBody)}; database unchanged: {result.ResendChangedNothing}");
    }

    /// <summary>A step that failed for a reason worth reporting (not a bug of the benchmark itself).</summary>
    public static bool IsBenchFailure(Exception e) =>
        e is BenchException or HttpRequestException or TaskCanceledException or System.Data.Common.DbException or IOException or JsonException;

    /// <summary>Answers by status code: 200 for the acknowledged, the rest as counted.</summary>
    public static string Statuses(SurgePass pass) =>
        string.Join(", ", new[] { pass.Acknowledged.Count > 0 ? $"200 × {pass.Acknowledged.Count}" : null }
            .Concat(pass.Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} × {f.Value}")).OfType<string>());

    /// <summary>The monthly form of the surge, through the API as an administrator defines it.</summary>
    internal static async Task CreateFormAsync(HttpClient http, SurgeData data)
    {
        var sections = data.Elements.Chunk(10).Select((chunk, i) => new
        {
            title = $"Phần {i + 1}",
            titleEn = $"Part {i + 1}",
            fields = chunk.Select(code => new { element = code, required = true }).ToArray(),
        }).ToArray();
        var form = new
        {
            code = SurgeData.FormCode,
            name = "Báo cáo tháng (thử tải hạn chót)",
            nameEn = "Monthly report (deadline surge)",
            periodType = "Month",
            due = "day:25",
            lockAfterDays = (int?)null,
            approvalLevels = 1,
            sections,
            assign = new { kinds = new[] { "Commune" } },
        };
        using var response = await http.PostAsJsonAsync("/api/report-forms", form);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new BenchException($"POST /api/report-forms answered {(int)response.StatusCode}: {AppClient.Shorten(text)}");
        using var created = JsonDocument.Parse(text);
        var assigned = created.RootElement.GetProperty("assignedUnits").GetInt32();
        if (assigned != data.CommuneCount) throw new BenchException($"The form is assigned to {assigned} units, expected {data.CommuneCount}.");
    }

    /// <summary>This month and the one before, in Viet Nam time.</summary>
    public static (string Current, string Previous) Periods()
    {
        var now = DateTime.UtcNow.AddHours(7);
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            month.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(TimeSpan Total, int[] Pids)> ServerCpuAsync(SurgeData data, int[]? earlier)
    {
        var pids = (await data.ServerProcessesAsync()).Union(earlier ?? []).ToArray();
        return (pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + CpuTimes.Process(pid)), pids);
    }

    /// <summary>The given build of the app, or src/CivicTrack built in Release.</summary>
    public static async Task<string> AppDirectoryAsync(string? given, string repository, string work)
    {
        string directory;
        if (given is not null) directory = given;
        else
        {
            var watch = Stopwatch.StartNew();
            Console.WriteLine("App: building src/CivicTrack in Release");
            directory = await AppProcess.BuildAsync(repository, Path.Combine(work, "app-reporting"));
            Console.WriteLine($"  built in {watch.Elapsed.TotalSeconds:0} s");
        }
        if (!File.Exists(Path.Combine(directory, "CivicTrack.dll"))) throw new BenchException($"No CivicTrack.dll in {directory}.");
        return directory;
    }

    /// <summary>SQLite always; PostgreSQL too when an administrator connection string is set.</summary>
    public static IEnumerable<BenchDatabase> Databases(string work, bool sqliteOnly, string postgresName, string sqliteFile)
    {
        yield return new SqliteBenchDatabase(Path.Combine(work, sqliteFile));
        var admin = Environment.GetEnvironmentVariable("CIVICTRACK_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin)) admin = Environment.GetEnvironmentVariable("CIVICTRACK_TEST_POSTGRES");
        if (!sqliteOnly && !string.IsNullOrWhiteSpace(admin)) yield return new PostgresBenchDatabase(admin, postgresName);
    }

    /// <summary>Leaves no database behind.</summary>
    public static async Task DropAsync(BenchDatabase database)
    {
        try
        {
            if (database is PostgresBenchDatabase pg) await pg.DropAsync();
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                await database.ResetAsync();
            }
        }
        catch (Exception e) when (e is IOException or Npgsql.NpgsqlException)
        {
            Console.WriteLine($"  could not remove the database: {e.Message}");
        }
    }
}
