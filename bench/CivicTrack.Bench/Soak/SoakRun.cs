using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CivicTrack.Bench.Analytics;

namespace CivicTrack.Bench.Soak;

/// <summary>What became of one scheduled operation. Times are seconds from the start of the run; a status of 0 means
/// never sent (the run ended first), -1 a failure without an answer (connection, time-out).</summary>
public struct SoakOp
{
    public float Due, Sent, Done;
    public short Status;
}

/// <summary>The app process every 10 s: resident memory, open file descriptors, threads, CPU time, and the client's counts.</summary>
public sealed record SoakSample(double Seconds, long Resident, int Handles, int Threads, TimeSpan AppCpu, long Done, long Errors);

/// <summary>An open-loop run: operation i is due at i / rate seconds whether or not the app has answered the ones before,
/// so a slow app shows as latency (measured from when the operation was due) rather than as a lower offered rate; at
/// most <c>inFlight</c> requests are outstanding, an operation waiting for a free slot keeps its due time.</summary>
public sealed class SoakRun
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public required SoakOp[] Ops { get; init; }
    public required long Scheduled { get; init; }
    public required long Started { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required IReadOnlyList<SoakSample> Samples { get; init; }
    public required IReadOnlyDictionary<string, int> Exceptions { get; init; }
    public required IReadOnlyDictionary<SoakKind, string> FirstFailures { get; init; }
    public TimeSpan AppCpu { get; init; }

    public static bool Ok(short status) => status is >= 200 and < 300;

    public static async Task<SoakRun> RunAsync(HttpClient http, SoakMix mix, AppProcess app, double rate, TimeSpan duration, int inFlight, TextWriter progress)
    {
        var scheduled = (long)Math.Floor(duration.TotalSeconds * rate);
        var ops = new SoakOp[scheduled];
        var exceptions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var firstFailures = new ConcurrentDictionary<SoakKind, string>();
        var slots = new SemaphoreSlim(inFlight, inFlight);
        var window = new ConcurrentQueue<float>();
        long done = 0, errors = 0;
        var samples = new List<SoakSample>();
        var watch = Stopwatch.StartNew();
        var cpuAtStart = app.CpuTime();
        double Now() => watch.Elapsed.TotalSeconds;

        async Task SendAsync(long i)
        {
            var kind = SoakMix.KindOf(i);
            ops[i].Sent = (float)Now();
            short status;
            string? failure = null;
            try
            {
                using var request = mix.Request(i);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var text = await response.Content.ReadAsStringAsync();
                status = (short)response.StatusCode;
                if (!Ok(status)) failure = $"{request.Method} {request.RequestUri} → {status} {AppClient.Shorten(text)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = -1;
                exceptions.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                failure = $"{kind}: {e.GetType().Name}: {e.Message}";
            }
            finally { slots.Release(); }
            var end = Now();
            ops[i].Done = (float)end;
            ops[i].Status = status;
            window.Enqueue((float)((end - ops[i].Due) * 1000));
            Interlocked.Increment(ref done);
            if (failure is not null)
            {
                Interlocked.Increment(ref errors);
                firstFailures.TryAdd(kind, failure);
            }
        }

        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var next = TimeSpan.Zero;
            long doneBefore = 0;
            while (!stop.IsCancellationRequested)
            {
                var t = Now();
                var sample = new SoakSample(t, ResidentMemory.Current(app.Id) ?? 0, Handles(app.Id), Threads(app.Id), app.CpuTime() - cpuAtStart,
                    Interlocked.Read(ref done), Interlocked.Read(ref errors));
                lock (samples) samples.Add(sample);
                var latencies = new List<float>();
                while (window.TryDequeue(out var l)) latencies.Add(l);
                latencies.Sort();
                var p99 = latencies.Count == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(0.99 * latencies.Count) - 1, 0, latencies.Count - 1)];
                if (t > 1)
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {t,6:0} s  done {sample.Done,9:N0} ({(sample.Done - doneBefore) / SampleEvery.TotalSeconds,5:0}/s)  errors {sample.Errors:N0}  p99 {Latencies.Ms(p99),9}  resident {Machine.Size(sample.Resident),7}  fds {sample.Handles,4}  threads {sample.Threads,3}"));
                doneBefore = sample.Done;
                next += SampleEvery;
                var wait = next - watch.Elapsed;
                try { if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token); }
                catch (OperationCanceledException) { }
            }
        });

        // The dispatcher: every millisecond, start what has come due, waiting for a slot when all are taken.
        var tasks = new List<Task>();
        long started = 0;
        var endAt = duration;
        while (started < scheduled)
        {
            var now = Now();
            var startedBefore = started;
            while (started < scheduled && started / rate <= now)
            {
                var i = started;
                ops[i].Due = (float)(i / rate);
                var remaining = endAt - watch.Elapsed;
                if (remaining <= TimeSpan.Zero || !await slots.WaitAsync(remaining)) goto End;
                tasks.Add(SendAsync(i));
                started++;
            }
            if (started == startedBefore) await Task.Delay(1);
            if (tasks.Count > 10_000) tasks.RemoveAll(t => t.IsCompleted);
        }
        End:
        for (var i = started; i < scheduled; i++) ops[i].Due = (float)(i / rate);
        await Task.WhenAll(tasks);
        var elapsed = watch.Elapsed;
        var cpu = app.CpuTime() - cpuAtStart;
        // A last sample once everything has answered.
        stop.Cancel();
        await sampler;
        lock (samples) samples.Add(new SoakSample(Now(), ResidentMemory.Current(app.Id) ?? 0, Handles(app.Id), Threads(app.Id), cpu, done, errors));
        return new SoakRun
        {
            Ops = ops,
            Scheduled = scheduled,
            Started = started,
            Elapsed = elapsed,
            Samples = samples,
            Exceptions = new Dictionary<string, int>(exceptions, StringComparer.Ordinal),
            FirstFailures = new Dictionary<SoakKind, string>(firstFailures),
            AppCpu = cpu,
        };
    }

    /// <summary>Open file descriptors of a process (sockets, files, pipes): the entries of /proc/PID/fd.</summary>
    public static int Handles(int pid)
    {
        try { return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(); }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }

    /// <summary>Open file descriptors of a process by kind (socket, pipe, file, anon_inode:…), for telling a leak apart from a pool.</summary>
    public static string HandleKinds(int pid)
    {
        try
        {
            var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                string kind;
                try
                {
                    var target = new FileInfo(fd).LinkTarget ?? "?";
                    kind = target.StartsWith('/') ? "file in " + (Path.GetDirectoryName(target) ?? "/")
                        : target.IndexOf(':') is var colon and > 0 ? target.StartsWith("anon_inode:", StringComparison.Ordinal) ? target : target[..colon]
                        : target;
                }
                catch (IOException) { continue; }
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
            var top = kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).ToList();
            return string.Join(", ", top.Take(6).Select(k => $"{k.Value} {k.Key}")) + (top.Count > 6 ? $", {top.Skip(6).Sum(k => k.Value)} other" : "");
        }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    /// <summary>Threads of a process: the entries of /proc/PID/task.</summary>
    public static int Threads(int pid)
    {
        try { return Directory.EnumerateDirectories($"/proc/{pid}/task").Count(); }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }
}
