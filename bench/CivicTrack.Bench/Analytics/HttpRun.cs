using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CivicTrack.Bench.Analytics;

/// <summary>Latencies of one pass of queries through the endpoint.</summary>
public sealed record HttpPass(int Concurrency, Latencies Latencies, TimeSpan Elapsed, int Failures)
{
    /// <summary>CPU time the app spent per request: unlike latency, not inflated by other work on the machine.</summary>
    public double? AppCpuMsPerRequest { get; set; }

    /// <summary>CPU time this client (the whole bench process) spent per request.</summary>
    public double? ClientCpuMsPerRequest { get; set; }

    public double PerSecond => Latencies.Count / Elapsed.TotalSeconds;
}

/// <summary>Asks <c>GET /api/analytics</c> the same questions as the engine run, signed in with a bearer token.</summary>
public sealed class HttpRun : IDisposable
{
    private readonly HttpClient _http;
    private readonly NationalData _data;

    public HttpRun(Uri address, NationalData data)
    {
        _data = data;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public async Task SignInAsync(string email, string password)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"POST /api/auth/login answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString() ?? throw new BenchException("The login answer has no token.");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string PathOf(Query q) => PathOf(string.Join(',', q.Indicators.Select(i => _data.Indicators[i - 1].Code)), q);

    public static string PathOf(string items, Query q) =>
        $"/api/analytics?indicators={Uri.EscapeDataString(items)}&units={Uri.EscapeDataString(q.UnitCode)}&periods={Uri.EscapeDataString(q.PeriodText)}";

    /// <summary>One request, checked: it must succeed and answer exactly one cell per item.</summary>
    public async Task<JsonDocument> GetAsync(string path, int expectedCells)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"GET {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        var doc = JsonDocument.Parse(text);
        var cells = doc.RootElement.GetProperty("values").GetArrayLength();
        if (cells != expectedCells)
            throw new BenchException($"GET {path} answered {cells} cells, expected {expectedCells} (one period column per item): {Shorten(text)}");
        return doc;
    }

    /// <summary>Runs every query with at most <paramref name="concurrency"/> in flight, timing each request to its last byte.</summary>
    public async Task<HttpPass> RunAsync(Query[] queries, int concurrency)
    {
        var ticks = new long[queries.Length];
        var failures = 0;
        var next = -1;
        string? firstFailure = null;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queries.Length)
            {
                var path = PathOf(queries[i]);
                var start = Stopwatch.GetTimestamp();
                using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                ticks[i] = Stopwatch.GetTimestamp() - start;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"GET {path} → {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}", null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();
        if (firstFailure is not null) Console.WriteLine($"  {failures} failed requests; the first: {firstFailure}");
        return new HttpPass(concurrency, new Latencies(ticks), watch.Elapsed, failures);
    }

    /// <summary>The same explorer request <paramref name="runs"/> times, one at a time, each checked for its cell count.</summary>
    public async Task<Latencies> TimeAsync(string path, int expectedCells, int runs)
    {
        var ticks = new long[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var text = await response.Content.ReadAsStringAsync();
            ticks[i] = Stopwatch.GetTimestamp() - start;
            if (!response.IsSuccessStatusCode) throw new BenchException($"GET {path} answered {(int)response.StatusCode}: {Shorten(text)}");
            if (i == 0)
            {
                using var doc = JsonDocument.Parse(text);
                var cells = doc.RootElement.GetProperty("data").GetProperty("values").GetArrayLength();
                if (cells != expectedCells) throw new BenchException($"GET {path} answered {cells} cells, expected {expectedCells}.");
            }
        }
        return new Latencies(ticks);
    }

    /// <summary>The value of the single cell for <paramref name="item"/> in an analytics answer.</summary>
    public static double? CellValue(JsonDocument doc, string item)
    {
        foreach (var cell in doc.RootElement.GetProperty("values").EnumerateArray())
            if (cell.GetProperty("item").GetString() == item)
                return cell.GetProperty("value").ValueKind == JsonValueKind.Null ? null : cell.GetProperty("value").GetDouble();
        return null;
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
