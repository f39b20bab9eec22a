using System.Diagnostics;
using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Indicators;

/// <summary>The analytics store starts from its snapshot file and replays the writes made since; whatever is wrong with
/// the file (missing, stale, corrupt, half written) means a full load from the database, never a wrong answer.</summary>
public sealed class AnalyticsSnapshotTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A demo database (its owner never loads from or writes a snapshot), and instances started and stopped on it
    /// as restarts of one app, sharing one snapshot folder.</summary>
    private sealed class Database : IAsyncDisposable
    {
        private readonly List<AppFactory> _started = [];
        public required AppFactory Owner { get; init; }
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "civictrack-tests", "snapshot-" + Guid.NewGuid().ToString("N"));

        public static Database Create(DatabaseProvider provider)
        {
            var owner = new AppFactory(provider) { Settings = new() { ["Analytics:Snapshot:Enabled"] = "false" } };
            _ = owner.Server;
            return new Database { Owner = owner };
        }

        public AppFactory Start(bool snapshots = true, CapturedLogs? logs = null)
        {
            var app = new AppFactory(Owner.Provider, loadDemo: false, reuseConnection: Owner.ConnectionString)
            {
                LogProvider = logs,
                Settings = new()
                {
                    ["Analytics:Snapshot:Enabled"] = snapshots ? "true" : "false",
                    ["Analytics:Snapshot:Directory"] = Folder,
                    ["Analytics:Snapshot:SettleSeconds"] = "0.2",
                },
            };
            _ = app.Server;
            _started.Add(app);
            return app;
        }

        public string SnapshotFile(AppFactory app) => app.Services.GetRequiredService<AnalyticsSnapshots>().Path!;

        public async Task SqlAsync(string sql)
        {
            await using var db = Owner.Services.GetRequiredService<AppDbFactory>().CreateDbContext();
            await db.Database.ExecuteSqlRawAsync(sql, Ct);
        }

        public async Task<T> ScalarAsync<T>(string sql)
        {
            await using var db = Owner.Services.GetRequiredService<AppDbFactory>().CreateDbContext();
            return await db.Database.SqlQueryRaw<T>(sql).SingleAsync(Ct);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in _started) await app.DisposeAsync();
            await Owner.DisposeAsync();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Loads the values and waits until the snapshot of them is on disk; then stops the app.</summary>
    private static async Task WriteSnapshotAsync(Database d)
    {
        await using var app = d.Start();
        var loaded = await app.Services.GetRequiredService<AnalyticsStore>().GetAsync(Ct);
        var snapshots = app.Services.GetRequiredService<AnalyticsSnapshots>();
        await Eventually(() => ReferenceEquals(snapshots.Written.Store, loaded.Values) && File.Exists(snapshots.Path), "the snapshot is written");
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail("Not within 20 s: " + what);
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>Every element over every unit's subtree, for each year and the whole history.</summary>
    private static List<(int, int, string, Aggregate)> Answers(AnalyticsStore.Snapshot s)
    {
        string[] ranges = ["2023", "2024", "2025", "2019..2031"];
        var answers = new List<(int, int, string, Aggregate)>();
        foreach (var e in s.Catalog.Elements)
            foreach (var u in s.Tree.All)
                foreach (var r in ranges)
                    answers.Add((e.Id, u.Id, r, s.Values.Get(e.Id, u.Id, PeriodRange.Parse(r))));
        return answers;
    }

    private static async Task<AnalyticsStore.Snapshot> FullLoadAsync(Database d)
    {
        var app = d.Start(snapshots: false);
        return await app.Services.GetRequiredService<AnalyticsStore>().GetAsync(Ct);
    }

    private static async Task<(AnalyticsStore.Snapshot Values, AnalyticsSnapshots.LoadOutcome Outcome)> RestartAsync(Database d, CapturedLogs? logs = null)
    {
        var app = d.Start(logs: logs);
        var values = await app.Services.GetRequiredService<AnalyticsStore>().GetAsync(Ct);
        return (values, app.Services.GetRequiredService<AnalyticsSnapshots>().LastLoad!);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_restart_starts_from_the_snapshot_and_answers_as_a_full_load(DatabaseProvider provider)
    {
        await using var d = Database.Create(provider);
        await WriteSnapshotAsync(d);
        var (restarted, outcome) = await RestartAsync(d);
        Assert.True(outcome.FromSnapshot, outcome.Fallback);
        Assert.Equal(0, outcome.Values + outcome.Removals);
        var full = await FullLoadAsync(d);
        Assert.True(full.Values.Count > 1000, $"the demo holds {full.Values.Count} values");
        Assert.Equal(full.Values.Count, restarted.Values.Count);
        Assert.Equal(Answers(full), Answers(restarted));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Writes_made_after_the_snapshot_are_replayed(DatabaseProvider provider)
    {
        await using var d = Database.Create(provider);
        await WriteSnapshotAsync(d);
        var ids = await d.ScalarAsync<string>("""SELECT CAST(min("Id") AS TEXT) || ',' || CAST(max("Id") AS TEXT) AS "Value" FROM data_values""");
        var (first, last) = (long.Parse(ids.Split(',')[0], CultureInfo.InvariantCulture), long.Parse(ids.Split(',')[1], CultureInfo.InvariantCulture));
        // An update, a deletion, a value at a new period, and a key deleted and written again.
        await d.SqlAsync($"""UPDATE data_values SET "Value" = "Value" + 7 WHERE "Id" = {first}""");
        await d.SqlAsync($"""DELETE FROM data_values WHERE "Id" = {last}""");
        var columns = "\"DataElementId\", \"OrgUnitId\", \"Period\", \"Value\", \"Source\", \"Comment\", \"UpdatedAt\", \"UpdatedBy\"";
        await d.SqlAsync($"""INSERT INTO data_values ({columns}) SELECT "DataElementId", "OrgUnitId", '2019-03', 41, "Source", "Comment", "UpdatedAt", "UpdatedBy" FROM data_values WHERE "Id" = {first}""");
        var again = first + 1;
        await d.SqlAsync($"""
            CREATE TABLE kept AS SELECT {columns} FROM data_values WHERE "Id" = {again};
            DELETE FROM data_values WHERE "Id" = {again};
            INSERT INTO data_values ({columns}) SELECT {columns} FROM kept;
            DROP TABLE kept;
            """);
        var (restarted, outcome) = await RestartAsync(d);
        Assert.True(outcome.FromSnapshot, outcome.Fallback);
        Assert.Equal(3, outcome.Values);
        Assert.Equal(1, outcome.Removals);
        var full = await FullLoadAsync(d);
        Assert.Equal(full.Values.Count, restarted.Values.Count);
        Assert.Equal(Answers(full), Answers(restarted));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "catalogue")]
    [InlineData(DatabaseProvider.Sqlite, "tree")]
    [InlineData(DatabaseProvider.Sqlite, "restored")]
    [InlineData(DatabaseProvider.Postgres, "catalogue")]
    [InlineData(DatabaseProvider.Postgres, "restored")]
    public async Task A_stale_snapshot_is_ignored_for_a_full_load(DatabaseProvider provider, string change)
    {
        await using var d = Database.Create(provider);
        await WriteSnapshotAsync(d);
        switch (change)
        {
            case "catalogue":
                await d.SqlAsync("""UPDATE data_elements SET "Code" = "Code" || 'X' WHERE "Id" = (SELECT min("Id") FROM data_elements)""");
                break;
            case "tree":
                // A village moves to another commune: its values now count towards another subtree.
                await d.SqlAsync("""
                    UPDATE org_units SET "ParentId" = (SELECT max(c."Id") FROM org_units c WHERE c."ParentId" IS NOT NULL
                        AND c."Id" <> (SELECT v."ParentId" FROM org_units v WHERE v."Id" = (SELECT max("OrgUnitId") FROM data_values))
                        AND c."Kind" = (SELECT p."Kind" FROM org_units p WHERE p."Id" = (SELECT v."ParentId" FROM org_units v WHERE v."Id" = (SELECT max("OrgUnitId") FROM data_values))))
                    WHERE "Id" = (SELECT max("OrgUnitId") FROM data_values)
                    """);
                break;
            case "restored":
                // A database restored from a copy older than the snapshot: its version is behind the snapshot's.
                await d.SqlAsync(provider == DatabaseProvider.Postgres
                    ? "SELECT setval('data_values_version_seq', 1, false)"
                    : "UPDATE data_value_version SET version = 0");
                break;
        }
        var (restarted, outcome) = await RestartAsync(d);
        Assert.False(outcome.FromSnapshot);
        Assert.StartsWith("stale", outcome.Fallback);
        Assert.Equal(Answers(await FullLoadAsync(d)), Answers(restarted));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "truncated")]
    [InlineData(DatabaseProvider.Sqlite, "flipped")]
    [InlineData(DatabaseProvider.Sqlite, "header")]
    [InlineData(DatabaseProvider.Postgres, "flipped")]
    public async Task A_corrupt_snapshot_falls_back_to_a_full_load_and_is_logged(DatabaseProvider provider, string damage)
    {
        await using var d = Database.Create(provider);
        await WriteSnapshotAsync(d);
        var file = Path.Combine(d.Folder, Path.GetFileName(d.SnapshotFile(d.Owner)));
        var bytes = await File.ReadAllBytesAsync(file, Ct);
        switch (damage)
        {
            case "truncated": bytes = bytes[..(bytes.Length * 2 / 3)]; break;
            case "flipped": bytes[bytes.Length / 2] ^= 0x10; break;
            case "header": bytes[20] ^= 0x01; break;
        }
        await File.WriteAllBytesAsync(file, bytes, Ct);
        var logs = new CapturedLogs();
        var (restarted, outcome) = await RestartAsync(d, logs);
        Assert.False(outcome.FromSnapshot);
        Assert.StartsWith("unreadable", outcome.Fallback);
        Assert.Contains(logs.Lines, l => l.Contains("cannot be used", StringComparison.Ordinal));
        Assert.Equal(Answers(await FullLoadAsync(d)), Answers(restarted));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_crash_while_writing_leaves_a_usable_state(DatabaseProvider provider)
    {
        await using var d = Database.Create(provider);
        await WriteSnapshotAsync(d);
        var file = Path.Combine(d.Folder, Path.GetFileName(d.SnapshotFile(d.Owner)));
        var good = await File.ReadAllBytesAsync(file, Ct);
        // A crash in the middle of the next write: its temporary file is left half written beside the old snapshot.
        await File.WriteAllBytesAsync(file + ".0123456789ab.tmp", good[..(good.Length / 2)], Ct);
        var (restarted, outcome) = await RestartAsync(d);
        Assert.True(outcome.FromSnapshot, outcome.Fallback);
        var full = await FullLoadAsync(d);
        Assert.Equal(Answers(full), Answers(restarted));
        // A crash before the first snapshot was complete: only the temporary file is there.
        File.Delete(file);
        var (second, secondOutcome) = await RestartAsync(d);
        Assert.False(secondOutcome.FromSnapshot);
        Assert.Equal(Answers(full), Answers(second));
    }

    [Fact]
    public async Task The_snapshot_is_written_again_once_writes_settle()
    {
        await using var d = Database.Create(DatabaseProvider.Sqlite);
        var app = d.Start();
        var analytics = app.Services.GetRequiredService<AnalyticsStore>();
        var snapshots = app.Services.GetRequiredService<AnalyticsSnapshots>();
        var loaded = await analytics.GetAsync(Ct);
        await Eventually(() => ReferenceEquals(snapshots.Written.Store, loaded.Values), "the first snapshot is written");
        var firstVersion = snapshots.Written.Version;
        var firstWritten = File.GetLastWriteTimeUtc(snapshots.Path!);
        // A write through the store, as the services make it: the database first, then memory.
        var (element, unit, period) = await analytics.CommitAsync([0], async () =>
        {
            await d.SqlAsync("""UPDATE data_values SET "Value" = 12345 WHERE "Id" = (SELECT min("Id") FROM data_values)""");
            var row = await d.ScalarAsync<string>("""SELECT CAST("DataElementId" AS TEXT) || ',' || CAST("OrgUnitId" AS TEXT) || ',' || "Period" AS "Value" FROM data_values WHERE "Id" = (SELECT min("Id") FROM data_values)""");
            var parts = row.Split(',');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), Period.Parse(parts[2]));
        }, k => [(k.Item1, k.Item2, k.Item3, 12345.0)], Ct);
        await Eventually(() => snapshots.Written.Version > firstVersion, "the snapshot is written again after the write");
        Assert.True(File.GetLastWriteTimeUtc(snapshots.Path!) >= firstWritten);
        await app.DisposeAsync();
        var (restarted, outcome) = await RestartAsync(d);
        Assert.True(outcome.FromSnapshot, outcome.Fallback);
        Assert.Equal(0, outcome.Values);
        Assert.Equal(12345, restarted.Values.Get(element, unit, PeriodRange.Of(period)).Value);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_log_of_value_writes_is_pruned_with_snapshots_switched_off(DatabaseProvider provider)
    {
        await using var d = Database.Create(provider);
        var pg = provider == DatabaseProvider.Postgres;
        // The owner keeps no snapshot, yet its writer notes the version reached at start.
        var watch = Stopwatch.StartNew();
        while (await d.ScalarAsync<long>("SELECT COUNT(*) AS \"Value\" FROM data_value_change_marks") == 0)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail("The version was not noted within 20 s.");
            await Task.Delay(50, Ct);
        }
        await d.SqlAsync("""UPDATE data_values SET "Value" = "Value" + 1 WHERE "Id" IN (SELECT "Id" FROM data_values ORDER BY "Id" LIMIT 3)""");
        var version = await d.ScalarAsync<long>(pg
            ? "SELECT last_value AS \"Value\" FROM data_values_version_seq"
            : "SELECT version AS \"Value\" FROM data_value_version WHERE id = 1");
        Assert.True(await d.ScalarAsync<long>($"SELECT COUNT(*) AS \"Value\" FROM data_value_changes WHERE version <= {version}") >= 3);
        // That version as if it had been reached long ago: past the days the log is kept.
        await d.SqlAsync(pg
            ? $"INSERT INTO data_value_change_marks (version, at) VALUES ({version}, now() - interval '30 days')"
            : $"INSERT INTO data_value_change_marks (version, at) VALUES ({version}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days'))");
        await d.Owner.Services.GetRequiredService<AnalyticsSnapshots>().MarkAsync(Ct);
        Assert.Equal(0, await d.ScalarAsync<long>($"SELECT COUNT(*) AS \"Value\" FROM data_value_changes WHERE version <= {version}"));
        Assert.Equal(version, await d.ScalarAsync<long>("SELECT version AS \"Value\" FROM data_value_change_horizon WHERE id = 1"));
        // A later write is logged as before.
        await d.SqlAsync("""UPDATE data_values SET "Value" = "Value" + 1 WHERE "Id" = (SELECT min("Id") FROM data_values)""");
        Assert.True(await d.ScalarAsync<long>($"SELECT COUNT(*) AS \"Value\" FROM data_value_changes WHERE version > {version}") >= 1);
    }
}
