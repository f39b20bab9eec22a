using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CivicTrack.Reliability;

/// <summary>How many trials, with how many writers, on which database.</summary>
public sealed record CrashOptions(int Trials, int Seed = 20261202, int Clients = 4, int MinKillMs = 200, int MaxKillMs = 3000)
{
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Stop starting new trials after this long (the bench's time budget); null runs them all.</summary>
    public TimeSpan? Budget { get; init; }
}

/// <summary>One trial: what was acknowledged, and what the restarted app holds of it.</summary>
public sealed record CrashTrialResult(int Trial, int KillAfterMs, int Acknowledged, int InFlight, int InFlightApplied, int Refused,
    int Lost, int HalfApplied, int DashboardMismatches, TimeSpan Elapsed, IReadOnlyList<string> Problems)
{
    public bool Holds => Lost == 0 && HalfApplied == 0 && DashboardMismatches == 0 && Refused == 0 && Problems.Count == 0;
}

public sealed record CrashRunResult(string Provider, IReadOnlyList<CrashTrialResult> Trials, TimeSpan Elapsed, string LogFolder)
{
    public int Acknowledged => Trials.Sum(t => t.Acknowledged);
    public int Lost => Trials.Sum(t => t.Lost);
    public int HalfApplied => Trials.Sum(t => t.HalfApplied);
    public int DashboardMismatches => Trials.Sum(t => t.DashboardMismatches);
    public int Refused => Trials.Sum(t => t.Refused);
    public int InFlight => Trials.Sum(t => t.InFlight);
    public int InFlightApplied => Trials.Sum(t => t.InFlightApplied);
    public IEnumerable<string> Problems => Trials.SelectMany(t => t.Problems.Select(p => $"trial {t.Trial}: {p}"));
}

/// <summary>Crash safety of writes: the real app as a child process on a copy of a demo database; several clients send
/// data-value batches and report saves; the process is killed with SIGKILL at a seeded random moment and started again on
/// the same database. Every acknowledged write must be there with its value, each batch all or nothing, and the dashboards
/// must equal the sum of the stored values.</summary>
/// <remarks>Every value a write carries is the write's own number (client × 1,000,000 + sequence), and each client writes
/// only cells of its own, one request at a time: the last acknowledged writer of a cell is known, and at most one request
/// per client (the one in flight at the kill) may or may not have been applied — all of its cells, or none.</remarks>
public static class CrashTrials
{
    public const string FormCode = "CRASH-TRIAL";
    private static readonly string[] DataPeriods = ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05", "2019-06"];
    private static readonly string[] ReportPeriods = ["2031-01", "2031-02", "2031-03"];
    private const int VillagesPerClient = 3;
    private const string Admin = "admin@demo.local";

    private sealed record World(string Root, IReadOnlyList<string> Elements, IReadOnlyList<string> Villages, IReadOnlyList<string> Communes);

    private readonly record struct Cell(string Element, string Unit, string Period);

    private sealed record Write(long Id, int Client, bool IsReport, IReadOnlyList<Cell> Cells)
    {
        public Outcome Outcome { get; set; }
        public string? Answer { get; set; }
    }

    private enum Outcome { Pending, Acknowledged, Refused, InFlight }

