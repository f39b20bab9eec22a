using System.Globalization;
using System.Runtime.InteropServices;

namespace CivicTrack.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static string Describe()
    {
        var memory = TotalMemoryBytes() is { } bytes ? Size(bytes) : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} logical CPUs{Cpu()}, {memory} RAM, {RuntimeInformation.OSDescription.Trim()} ({RuntimeInformation.OSArchitecture}), .NET {Environment.Version}; {Reference.Value}");
    }

    /// <summary>How fast one core is, so runs on different hosts of the same description can be compared: the best of three
    /// sorts of the same 4,000,000 pseudo-random integers, taken once per process before any load.</summary>
    private static readonly Lazy<string> Reference = new(() =>
    {
        var source = new int[4_000_000];
        var random = new Random(20261205);
        for (var i = 0; i < source.Length; i++) source[i] = random.Next();
        var copy = new int[source.Length];
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            source.CopyTo(copy, 0);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Array.Sort(copy);
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return string.Create(CultureInfo.InvariantCulture, $"one core sorts 4,000,000 integers in {best:0} ms");
    });

    /// <summary>MemTotal from /proc/meminfo, else what the GC sees.</summary>
    public static long? TotalMemoryBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string Cpu()
    {
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? "" : " (" + model[(model.IndexOf(':') + 1)..].Trim() + ")";
        }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>The 1-minute load average: other work on the machine shows in the numbers.</summary>
    public static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB",
    };
}
