using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CivicTrack.Features.Shared.Instances;

/// <summary>Settings under <c>Instances</c>: how several instances of one province on one PostgreSQL learn of each
/// other's changes (see docs/scaling.md).</summary>
public sealed class InstanceSettings
{
    /// <summary>Records value changes and listens for the other instances' changes (PostgreSQL only; SQLite is one process).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often the changes are read even without a notification (a notification missed while reconnecting).</summary>
    public double PollSeconds { get; set; } = 2;
    /// <summary>How long recorded changes are kept; an instance out of touch for longer reloads everything.</summary>
    public int RetentionMinutes { get; set; } = 60;
    /// <summary>A write of more values than this is recorded without its keys: the others reload all values.</summary>
    public int MaxKeys { get; set; } = 100_000;
}

/// <summary>What a recorded change touched; the triggers of migration <c>InstanceChanges</c> record the others.</summary>
public static class ChangeKinds
{
    public const string Values = "values";
    public const string Org = "org";
    public const string Catalog = "catalog";
    public const string Forms = "forms";
    public const string OpenData = "opendata";
    public const string Accounts = "accounts";
    public const string Dossiers = "dossiers";
}

/// <summary>Records in the database, inside the writer's transaction, which data values a write changed, so that the
/// other instances re-read exactly those (<see cref="ChangeListener"/>). Changes to the tree, the catalogue, forms,
/// open datasets, accounts and dossiers are recorded by triggers and need no call.</summary>
public sealed class ChangeJournal(AppDbFactory dbFactory, IOptions<InstanceSettings> settings)
{
    /// <summary>The channel the database notifies, with each change's version, when a recording transaction commits.</summary>
    public const string Channel = "civictrack_changes";

    public bool Active => dbFactory.Provider == DatabaseProvider.Postgres && settings.Value.Enabled;

    /// <summary>Records the keys of <paramref name="applied"/> in <paramref name="db"/>'s current transaction: one small
    /// insert (and a notification sent on commit), nothing on SQLite.</summary>
    public async Task RecordValuesAsync(AppDb db, IReadOnlyList<(int ElementId, int UnitId, Period Period, double? Value)> applied, CancellationToken ct)
    {
        if (!Active || applied.Count == 0) return;
        // Without a transaction the record would commit before the values and another instance could read them too early.
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Value changes are recorded inside the transaction that writes them.");
        NpgsqlParameter elements, units, periods;
        if (applied.Count > settings.Value.MaxKeys)
        {
            elements = new("e", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = DBNull.Value };
            units = new("u", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = DBNull.Value };
            periods = new("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = DBNull.Value };
        }
        else
        {
            var e = new int[applied.Count];
            var u = new int[applied.Count];
            var p = new string[applied.Count];
            for (var i = 0; i < applied.Count; i++) (e[i], u[i], p[i]) = (applied[i].ElementId, applied[i].UnitId, applied[i].Period.Id);
            elements = new("e", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = e };
            units = new("u", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = u };
            periods = new("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = p };
        }
        await db.Database.ExecuteSqlRawAsync("SELECT record_instance_change('values', @e, @u, @p)", [elements, units, periods], ct);
    }
}
