using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Dossiers;

/// <summary>Settings under <c>Dossiers</c>: the counting variants and the data elements the counts feed.</summary>
public sealed class DossierSettings
{
    public DossierRules Rules { get; set; } = DossierRules.Default;
    /// <summary>Rows per batch: each batch is one transaction.</summary>
    public int BatchSize { get; set; } = 5_000;
    /// <summary>Refused rows kept per import (all are counted).</summary>
    public int MaxStoredProblems { get; set; } = 10_000;
    /// <summary>The largest file (or request body, once decompressed) one import reads.</summary>
    public long MaxFileBytes { get; set; } = 4L * 1024 * 1024 * 1024;
    /// <summary>The largest request body <c>POST /api/dossiers</c> takes (compressed, as sent).</summary>
    public const long MaxRequestBytes = 512L * 1024 * 1024;
    /// <summary>Data element code for each count (<see cref="DossierFeed.Counts"/>); an empty code feeds nothing.</summary>
    public Dictionary<string, string> Elements { get; set; } = new(StringComparer.Ordinal)
    {
        ["received"] = "DOSSIERS_RECEIVED",
        ["online"] = "DOSSIERS_ONLINE",
        ["finished"] = "DOSSIERS_FINISHED",
        ["finishedOnTime"] = "DOSSIERS_ON_TIME",
        ["crossBoundary"] = "DOSSIERS_CROSS_BOUNDARY",
        ["paidOnline"] = "DOSSIERS_PAID_ONLINE",
        ["digitized"] = "DOSSIERS_RESULTS_DIGITIZED",
    };
}

/// <summary>Every dossier's counts per handling unit and month, in memory: loaded from the database on first use, then
/// kept current by each import batch after it commits. Imports run one at a time (<see cref="WriteGate"/>), and the first
/// load takes the same gate, so a batch is never both read by the load and applied again.</summary>
public sealed class DossierStore(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, IOptions<DossierSettings> settings, ILogger<DossierStore> log)
{
    private readonly Lock _lock = new();
    private volatile DossierAggregator? _aggregator;

    /// <summary>Held by an import for its whole run: imports run one at a time.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);
    /// <summary>Held by an import batch from its transaction to applying it in memory, and by the load, so a batch is
    /// never both read by the load and applied again; readers wait only for a load, never for an import.</summary>
    public SemaphoreSlim BatchGate { get; } = new(1, 1);
    public DossierRules Rules => settings.Value.Rules;

    /// <summary>Loads the counts unless already loaded.</summary>
    public async Task EnsureLoadedAsync(CancellationToken ct = default)
    {
        if (_aggregator is not null) return;
        await BatchGate.WaitAsync(ct);
        try { await LoadLockedAsync(ct); }
        finally { BatchGate.Release(); }
    }

    /// <summary>Loads the counts; the caller holds <see cref="BatchGate"/>.</summary>
    private async Task LoadLockedAsync(CancellationToken ct)
    {
        if (_aggregator is not null) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var tree = (await directory.GetAsync(ct)).Tree;
        var aggregator = new DossierAggregator(Rules);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            SELECT "HandlingUnitId", "ReceivedOn", "DueOn", "FinishedOn", "ReturnedOn", "Status", "Channel", "ReceivingUnitCode",
                   "Digitized", "PaidOnline", "VneidVerified" FROM dossiers
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var unit = reader.GetInt32(0);
            var code = tree.Find(unit)?.Code;
            aggregator.Add(Facts(unit, code, Day(reader, 1), Day(reader, 2), Day(reader, 3), Day(reader, 4), (byte)reader.GetInt16(5),
                (byte)reader.GetInt16(6), reader.GetString(7), reader.GetBoolean(8), reader.GetBoolean(9), reader.GetBoolean(10)));
        }
        _aggregator = aggregator;
        log.LogInformation("Loaded {Count} dossiers' counts in {Elapsed} ms", aggregator.Count, watch.ElapsedMilliseconds);
    }

    private static DateOnly? Day(System.Data.Common.DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);

    /// <summary>The facts the counts need, from a stored dossier's columns.</summary>
    public static DossierFacts Facts(int unit, string? handlingCode, DateOnly? received, DateOnly? due, DateOnly? finished, DateOnly? returned,
        byte status, byte channel, string receivingCode, bool digitized, bool paid, bool vneid)
    {
        const int none = DossierFacts.None;
        var flags = (channel == DossierChannel.Online ? DossierFlags.Online : 0)
            | (!string.Equals(receivingCode, handlingCode, StringComparison.OrdinalIgnoreCase) ? DossierFlags.CrossBoundary : 0)
            | (vneid ? DossierFlags.VneidVerified : 0) | (digitized ? DossierFlags.Digitized : 0) | (paid ? DossierFlags.PaidOnline : 0);
        return new DossierFacts(unit, received?.DayNumber ?? none, due?.DayNumber ?? none, finished?.DayNumber ?? none, returned?.DayNumber ?? none,
            status, flags);
    }

    public static DossierFacts Facts(Dossier d, string? handlingCode) =>
        Facts(d.HandlingUnitId, handlingCode, d.ReceivedOn, d.DueOn, d.FinishedOn, d.ReturnedOn, d.Status, d.Channel, d.ReceivingUnitCode,
            d.Digitized, d.PaidOnline, d.VneidVerified);

    /// <summary>Applies a committed batch: each old version taken out, each new one added. Ignored before the first load
    /// (the load will read them from the database).</summary>
    internal void Apply(IReadOnlyList<(DossierFacts? Old, DossierFacts New)> changes)
    {
        if (_aggregator is not { } a) return;
        lock (_lock)
            foreach (var (old, @new) in changes)
            {
                if (old is { } o) a.Add(o, -1);
                a.Add(@new);
            }
    }

    /// <summary>The counts of the units together, for each month from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<DossierCounts[]> MonthsAsync(IEnumerable<int> units, int from, int to, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(ct);
        lock (_lock) return _aggregator!.Months(units, from, to);
    }

    /// <summary>The counts of the subtree of each unit, for each month.</summary>
    public async Task<DossierCounts[]> SubtreeMonthsAsync(OrgTree tree, int unitId, int from, int to, CancellationToken ct = default) =>
        await MonthsAsync(tree.Subtree(unitId).Select(u => u.Id).ToList(), from, to, ct);

    /// <summary>Forgets the loaded counts: the next read loads them again (after a failed batch).</summary>
    internal void Reset() => _aggregator = null;
}
