using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Community.Households;

/// <summary>What a village's entries say month by month: for each service the households ever helped to the end
/// (outcome done) up to the month's end, counted once each, and the entries recorded in the month.</summary>
public static class HouseholdSeries
{
    public sealed record Visit(string Household, DateOnly Date, IReadOnlyList<(string Service, string Outcome)> Services);

    /// <summary>The first month of the series and the value of every element (<see cref="HouseholdServices.Element"/>
    /// and <see cref="HouseholdServices.SessionsElement"/>) for each month from the first entry's month through
    /// <paramref name="lastMonth"/> (or the last entry's month when later). Sessions are left out where there were none.</summary>
    public static List<(Period Month, string Element, double Value)> Monthly(IReadOnlyCollection<Visit> visits, DateOnly lastMonth)
    {
        var result = new List<(Period, string, double)>();
        if (visits.Count == 0) return result;
        var first = visits.Min(v => v.Date);
        var last = visits.Max(v => v.Date);
        var from = new DateOnly(first.Year, first.Month, 1);
        var to = new DateOnly(lastMonth.Year, lastMonth.Month, 1);
        if (last > to) to = new DateOnly(last.Year, last.Month, 1);
        // For each service, the day each household was first helped through to the end.
        var firstDone = HouseholdServices.All.ToDictionary(s => s, _ => new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase));
        var sessions = new Dictionary<DateOnly, int>();
        foreach (var v in visits)
        {
            var month = new DateOnly(v.Date.Year, v.Date.Month, 1);
            sessions[month] = sessions.GetValueOrDefault(month) + 1;
            foreach (var (service, outcome) in v.Services)
            {
                if (outcome != HouseholdServices.Done || !firstDone.TryGetValue(service, out var days)) continue;
                if (!days.TryGetValue(v.Household, out var day) || v.Date < day) days[v.Household] = v.Date;
            }
        }
        var sorted = firstDone.ToDictionary(p => p.Key, p => p.Value.Values.Order().ToArray());
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var period = Period.Month(m.Year, m.Month);
            var end = m.AddMonths(1).AddDays(-1);
            foreach (var service in HouseholdServices.All)
                result.Add((period, HouseholdServices.Element(service), CountUpTo(sorted[service], end)));
            if (sessions.TryGetValue(m, out var n)) result.Add((period, HouseholdServices.SessionsElement, n));
        }
        return result;
    }

    private static int CountUpTo(DateOnly[] sorted, DateOnly end)
    {
        var i = Array.BinarySearch(sorted, end);
        if (i < 0) return ~i;
        while (i + 1 < sorted.Length && sorted[i + 1] == end) i++;
        return i + 1;
    }

    public static async Task<List<Visit>> VisitsAsync(AppDb db, int villageId, CancellationToken ct)
    {
        var rows = await db.HouseholdSupportEntries.AsNoTracking().Where(e => e.VillageId == villageId)
            .Select(e => new { e.Household, e.Date, Services = e.Services.Select(s => new { s.Service, s.Outcome }).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new Visit(r.Household, r.Date, [.. r.Services.Select(s => (s.Service, s.Outcome))]))];
    }
}