    public static async Task<CrashRunResult> RunAsync(TrialDatabases databases, string appDirectory, string demoPassword, CrashOptions options,
        Action<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var work = Path.Combine(Path.GetTempPath(), "civictrack-crash", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var evidence = Path.Combine(work, "evidence");
        await databases.PrepareAsync(ct);

        // The template: the demo loaded by a first instance, plus a report form of the trial's own; then killed like any trial.
        World world;
        await using (var first = await AppServer.StartAsync(appDirectory, AppServer.Environment(databases.Provider, databases.TemplateConnection, demoPassword, evidence),
            Path.Combine(work, "template.log"), options.StartTimeout, ct))
        {
            using var http = await SignInAsync(first.Address, demoPassword, ct);
            world = await PrepareWorldAsync(http, options.Clients, ct);
            await first.KillAsync();
        }
        progress?.Invoke($"{databases.Provider}: demo database prepared in {clock.Elapsed.TotalSeconds:0.0} s");

        var results = new List<CrashTrialResult>();
        for (var trial = 1; trial <= options.Trials; trial++)
        {
            if (options.Budget is { } budget && clock.Elapsed > budget) break;
            var connection = await databases.CopyAsync(trial, ct);
            var env = AppServer.Environment(databases.Provider, connection, demoPassword, evidence);
            var result = await TrialAsync(trial, world, env, appDirectory, demoPassword, options, Path.Combine(work, $"trial-{trial}.log"), ct);
            results.Add(result);
            if (result.Holds) await databases.DropAsync(trial, ct);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{databases.Provider} trial {trial}: killed after {result.KillAfterMs} ms, {result.Acknowledged} acknowledged, {result.InFlight} in flight ({result.InFlightApplied} applied), lost {result.Lost}, half-applied {result.HalfApplied}, dashboard mismatches {result.DashboardMismatches}{(result.Problems.Count > 0 ? "; " + string.Join("; ", result.Problems) : "")} ({result.Elapsed.TotalSeconds:0.0} s)"));
        }
        // The logs are kept only when a trial found something.
        if (results.All(r => r.Holds))
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return new CrashRunResult(databases.Provider, results, clock.Elapsed, work);
    }

    private static async Task<CrashTrialResult> TrialAsync(int trial, World world, IReadOnlyDictionary<string, string> env, string appDirectory,
        string demoPassword, CrashOptions options, string log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<string>();
        var rng = new Random(HashCode.Combine(options.Seed, trial) & int.MaxValue);
        var killAfter = rng.Next(options.MinKillMs, options.MaxKillMs + 1);
        var cells = Enumerable.Range(0, options.Clients).Select(c => ClientCells(world, c)).ToList();
        var writes = new List<Write>[options.Clients];
        Dictionary<Cell, double?> before;

        await using (var app = await AppServer.StartAsync(appDirectory, env, log, options.StartTimeout, ct))
        {
            using (var http = await SignInAsync(app.Address, demoPassword, ct))
                before = await ReadCellsAsync(http, world, ct);
            var token = await TokenAsync(app.Address, demoPassword, ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var clients = Enumerable.Range(0, options.Clients).Select(c =>
            {
                writes[c] = [];
                var seed = rng.Next();
                return Task.Run(() => WriterAsync(app.Address, token, c, seed, cells[c], writes[c], stop.Token), CancellationToken.None);
            }).ToList();
            await Task.Delay(killAfter, ct);
            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        Dictionary<Cell, double?> after;
        int dashboardMismatches;
        await using (var app = await AppServer.StartAsync(appDirectory, env, log, options.StartTimeout, ct))
        {
            using var http = await SignInAsync(app.Address, demoPassword, ct);
            after = await ReadCellsAsync(http, world, ct);
            dashboardMismatches = await CheckDashboardsAsync(http, world, problems, ct);
            await app.KillAsync();
        }

        var all = writes.SelectMany(w => w).ToList();
        var (lost, halfApplied, inFlightApplied) = Check(writes, before, after, problems);
        var refused = all.Where(w => w.Outcome == Outcome.Refused).ToList();
        foreach (var r in refused.Take(3)) problems.Add($"write {r.Id} was refused before the kill: {r.Answer}");
        return new CrashTrialResult(trial, killAfter, all.Count(w => w.Outcome == Outcome.Acknowledged), all.Count(w => w.Outcome == Outcome.InFlight),
            inFlightApplied, refused.Count, lost, halfApplied, dashboardMismatches, clock.Elapsed, problems);
    }

    /// <summary>Replays each client's acknowledged writes over the values found before; the write in flight is applied when
    /// all its cells carry its number, left out when none do, and half-applied otherwise.</summary>
    private static (int Lost, int HalfApplied, int InFlightApplied) Check(List<Write>[] writes, Dictionary<Cell, double?> before,
        Dictionary<Cell, double?> after, List<string> problems)
    {
        int lost = 0, half = 0, applied = 0;
        foreach (var client in writes)
        {
            var expected = new Dictionary<Cell, (double? Value, Write? By)>();
            foreach (var (cell, value) in before) expected[cell] = (value, null);
            foreach (var w in client.Where(w => w.Outcome == Outcome.Acknowledged))
                foreach (var cell in w.Cells) expected[cell] = (w.Id, w);
            foreach (var w in client.Where(w => w.Outcome == Outcome.InFlight))
            {
                var carrying = w.Cells.Count(c => after[c] == w.Id);
                if (carrying == w.Cells.Count)
                {
                    applied++;
                    foreach (var cell in w.Cells) expected[cell] = (w.Id, w);
                }
                else if (carrying > 0)
                {
                    half++;
                    problems.Add($"write {w.Id} ({(w.IsReport ? "report save" : "data-value batch")}) half-applied: {carrying} of {w.Cells.Count} cells");
                }
            }
            var lostWrites = new HashSet<long>();
            foreach (var cell in client.SelectMany(w => w.Cells).Distinct())
            {
                var (value, by) = expected[cell];
                var found = after[cell];
                if (found == value) continue;
                if (by is not null && lostWrites.Add(by.Id))
                    problems.Add($"write {by.Id} acknowledged but {cell.Element}/{cell.Unit}/{cell.Period} holds {Show(found)} instead of {Show(value)}");
                else if (by is null && client.Any(w => w.Outcome == Outcome.InFlight && w.Cells.Contains(cell) && found == w.Id)) { }
                else if (by is null) problems.Add($"{cell.Element}/{cell.Unit}/{cell.Period} holds {Show(found)}, written by no acknowledged write (was {Show(value)})");
            }
            lost += lostWrites.Count;
        }
        return (lost, half, applied);
    }

    private static string Show(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "nothing";

    private static async Task WriterAsync(Uri address, string token, int client, int seed, (List<Cell> Data, List<Cell> Report) cells,
        List<Write> log, CancellationToken stop)
    {
        var rng = new Random(seed);
        using var http = Client(address, token);
        for (var k = 1; !stop.IsCancellationRequested; k++)
        {
            var id = (client + 1) * 1_000_000L + k;
            Write write;
            HttpRequestMessage request;
            if (rng.NextDouble() < 0.6)
            {
                var pick = cells.Data.OrderBy(_ => rng.Next()).Take(rng.Next(2, 13)).ToList();
                write = new Write(id, client, false, pick);
                request = new HttpRequestMessage(HttpMethod.Put, "/api/data-values")
                {
                    Content = JsonContent.Create(new { values = pick.Select(c => new { element = c.Element, unit = c.Unit, period = c.Period, value = (double)id }) }),
                };
            }
            else
            {
                var period = ReportPeriods[rng.Next(ReportPeriods.Length)];
                var pick = cells.Report.Where(c => c.Period == period).OrderBy(_ => rng.Next()).Take(rng.Next(1, 5)).ToList();
                write = new Write(id, client, true, pick);
                request = new HttpRequestMessage(HttpMethod.Put, $"/api/reports/{FormCode}/{pick[0].Unit}/{period}")
                {
                    Content = JsonContent.Create(new { values = pick.Select(c => new { element = c.Element, value = (double)id }) }),
                };
            }
            log.Add(write);
            try
            {
                using var response = await http.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                write.Outcome = response.IsSuccessStatusCode ? Outcome.Acknowledged : Outcome.Refused;
                write.Answer = $"{(int)response.StatusCode} {Shorten(body)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // No answer: the process died with the request in flight (sent, perhaps applied).
                write.Outcome = Outcome.InFlight;
                return;
            }
            finally { request.Dispose(); }
        }
    }

    private static (List<Cell> Data, List<Cell> Report) ClientCells(World world, int client)
    {
        var villages = world.Villages.Skip(client * VillagesPerClient).Take(VillagesPerClient);
        var data = (from v in villages from p in DataPeriods from e in world.Elements select new Cell(e, v, p)).ToList();
        var report = (from p in ReportPeriods from e in world.Elements select new Cell(e, world.Communes[client], p)).ToList();
        return (data, report);
    }

    private static async Task<Dictionary<Cell, double?>> ReadCellsAsync(HttpClient http, World world, CancellationToken ct)
    {
        var found = new Dictionary<Cell, double?>();
        foreach (var (units, periods) in new[] { (world.Villages, DataPeriods), (world.Communes, ReportPeriods) })
            foreach (var unit in units)
            {
                var list = await GetJsonAsync(http, $"/api/data-values?unit={unit}&elements={string.Join(',', world.Elements)}&periods={periods[0]}..{periods[^1]}&limit=50000", ct);
                foreach (var e in world.Elements)
                    foreach (var p in periods)
                        found[new Cell(e, unit, p)] = null;
                foreach (var v in list!.AsArray())
                    found[new Cell(v!["element"]!.GetValue<string>(), v["unit"]!.GetValue<string>(), v["period"]!.GetValue<string>())] = v["value"]!.GetValue<double>();
            }
        return found;
    }

    /// <summary>The province's dashboard (the analytics store, loaded again at start) for each element and month against the
    /// sum of the values stored under the province for it.</summary>
    private static async Task<int> CheckDashboardsAsync(HttpClient http, World world, List<string> problems, CancellationToken ct)
    {
        var mismatches = 0;
        foreach (var periods in new[] { DataPeriods, ReportPeriods })
        {
            var range = $"{periods[0]}..{periods[^1]}";
            var stored = await GetJsonAsync(http, $"/api/data-values?unit={world.Root}&subtree=true&elements={string.Join(',', world.Elements)}&periods={range}&limit=50000", ct);
            var sums = stored!.AsArray().GroupBy(v => (E: v!["element"]!.GetValue<string>(), P: v["period"]!.GetValue<string>()))
                .ToDictionary(g => g.Key, g => g.Sum(v => v!["value"]!.GetValue<double>()));
            var analytics = await GetJsonAsync(http, $"/api/analytics?indicators={string.Join(',', world.Elements)}&units={world.Root}&periods={range}", ct);
            foreach (var cell in analytics!["values"]!.AsArray())
            {
                var key = (E: cell!["item"]!.GetValue<string>(), P: cell["period"]!.GetValue<string>());
                var shown = cell["value"]?.GetValue<double>() ?? 0;
                var sum = sums.GetValueOrDefault(key);
                if (Math.Abs(shown - sum) <= 1e-6 * Math.Max(1, Math.Abs(sum))) continue;
                mismatches++;
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"dashboard {key.E} {world.Root} {key.P} shows {shown}, the stored values add up to {sum}"));
            }
        }
        return mismatches;
    }

    /// <summary>Picks four summed whole-number elements, open villages and communes, and adds a monthly report form on them.</summary>
    private static async Task<World> PrepareWorldAsync(HttpClient http, int clients, CancellationToken ct)
    {
        var elements = (await GetJsonAsync(http, "/api/data-elements", ct))!.AsArray()
            .Where(e => e!["aggregation"]!.GetValue<string>() == "Sum" && e["valueType"]!.GetValue<string>() == "Integer")
            .Select(e => e!["code"]!.GetValue<string>()).Order(StringComparer.Ordinal).Take(4).ToList();
        async Task<List<JsonNode>> Units(string kind) => [.. (await GetJsonAsync(http, $"/api/org-units?kind={kind}&limit=1000", ct))!["items"]!.AsArray()
            .Where(u => u!["closedOn"] is null).Select(u => u!)];
        var communes = await Units("Commune");
        var villages = await Units("Village");
        if (elements.Count < 4 || communes.Count < clients || villages.Count < clients * VillagesPerClient)
            throw new InvalidOperationException("The demo has too few summed elements, communes or villages for the crash trial.");
        var world = new World(communes[0]["parentCode"]!.GetValue<string>(), elements,
            [.. villages.Take(clients * VillagesPerClient).Select(u => u["code"]!.GetValue<string>())],
            [.. communes.Take(clients).Select(u => u["code"]!.GetValue<string>())]);
        using var created = await http.PostAsJsonAsync("/api/report-forms", new
        {
            code = FormCode, name = "Báo cáo thử độ bền", periodType = "Month", firstPeriod = ReportPeriods[0], lastPeriod = "2031-12", due = "day:25",
            approvalLevels = 0, sections = new[] { new { title = "Số liệu", fields = elements.Select(e => new { element = e }) } },
            assign = new { units = world.Communes },
        }, ct);
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating the trial's report form answered {(int)created.StatusCode}: {Shorten(await created.Content.ReadAsStringAsync(ct))}");
        return world;
    }

    private static async Task<HttpClient> SignInAsync(Uri address, string password, CancellationToken ct) => Client(address, await TokenAsync(address, password, ct));

    private static async Task<string> TokenAsync(Uri address, string password, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email = Admin, password }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/auth/login answered {(int)response.StatusCode}: {Shorten(body)}");
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    private static HttpClient Client(Uri address, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonNode?> GetJsonAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {Shorten(body)}");
        return JsonNode.Parse(body);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
