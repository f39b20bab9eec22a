using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace CivicTrack.Bench.Surge;

/// <summary>One pass of submissions: who was acknowledged, how long each took, and what failed.</summary>
public sealed class SurgePass
{
    public required int Sent { get; init; }
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Latencies of the acknowledged (200) requests only.</summary>
    public required Latencies Latencies { get; init; }
    /// <summary>1-based commune numbers whose submission the app acknowledged.</summary>
    public required IReadOnlyList<int> Acknowledged { get; init; }
    /// <summary>Failed requests by status code, or by exception type when no answer came.</summary>
    public required IReadOnlyDictionary<string, int> Failures { get; init; }
    public string? FirstFailure { get; init; }
    /// <summary>Acknowledgements in each whole second of the pass.</summary>
    public required IReadOnlyList<int> PerSecond { get; init; }

    public double Throughput => Acknowledged.Count / Elapsed.TotalSeconds;

    /// <summary>The slowest whole second, the last (partial) one left out; null for a pass under two seconds.</summary>
    public int? SlowestSecond => PerSecond.Count >= 3 ? PerSecond.Take(PerSecond.Count - 1).Min() : null;

    public string FailureText => Failures.Count == 0 ? "none" : string.Join(", ", Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} × {f.Value}"));
}

/// <summary>Sends <c>POST /api/reports/{form}/{unit}/{period}/submit</c> for many communes with bounded concurrency.</summary>
public static class SurgeRun
{
    /// <summary>Submits each commune's report once, at most <paramref name="concurrency"/> in flight; a null body sends none.</summary>
    public static async Task<SurgePass> RunAsync(HttpClient http, SurgeData data, IReadOnlyList<int> communes, string period, int concurrency, bool withValues = true)
    {
        var bodies = communes.Select(c => withValues ? data.Body(c, period) : null).ToArray();
        var paths = communes.Select(c => $"/api/reports/{SurgeData.FormCode}/{data.Communes[c - 1]}/{period}/submit").ToArray();
        var ticks = new long[communes.Count];
        var done = new long[communes.Count];
        var acknowledged = new bool[communes.Count];
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        string? firstFailure = null;
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(concurrency, communes.Count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < communes.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, paths[i]);
                if (bodies[i] is { } body)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    var text = await response.Content.ReadAsStringAsync();
                    ticks[i] = Stopwatch.GetTimestamp() - start;
                    if ((int)response.StatusCode == 200) acknowledged[i] = true;
                    else
                    {
                        failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        Interlocked.CompareExchange(ref firstFailure, $"POST {paths[i]} → {(int)response.StatusCode} {AppClient.Shorten(text)}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    ticks[i] = Stopwatch.GetTimestamp() - start;
                    failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                    Interlocked.CompareExchange(ref firstFailure, $"POST {paths[i]} → {e.GetType().Name}: {e.Message}", null);
                }
                done[i] = watch.ElapsedTicks;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();

        var seconds = (int)Math.Ceiling(watch.Elapsed.TotalSeconds);
        var perSecond = new int[Math.Max(seconds, 1)];
        for (var i = 0; i < communes.Count; i++)
            if (acknowledged[i]) perSecond[Math.Min((int)(done[i] / (double)Stopwatch.Frequency), perSecond.Length - 1)]++;
        return new SurgePass
        {
            Sent = communes.Count,
            Elapsed = watch.Elapsed,
            Latencies = new Latencies(Enumerable.Range(0, communes.Count).Where(i => acknowledged[i]).Select(i => ticks[i])),
            Acknowledged = [.. Enumerable.Range(0, communes.Count).Where(i => acknowledged[i]).Select(i => communes[i])],
            Failures = new Dictionary<string, int>(failures, StringComparer.Ordinal),
            FirstFailure = firstFailure,
            PerSecond = perSecond,
        };
    }
}