/// <summary>Writes the household coverage of villages as data values (source Computed) through
/// <see cref="DataValueService.WriteAsync"/>, in the caller's transaction, so the entries and the figures they make move
/// together. Because the reached counts are aggregated as Last, a village with entries has a value for every month from
/// its first entry through the current month (Vietnam time): <see cref="RollForwardAsync"/> carries them into a new month.</summary>
public sealed class HouseholdFeed(IDbContextFactory<AppDb> dbFactory, AnalyticsStore analytics, DataValueService values, TimeProvider clock,
    ILogger<HouseholdFeed> log)
{
    public static IEnumerable<string> ElementCodes => HouseholdServices.All.Select(HouseholdServices.Element).Append(HouseholdServices.SessionsElement);

    private DateOnly _rolledMonth;
    private readonly SemaphoreSlim _rolling = new(1, 1);

    public DateOnly CurrentMonth
    {
        get
        {
            var today = VietnamTime.Today(clock);
            return new DateOnly(today.Year, today.Month, 1);
        }
    }

    /// <summary>The elements of the feed that the catalogue holds (none when the library was not loaded).</summary>
    public static Dictionary<string, DataElement> Elements(AnalyticsStore.Definitions definitions) =>
        ElementCodes.Where(definitions.Catalog.ElementsByCode.ContainsKey).ToDictionary(c => c, c => definitions.Catalog.ElementsByCode[c]);

    /// <summary>Plans the whole series of the villages (and the removal of values no longer backed by entries) and writes
    /// it in <paramref name="db"/>'s transaction; the caller saves and commits, then applies the result to the store.</summary>
    public async Task<ValueWrite> WriteVillagesAsync(AppDb db, AccessScope scope, IReadOnlyCollection<int> villages, CancellationToken ct)
    {
        var definitions = await analytics.DefinitionsAsync(ct);
        var elements = Elements(definitions);
        if (elements.Count == 0 || villages.Count == 0) return new ValueWrite(0, 0, 0, 0, [], []);
        var ids = elements.Values.Select(e => e.Id).ToList();
        var byId = elements.Values.ToDictionary(e => e.Id);
        var unitIds = villages.ToList();
        var existing = (await db.DataValues.Where(v => ids.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId)).ToListAsync(ct))
            .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period));
        var planned = new List<PlannedValue>();
        var month = CurrentMonth;
        foreach (var village in villages)
        {
            var desired = HouseholdSeries.Monthly(await HouseholdSeries.VisitsAsync(db, village, ct), month)
                .Where(x => elements.ContainsKey(x.Element))
                .ToDictionary(x => (elements[x.Element].Id, x.Month.Id), x => (x.Month, x.Value));
            foreach (var ((element, period), (p, value)) in desired)
                if (!existing.TryGetValue((element, village, period), out var row) || !row.Value.Equals(value))
                    planned.Add(new PlannedValue(byId[element], village, p, value, null));
            foreach (var row in existing.Values.Where(r => r.OrgUnitId == village && !desired.ContainsKey((r.DataElementId, r.Period))))
                planned.Add(new PlannedValue(byId[row.DataElementId], village, Period.Parse(row.Period), null, null));
        }
        return planned.Count == 0 ? new ValueWrite(0, 0, 0, 0, [], []) : await values.WriteAsync(db, scope, planned, ValueSource.Computed, ct, existing);
    }

    /// <summary>Gives every village with entries its values up to the current month, once per month (at start-up, and on
    /// the first write or timer tick of a new month). Nothing was recorded in the months a village missed (a write
    /// recomputes its whole series), so each missed month carries the reached counts of the village's last stored month.</summary>
    public async Task RollForwardAsync(CancellationToken ct = default)
    {
        if (_rolledMonth == CurrentMonth) return;
        await _rolling.WaitAsync(ct);
        try { await RollLockedAsync(ct); }
        finally { _rolling.Release(); }
    }

    private async Task RollLockedAsync(CancellationToken ct)
    {
        var month = CurrentMonth;
        if (_rolledMonth == month) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var definitions = await analytics.DefinitionsAsync(ct);
        var elements = Elements(definitions);
        var reached = HouseholdServices.All.Select(HouseholdServices.Element).Where(elements.ContainsKey).Select(c => elements[c]).ToList();
        if (reached.Count == 0) { _rolledMonth = month; return; }
        var marker = reached[0].Id;
        var ids = reached.Select(e => e.Id).ToList();
        var current = Period.Month(month.Year, month.Month);
        var planned = new List<PlannedValue>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var villages = (await db.HouseholdSupportEntries.AsNoTracking().Select(e => e.VillageId).Distinct().ToListAsync(ct)).ToHashSet();
            var upToDate = (await db.DataValues.AsNoTracking().Where(v => v.DataElementId == marker && v.Period == current.Id)
                .Select(v => v.OrgUnitId).ToListAsync(ct)).ToHashSet();
            var stale = villages.Where(v => !upToDate.Contains(v) && definitions.Tree.Contains(v)).ToList();
            if (stale.Count > 0)
            {
                var stored = await db.DataValues.AsNoTracking().Where(v => ids.Contains(v.DataElementId) && stale.Contains(v.OrgUnitId))
                    .Select(v => new { v.OrgUnitId, v.DataElementId, v.Period, v.Value }).ToListAsync(ct);
                foreach (var village in stored.GroupBy(v => v.OrgUnitId))
                {
                    var last = village.Where(v => v.DataElementId == marker).Select(v => v.Period).Max(StringComparer.Ordinal);
                    if (last is null || !Period.TryParse(last, out var lastPeriod) || lastPeriod.Type != PeriodType.Month) continue;
                    var values = village.Where(v => v.Period == last).ToDictionary(v => v.DataElementId, v => v.Value);
                    for (var m = lastPeriod.Start.AddMonths(1); m <= month; m = m.AddMonths(1))
                        foreach (var element in reached)
                            planned.Add(new PlannedValue(element, village.Key, Period.Month(m.Year, m.Month), values.GetValueOrDefault(element.Id), null));
                }
            }
        }
        var read = watch.ElapsedMilliseconds;
        if (planned.Count > 0)
        {
            var system = AccessScope.System(definitions.Tree);
            await analytics.CommitAsync(planned.Select(p => p.Unit).Distinct(), async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // Only months after each village's last stored one are planned, so none of them is stored yet.
                var write = await values.WriteAsync(db, system, planned, ValueSource.Computed, ct, []);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return write;
            }, w => w.Applied, ct);
            log.LogInformation("Household coverage carried into {Month}: {Values} values in {Elapsed} ms (read {Read} ms)", current.Id, planned.Count,
                watch.ElapsedMilliseconds, read);
        }
        _rolledMonth = month;
    }
}

/// <summary>Checks every hour whether the month turned, and carries the household coverage into it.</summary>
public sealed class HouseholdRollForward(HouseholdFeed feed, TimeProvider clock, ILogger<HouseholdRollForward> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await feed.RollForwardAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Carrying household coverage into a new month failed"); }
        }
    }
}
