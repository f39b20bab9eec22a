using CivicTrack.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CivicTrack.Tests.Infrastructure;

/// <summary>The real app on a database of its own: a temporary SQLite file, or a fresh PostgreSQL database
/// created on the server named by CIVICTRACK_TEST_POSTGRES and dropped afterwards.</summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly string? _sqliteFile;
    private readonly string? _pgDatabase;
    private readonly string? _pgAdmin;

    /// <summary>The password of every demo account in tests.</summary>
    public const string DemoPassword = "Demo-Password-2025";

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public bool LoadDemo { get; }

    /// <summary>Evidence files of this instance, in a folder of its own.</summary>
    public string EvidencePath { get; } = Path.Combine(Path.GetTempPath(), "civictrack-tests", "evidence-" + Guid.NewGuid().ToString("N"));

    /// <summary>The analytics snapshot's folder on PostgreSQL (on SQLite it lies beside the database file).</summary>
    public string SnapshotPath { get; } = Path.Combine(Path.GetTempPath(), "civictrack-tests", "snapshots-" + Guid.NewGuid().ToString("N"));

    /// <summary>The address of the real Kestrel server, after <see cref="StartKestrel"/>.</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>Tests sign in far more often than people do; one test lowers this to check the limit.</summary>
    public int SignInAttemptsPerMinute { get; init; } = 1000;

    /// <summary>The day the demo runs up to (<c>Demo:Today</c>): by default the end of its 2025 history, so figures stay fixed.</summary>
    public string DemoToday { get; init; } = "2025-12-31";

    /// <summary>The instance's clock; the system clock when not set.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>A logger provider that sees every log line this instance writes (to check what is never logged).</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LogProvider { get; init; }

    /// <summary>Further configuration for this instance (e-mail server, clock-driven services...).</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    public AppFactory(DatabaseProvider provider, bool loadDemo = true, string? reuseConnection = null)
    {
        Provider = provider;
        LoadDemo = loadDemo;
        if (reuseConnection is not null) ConnectionString = reuseConnection;
        else if (provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "civictrack-tests");
            Directory.CreateDirectory(dir);
            _sqliteFile = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_sqliteFile};Pooling=False";
        }
        else
        {
            _pgAdmin = TestEnvironment.RequirePostgres();
            _pgDatabase = $"ct_test_{Guid.NewGuid():N}";
            using (var conn = new NpgsqlConnection(_pgAdmin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{_pgDatabase}\"", conn);
                cmd.ExecuteNonQuery();
            }
            ConnectionString = new NpgsqlConnectionStringBuilder(_pgAdmin) { Database = _pgDatabase }.ConnectionString;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:CivicTrack", ConnectionString);
        builder.UseSetting("Demo:Load", LoadDemo ? "true" : "false");
        builder.UseSetting("Demo:Password", DemoPassword);
        // The demo ends with its 2025 history unless a test carries it up to a day of its own.
        builder.UseSetting("Demo:Today", DemoToday);
        builder.UseSetting("Evidence:Path", EvidencePath);
        if (Provider == DatabaseProvider.Postgres) builder.UseSetting("Analytics:Snapshot:Directory", SnapshotPath);
        builder.UseSetting("Accounts:SignInAttemptsPerMinute", SignInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Reminders run on their own schedule; tests that check them turn them on and run a pass themselves.
        builder.UseSetting("Reporting:Reminders:Enabled", "false");
        // The demo's year of dossiers (half a million rows) is loaded only by the tests that look at it.
        builder.UseSetting("Demo:Dossiers", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton(clock));
        if (LogProvider is { } logs) builder.ConfigureLogging(l => l.AddProvider(logs));
    }

    /// <summary>Serves the app on a loopback port (a free one when 0), for a real browser or another instance.</summary>
    public Uri StartKestrel(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        ServerAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return ServerAddress;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFile is not null)
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + ".analytics" })
                try { File.Delete(f); } catch (IOException) { }
        try { if (Directory.Exists(SnapshotPath)) Directory.Delete(SnapshotPath, recursive: true); } catch (IOException) { }
        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
