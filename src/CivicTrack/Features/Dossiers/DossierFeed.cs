using System.Data.Common;
using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicTrack.Features.Dossiers;

/// <summary>Writes the dossier counts of the handling units and months an import changed as data values (source
/// Computed), through <see cref="DataValueService.WriteAsync"/> like every other value, so indicators and targets move
/// at once. The months to write are kept in <c>dossier_pending_months</c> by each batch's transaction and removed by the
/// transaction that writes them: an import cut off between the two leaves them for the next import or start.</summary>
public sealed class DossierFeed(IDbContextFactory<AppDb> dbFactory, DossierStore store, AnalyticsStore analytics, DataValueService values,
    AuditLog audit, IOptions<DossierSettings> settings)
{
    /// <summary>The counts that can feed a data element, by their setting name.</summary>
    public static readonly Dictionary<string, Func<DossierCounts, long>> Counts = new(StringComparer.Ordinal)
    {
        ["received"] = c => c.Received,
        ["online"] = c => c.Online,
        ["finished"] = c => c.Finished,
        ["finishedOnTime"] = c => c.Early + c.OnTime,
        ["early"] = c => c.Early,
        ["late"] = c => c.Late,
        ["crossBoundary"] = c => c.CrossBoundary,
        ["paidOnline"] = c => c.PaidOnline,
        ["digitized"] = c => c.Digitized,
        ["vneidVerified"] = c => c.VneidVerified,
    };

    private const int PerTransaction = 2_000;

    /// <summary>Records months to write again, in the caller's transaction.</summary>
    internal static async Task AddPendingAsync(DbConnection connection, DbTransaction tx, IEnumerable<(int Unit, int Month)> months, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """INSERT INTO dossier_pending_months ("OrgUnitId", "Month") VALUES (@u, @m) ON CONFLICT DO NOTHING""";
        var u = command.CreateParameter(); u.ParameterName = "@u"; command.Parameters.Add(u);
        var m = command.CreateParameter(); m.ParameterName = "@m"; command.Parameters.Add(m);
        if (connection is not NpgsqlConnection) await command.PrepareAsync(ct);
        foreach (var (unit, month) in months)
        {
            u.Value = unit;
            m.Value = month;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>At start-up: writes the months an import cut off by a crash left pending (loading the counts only then).</summary>
    public async Task FlushIfPendingAsync(AccessScope scope, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (!await db.DossierPendingMonths.AnyAsync(ct)) return;
        await FlushAsync(scope, ct);
    }

    /// <summary>Writes the values of every pending month, unless none is pending.</summary>
    public async Task FlushAsync(AccessScope scope, CancellationToken ct = default)
    {
        await store.WriteGate.WaitAsync(ct);
        try { await FlushLockedAsync(scope, ct); }
        finally { store.WriteGate.Release(); }
    }

    /// <summary>The month-by-month counts of the pending units' own dossiers, read from the database: only the dossiers
    /// received or finished in a pending month of their unit (the two date indexes), so writing values needs neither the
    /// counts in memory nor a scan of every dossier.</summary>
    private async Task<DossierAggregator> OwnCountsAsync(Engine.Organisation.OrgTree tree, List<DossierPendingMonth> pending, CancellationToken ct)
    {
        var counts = new DossierAggregator(store.Rules);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var unit in pending.GroupBy(p => p.OrgUnitId))
        {
            var from = DossierMonths.First(unit.Min(p => p.Month));
            var to = DossierMonths.Last(unit.Max(p => p.Month));
            var code = tree.Find(unit.Key)?.Code;
            var rows = db.Dossiers.AsNoTracking().Where(d => d.HandlingUnitId == unit.Key
                && (d.ReceivedOn >= from && d.ReceivedOn <= to || d.FinishedOn >= from && d.FinishedOn <= to));
            await foreach (var d in rows.AsAsyncEnumerable().WithCancellation(ct))
                counts.Add(DossierStore.Facts(d, code));
        }
        return counts;
    }

    /// <summary><see cref="FlushAsync"/> for a caller that holds <see cref="DossierStore.WriteGate"/>.</summary>
    internal async Task FlushLockedAsync(AccessScope scope, CancellationToken ct)
    {
        var definitions = await analytics.DefinitionsAsync(ct);
        var elements = settings.Value.Elements
            .Where(e => !string.IsNullOrWhiteSpace(e.Value) && Counts.ContainsKey(e.Key) && definitions.Catalog.ElementsByCode.ContainsKey(e.Value))
            .Select(e => (Count: Counts[e.Key], Element: definitions.Catalog.ElementsByCode[e.Value]))
            .ToList();
        while (true)
        {
            List<DossierPendingMonth> pending;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                pending = await db.DossierPendingMonths.AsNoTracking().OrderBy(p => p.OrgUnitId).ThenBy(p => p.Month).Take(PerTransaction).ToListAsync(ct);
            if (pending.Count == 0) return;
            var planned = new List<PlannedValue>();
            var own = await OwnCountsAsync(definitions.Tree, pending, ct);
            foreach (var p in pending)
            {
                if (!definitions.Tree.Contains(p.OrgUnitId) || elements.Count == 0) continue;
                var counts = own.Month(p.OrgUnitId, p.Month);
                var (year, month) = DossierMonths.Split(p.Month);
                var period = Period.Month(year, month);
                foreach (var (count, element) in elements)
                    planned.Add(new PlannedValue(element, p.OrgUnitId, period, count(counts), null));
            }
            await analytics.CommitAsync(pending.Select(p => p.OrgUnitId).Distinct(), async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var write = planned.Count == 0 ? new ValueWrite(0, 0, 0, 0, [], []) : await values.WriteAsync(db, scope, planned, ValueSource.Computed, ct);
                db.DossierPendingMonths.RemoveRange(pending);
                if (write.Applied.Count > 0)
                    audit.Add(db, scope, AuditActions.Update, "DataValues", $"{write.Applied.Count}", null, null,
                        new { source = nameof(ValueSource.Computed), from = "dossiers", added = write.Added, updated = write.Updated, changes = write.Changes });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return write;
            }, w => w.Applied, ct);
        }
    }
}
