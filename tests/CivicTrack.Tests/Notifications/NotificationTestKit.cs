using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Notifications;
using CivicTrack.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicTrack.Tests.Notifications;

/// <summary>What the notification tests share: demo accounts, drafting through the app's own <see cref="Notifier"/>,
/// and mail settings pointing at a <see cref="SmtpListener"/>.</summary>
public static class NotificationTestKit
{
    public const string Reporter = "reporter.thuongtan@demo.local";
    public const string OtherReporter = "reporter.giaptrung@demo.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>E-mail to the listener, in plain SMTP; the outbox polls rarely, so only nudges and explicit passes send.</summary>
    public static Dictionary<string, string?> MailTo(int port) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:PollSeconds"] = "3600",
        ["Mail:From"] = "civictrack@tuyenquang.example.gov.vn",
        ["Mail:BaseUrl"] = "https://civictrack.example.gov.vn",
        // Report reminders would mail the demo accounts too, depending on today's date.
        ["Reporting:Reminders:Enabled"] = "false",
    };

    public static async Task<string> UserIdAsync(AppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
    }

    public static async Task<int> UnitIdAsync(AppFactory app, string code) =>
        (await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct)).Tree.Find(code)!.Id;

    /// <summary>A returned-report notification with Vietnamese and English words to look for.</summary>
    public static NotificationDraft Returned(string? userId = null, int? unitId = null, IReadOnlyCollection<string>? roles = null, string? key = null) =>
        new(NotificationKind.Return, NotificationTemplates.ReportReturned, new Dictionary<string, string>
        {
            ["form"] = "Báo cáo chuyển đổi số tháng", ["formEn"] = "Monthly digital transformation report",
            ["unit"] = "Xã Thượng Tân", ["period"] = "10/2025", ["due"] = "25/10/2025",
            ["reason"] = "Thiếu số hộ có tài khoản VNeID", ["by"] = "Sở Khoa học và Công nghệ",
        }, "/reports/DT-MONTHLY/08051/2025-10", userId, unitId, roles, key, "manager@demo.local");

    /// <summary>Drafts through the app's notifier in a scope of its own, saves, and wakes the outbox.</summary>
    public static async Task<int> NotifyAsync(AppFactory app, NotificationDraft draft, bool nudge = true)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var added = await notifier.AddAsync(db, draft, Ct);
        await db.SaveChangesAsync(Ct);
        if (nudge) notifier.Nudge();
        return added;
    }

    public static async Task<List<Notification>> NotificationsAsync(AppFactory app, Func<IQueryable<Notification>, IQueryable<Notification>> filter)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        return [.. filter(db.Notifications.AsQueryable())];
    }
}

/// <summary>A database that outlives app instances, so a test can stop the app and start it again on the same data.</summary>
public sealed class LastingDatabase : IAsyncDisposable
{
    private readonly string? _file;
    private readonly string? _pgName;
    private readonly string? _pgAdmin;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public LastingDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "civictrack-tests");
            Directory.CreateDirectory(dir);
            _file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_file};Pooling=False";
        }
        else
        {
            _pgAdmin = TestEnvironment.RequirePostgres();
            _pgName = $"ct_test_{Guid.NewGuid():N}";
            using (var conn = new NpgsqlConnection(_pgAdmin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{_pgName}\"", conn);
                cmd.ExecuteNonQuery();
            }
            ConnectionString = new NpgsqlConnectionStringBuilder(_pgAdmin) { Database = _pgName }.ConnectionString;
        }
    }

    public AppFactory App(Dictionary<string, string?> settings) => new(Provider, loadDemo: true, reuseConnection: ConnectionString) { Settings = settings };

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
