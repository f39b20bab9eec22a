using System.Globalization;

namespace CivicTrack.Bench;

/// <summary>CPU time from /proc: the whole machine, and processes the benchmark does not own (database servers).</summary>
public static class CpuTimes
{
    // The kernel's USER_HZ, 100 on every Linux the app targets.
    private const double TicksPerSecond = 100;

    /// <summary>Busy and total CPU time of the whole machine so far (all CPUs), or null without /proc.</summary>
    public static (TimeSpan Busy, TimeSpan Total)? Machine()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (FromTicks(total - idle), FromTicks(total));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>User + system CPU time of a process, or zero when it is gone or unreadable.</summary>
    public static TimeSpan Process(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; the fields counted here come after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return FromTicks(long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException) { return TimeSpan.Zero; }
        catch (UnauthorizedAccessException) { return TimeSpan.Zero; }
    }

    /// <summary>CPU time of this benchmark process (the client).</summary>
    public static TimeSpan Self()
    {
        using var me = System.Diagnostics.Process.GetCurrentProcess();
        return me.TotalProcessorTime;
    }

    private static TimeSpan FromTicks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
