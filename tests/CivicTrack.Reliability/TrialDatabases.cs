using Npgsql;

namespace CivicTrack.Reliability;

/// <summary>A template database with the demo loaded, and a fresh copy of it for each trial.</summary>
public abstract class TrialDatabases : IAsyncDisposable
{
    public abstract string Provider { get; }

    /// <summary>The connection string of the template, which the first instance fills.</summary>
    public abstract string TemplateConnection { get; }

    /// <summary>Makes the empty template database where the provider needs one made.</summary>
    public virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>A copy of the template, as it stood when its instance was killed; returns its connection string.</summary>
    public abstract Task<string> CopyAsync(int trial, CancellationToken ct);

    /// <summary>Removes a trial's copy.</summary>
    public abstract Task DropAsync(int trial, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    public static TrialDatabases Sqlite(string folder) => new SqliteTrials(folder);

    public static TrialDatabases Postgres(string adminConnection) => new PostgresTrials(adminConnection);
}

internal sealed class SqliteTrials(string folder) : TrialDatabases
{
    // The app keeps SQLite in write-ahead logging: a copy takes the main file and its log, which SQLite replays on open.
    private static readonly string[] Suffixes = ["", "-wal", "-journal"];
    private string Template => Path.Combine(folder, "template.db");
    private string Trial(int n) => Path.Combine(folder, $"trial-{n}.db");

    public override string Provider => "Sqlite";
    public override string TemplateConnection => $"Data Source={Template}";

    public override Task<string> CopyAsync(int trial, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        foreach (var suffix in Suffixes)
        {
            var target = Trial(trial) + suffix;
            File.Delete(target);
            if (File.Exists(Template + suffix)) File.Copy(Template + suffix, target);
        }
        File.Delete(Trial(trial) + "-shm");
        return Task.FromResult($"Data Source={Trial(trial)}");
    }

    public override Task DropAsync(int trial, CancellationToken ct)
    {
        foreach (var suffix in (string[])[.. Suffixes, "-shm"])
            try { File.Delete(Trial(trial) + suffix); } catch (IOException) { }
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgresTrials(string admin) : TrialDatabases
{
    private readonly string _prefix = $"ct_crash_{Guid.NewGuid():N}"[..24];
    private readonly HashSet<string> _made = [];

    public override string Provider => "Postgres";
    public override string TemplateConnection => Connection(_prefix + "_tpl");

    private string Connection(string database) => new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;

    public override async Task PrepareAsync(CancellationToken ct) => await ExecuteAsync($"CREATE DATABASE \"{_prefix}_tpl\"", _prefix + "_tpl", ct);

    public override async Task<string> CopyAsync(int trial, CancellationToken ct)
    {
        var name = $"{_prefix}_t{trial}";
        // The killed instance's sessions may still be closing on the server; a template must have none.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_prefix}_tpl\"", name, ct);
                return Connection(name);
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 50)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    public override Task DropAsync(int trial, CancellationToken ct) => DropAsync($"{_prefix}_t{trial}", ct);

    private async Task DropAsync(string name, CancellationToken ct)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", null, ct);
        _made.Remove(name);
    }

    private async Task ExecuteAsync(string sql, string? made, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
        if (made is not null) _made.Add(made);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var name in _made.ToList())
            try { await DropAsync(name, CancellationToken.None); } catch (NpgsqlException) { }
    }
}
