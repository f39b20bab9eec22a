using System.Diagnostics;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using CivicTrack.Bench.Analytics;

namespace CivicTrack.Bench.Dossiers;

/// <summary>What <c>import-dossiers</c> said it did.</summary>
public sealed record ImportSummary(long? Added, long? Updated, long? Unchanged, long? Refused, string Text)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"added {Show(Added)}, updated {Show(Updated)}, unchanged {Show(Unchanged)}, refused {Show(Refused)}");

    private static string Show(long? n) => n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "?";
}

/// <summary>CivicTrack end to end: the app's <c>import-dossiers FILE</c> command (parse, check, persist, count) as a
/// child process against a database that holds the demo province, measured from outside.</summary>
public static class AppImport
{
    public const string Command = "import-dossiers";
    public const string CommandType = "ImportDossiersCommand";

    /// <summary>Whether the app build holds the command (a type of that name in CivicTrack.dll).</summary>
    public static bool HasCommand(string appDirectory)
    {
        var dll = Path.Combine(appDirectory, "CivicTrack.dll");
        if (!File.Exists(dll)) return false;
        using var pe = new PEReader(File.OpenRead(dll));
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Any(t => metadata.GetString(metadata.GetTypeDefinition(t).Name) == CommandType);
    }

    /// <summary>Whether the source tree holds the command, so that building the app is worth it.</summary>
    public static bool SourceHasCommand(string repository)
    {
        var features = Path.Combine(repository, "src", "CivicTrack", "Features");
        return Directory.Exists(features) && Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains("class " + CommandType, StringComparison.Ordinal));
    }

    /// <summary>The app's settings for the import: the demo province loaded (its units are the handling units), without
    /// its demo dossiers.</summary>
    public static Dictionary<string, string> Environment(BenchDatabase database) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Demo__Load"] = "true",
        ["Demo__Dossiers"] = "false",
        ["Demo__Password"] = AppClient.NewPassword(),
        ["Database__Provider"] = database.Provider,
        ["ConnectionStrings__CivicTrack"] = database.AppConnectionString,
    };

    /// <summary>A fresh database with the demo province: the app is started once (it migrates and loads the demo) and stopped.</summary>
    public static async Task<TimeSpan> PrepareAsync(string appDirectory, BenchDatabase database, Dictionary<string, string> environment, string log)
    {
        var watch = Stopwatch.StartNew();
        await database.ResetAsync();
        await using (await AppProcess.StartAsync(appDirectory, environment, log)) { }
        return watch.Elapsed;
    }

    /// <summary>Runs <c>import-dossiers FILE</c> to its end, sampling its peak resident memory every 100 ms.</summary>
    public static async Task<(DossierStage Stage, ImportSummary? Summary)> RunAsync(string name, string appDirectory, Dictionary<string, string> environment,
        string file, long rows, string log, PostgresServerCpu? server)
    {
        var stage = new DossierStage(name) { Rows = rows };
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(appDirectory, "CivicTrack.dll"));
        info.ArgumentList.Add(Command);
        info.ArgumentList.Add(file);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment) info.Environment[k] = v;

        var output = new StringBuilder();
        await using var logWriter = new StreamWriter(log) { AutoFlush = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) { output.AppendLine(line); logWriter.WriteLine(line); }
        }

        var children = Children();
        var serverCpu = server?.Total();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new BenchException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        TimeSpan cpu = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TimeSpan.FromHours(2));
        while (!process.HasExited)
        {
            if (ResidentMemory.Peak(process.Id) is { } p) peak = Math.Max(peak, p);
            var c = CpuTimes.Process(process.Id);
            if (c > cpu) cpu = c;
            try { await process.WaitForExitAsync(timeout.Token).WaitAsync(TimeSpan.FromMilliseconds(100)); }
            catch (TimeoutException) { }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchException($"{Command} did not finish within 2 hours; see {log}.");
            }
        }
        await process.WaitForExitAsync();
        stage.Wall = watch.Elapsed;
        // The child's own CPU and peak, exactly, once it has been waited for (getrusage of this process's children).
        var after = Children();
        if (after is { } a && children is { } b)
        {
            if (a.Cpu - b.Cpu > cpu) cpu = a.Cpu - b.Cpu;
            if (a.MaxResident > b.MaxResident) peak = Math.Max(peak, a.MaxResident);
        }
        stage.Cpu = cpu;
        stage.PeakBytes = peak > 0 ? peak : null;
        if (server is not null && serverCpu is { } s0)
        {
            var used = server.Total() - s0;
            stage.Cpu = cpu + used;
            stage.Notes.Add($"CPU: the app {cpu.TotalSeconds:0.0} s + the PostgreSQL server {used.TotalSeconds:0.0} s");
        }
        string text;
        lock (output) text = output.ToString();
        if (process.ExitCode != 0)
        {
            stage.Problem = $"{Command} exited with code {process.ExitCode}: {AppClient.Shorten(Tail(text, 8))}";
            return (stage, null);
        }
        var summary = Summary(text);
        stage.Notes.Add($"summary: {summary}");
        return (stage, summary);
    }

    /// <summary>Reads the counts from the summary, written as "added 10" or "10 added" (any case, with or without a colon).</summary>
    public static ImportSummary Summary(string text)
    {
        long? Find(string word)
        {
            var m = Regex.Matches(text, $@"\b{word}\b\s*[:=]?\s*(\d[\d,. ]*\d|\d)|(\d[\d,. ]*\d|\d)\s+(?:dossiers?\s+|rows?\s+)?{word}\b", RegexOptions.IgnoreCase);
            if (m.Count == 0) return null;
            var g = m[^1].Groups[1].Success ? m[^1].Groups[1].Value : m[^1].Groups[2].Value;
            return long.TryParse(new string([.. g.Where(char.IsAsciiDigit)]), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        return new ImportSummary(Find("added"), Find("updated"), Find("unchanged"), Find("refused"), Tail(text, 6));
    }

    private static string Tail(string text, int lines) =>
        string.Join(" / ", text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines));

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds, MaxResidentKb;
        // The rest of struct rusage (13 longs), unread.
        public long R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    /// <summary>CPU and the largest peak of the children this process has waited for (RUSAGE_CHILDREN), where Linux has it.</summary>
    private static (TimeSpan Cpu, long MaxResident)? Children()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetResourceUsage(-1, out var u) != 0) return null;
            return (TimeSpan.FromSeconds(u.UserSeconds + u.SystemSeconds + (u.UserMicroseconds + u.SystemMicroseconds) / 1e6), u.MaxResidentKb * 1024);
        }
        catch (DllNotFoundException) { return null; }
        catch (EntryPointNotFoundException) { return null; }
    }
}
