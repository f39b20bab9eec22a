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
            $"{Environment.ProcessorCount} logical CPUs{Cpu()}, {memory} RAM, {RuntimeInformation.OSDescription.Trim()} ({RuntimeInformation.OSArchitecture}), .NET {Environment.Version}");
    }

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
