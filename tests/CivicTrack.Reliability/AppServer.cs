using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CivicTrack.Reliability;

/// <summary>The real app as a separate OS process (<c>dotnet CivicTrack.dll</c>) on a loopback port, so that it can be
/// killed outright and started again on the same database.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppServer(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The folder holding CivicTrack.dll beside the calling assembly (the tests' or the bench's output).</summary>
    public static string DefaultAppDirectory()
    {
        var dir = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(dir, "CivicTrack.dll")))
            throw new InvalidOperationException($"CivicTrack.dll is not in {dir}; build the project that references the app first.");
        return dir;
    }

    /// <summary>The settings every started instance gets: a database, the demo password, no reminders, sign-ins unthrottled.</summary>
    public static Dictionary<string, string> Environment(string provider, string connectionString, string demoPassword, string evidencePath) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = provider,
        ["ConnectionStrings__CivicTrack"] = connectionString,
        ["Demo__Load"] = "true",
        ["Demo__Dossiers"] = "false",
        ["Demo__Password"] = demoPassword,
        ["Evidence__Path"] = evidencePath,
        ["Accounts__SignInAttemptsPerMinute"] = "100000",
        ["Reporting__Reminders__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>Starts the app and waits until it answers HTTP (any status) or fails after <paramref name="timeout"/>.</summary>
    public static async Task<AppServer> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> environment, string logFile,
        TimeSpan timeout, CancellationToken ct)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(appDirectory, "CivicTrack.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var server = new AppServer(process, log, address);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting; see {logFile}.");
            }
            try
            {
                using var response = await probe.GetAsync(new Uri(address, "/api/auth/me"), ct);
                return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The app did not answer within {timeout.TotalSeconds:0} s; see {logFile}.");
    }

    /// <summary>SIGKILL: the process gets no chance to flush, commit or shut down.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            try { _log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
