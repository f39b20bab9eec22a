using System.Globalization;

namespace CivicTrack.Bench;

/// <summary>Resident memory of a process from /proc: the current size (VmRSS) and the peak (VmHWM), which Linux lets a
/// process reset for itself so that one stage of an in-process benchmark can be measured apart from the ones before.</summary>
public static class ResidentMemory
{
    /// <summary>VmRSS of the process, or null without /proc.</summary>
    public static long? Current(int? pid = null) => Field(pid, "VmRSS:");

    /// <summary>VmHWM (peak resident) of the process, or null without /proc.</summary>
    public static long? Peak(int? pid = null) => Field(pid, "VmHWM:");

    /// <summary>Sets this process's peak back to its current size (writes 5 to /proc/self/clear_refs); false when not allowed.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static long? Field(int? pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{(pid is { } p ? p.ToString(CultureInfo.InvariantCulture) : "self")}/status"))
                if (line.StartsWith(name, StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
