using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CivicTrack.Bench.Analytics;

/// <summary>The real CivicTrack app as a child process: built in Release, run against the bench database.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<long> _storeLoadMs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }
    public int Id => _process.Id;

    /// <summary>Builds src/CivicTrack in Release into <paramref name="output"/>; the build log is printed on failure.</summary>
    public static async Task<string> BuildAsync(string repository, string output)
    {
        var project = Path.Combine(repository, "src", "CivicTrack");
        var (code, text) = await RunToEndAsync("dotnet", ["build", "-c", "Release", project, "-o", output, "-nologo", "-v", "q"], repository, null, null);
        if (code != 0)
            throw new BenchException($"src/CivicTrack does not build in Release (exit {code}):{Environment.NewLine}{Tail(text, 40)}");
        return output;
    }

    /// <summary><c>create-admin</c>: migrates the empty database, makes the root unit and an administrator.</summary>
    public static async Task CreateAdminAsync(string appDirectory, IDictionary<string, string> environment, string email, string password,
        string unitCode = NationalData.RootCode, string unitName = NationalData.RootName)
    {
        var (code, text) = await RunToEndAsync("dotnet",
            [Path.Combine(appDirectory, "CivicTrack.dll"), "create-admin", "--email", email, "--unit", unitCode, "--unit-name", unitName],
            appDirectory, environment, password + "\n");
        if (code != 0) throw new BenchException($"create-admin failed (exit {code}):{Environment.NewLine}{Tail(text, 40)}");
    }

    /// <summary>Starts the server on a free loopback port and waits until it answers.</summary>
    public static async Task<AppProcess> StartAsync(string appDirectory, IDictionary<string, string> environment, string logFile)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = Start("dotnet", [Path.Combine(appDirectory, "CivicTrack.dll"), "--urls", address.ToString().TrimEnd('/')], appDirectory, environment, redirectInput: false);
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var app = new AppProcess(start, log, address);
        start.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        start.ErrorDataReceived += (_, e) => app.OnOutput(e.Data);
        start.BeginOutputReadLine();
        start.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (start.HasExited) throw new BenchException($"The app exited with code {start.ExitCode} while starting; see {logFile}.");
            try
            {
                using var response = await http.GetAsync(new Uri(address, "/api/auth/me"));
                return app; // any answer (401 without a token) means it is serving
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await app.DisposeAsync();
        throw new BenchException($"The app did not answer within 3 minutes; see {logFile}.");
    }

    /// <summary>The duration the app itself logged for loading its analytics store, once it has.</summary>
    public async Task<long?> StoreLoadMsAsync(TimeSpan wait)
    {
        var done = await Task.WhenAny(_storeLoadMs.Task, Task.Delay(wait));
        return done == _storeLoadMs.Task ? _storeLoadMs.Task.Result : null;
    }

    /// <summary>Resident memory of the app process, from /proc.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>CPU time the app process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>CPU time the app's tiered-compilation thread has used so far (from /proc), or null where there is none.</summary>
    /// <remarks>While it keeps growing, the runtime is still compiling hot methods again, optimised, on the app's cores.</remarks>
    public TimeSpan? CompilerCpu()
    {
        try
        {
            long ns = 0;
            var found = false;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal)) continue;
                    ns += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    found = true;
                }
                catch (IOException) { } // the thread ended meanwhile
            }
            return found ? TimeSpan.FromTicks(ns / 100) : TimeSpan.Zero;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Peak resident memory (VmHWM) of the app process, where /proc has it.</summary>
    public long? PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
        if (StoreLoaded().Match(line) is { Success: true } m)
            _storeLoadMs.TrySetResult(long.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"into the analytics store in ([\d,]+) ms")]
    private static partial Regex StoreLoaded();

    private static Process Start(string file, IEnumerable<string> args, string directory, IDictionary<string, string>? environment, bool redirectInput)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        return Process.Start(info) ?? throw new BenchException($"Could not start {file}.");
    }

    private static async Task<(int Code, string Output)> RunToEndAsync(string file, IEnumerable<string> args, string directory, IDictionary<string, string>? environment, string? input)
    {
        using var process = Start(file, args, directory, environment, redirectInput: input is not null);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text, int lines) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines));
}

/// <summary>A step of the benchmark could not be carried out; the message says which and why.</summary>
public sealed class BenchException(string message) : Exception(message);
