using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Dossiers;

/// <summary>The counts and rates of a unit's subtree for a period (docs/dossiers.md), with the sector or procedure when
/// asked to break them down.</summary>
public sealed record DossierMetricsRow(string Unit, string UnitName, string Period, string? Sector, string? Procedure,
    long Received, long CarriedOver, long Finished, long Early, long OnTime, long Late, long OpenOverdue,
    long Online, long CrossBoundary, long VneidVerified, long Digitized, long PaidOnline,
    double? OnTimeRate, double? OnlineRate, double? CrossBoundaryRate, double? DigitizationRate, double? OnlinePaymentRate, double? VneidRate)
{
    public static DossierMetricsRow Of(OrgNode unit, string period, DossierCounts c, DossierRules rules, string? sector = null, string? procedure = null) =>
        new(unit.Code, unit.Name, period, sector, procedure, c.Received, c.CarriedOver, c.Finished, c.Early, c.OnTime, c.Late, c.OpenOverdue,
            c.Online, c.CrossBoundary, c.VneidVerified, c.Digitized, c.PaidOnline,
            c.OnTimeRate(rules), c.OnlineRate, c.CrossBoundaryRate, c.DigitizationRate, c.OnlinePaymentRate, c.VneidRate);
}

public sealed record DossierMetricsAnswer(IReadOnlyList<DossierMetricsRow> Rows);

/// <summary>A dossier as the drill-down lists it.</summary>
public sealed record DossierListItem(string Code, string ProcedureCode, string ProcedureName, string Sector, string HandlingUnit, string HandlingUnitName,
    string ReceivingUnit, byte Channel, byte Status, DateOnly? Received, DateOnly? Due, DateOnly? Finished, int? DaysLate);

public sealed record DossierPage(int Total, int Page, int PageSize, IReadOnlyList<DossierListItem> Items);

/// <summary>Which dossiers a list shows: received in the period (the default), finished late in it, or open and overdue at its end.</summary>
public enum DossierListKind { Received, Late, OpenOverdue }

/// <summary>Reads the dossier figures: counts from <see cref="DossierStore"/>, breakdowns and lists from the database.</summary>
public sealed class DossierQueries(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, DossierStore store, IStringLocalizer<DossierResource> t, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    /// <summary>The periods of <paramref name="text"/>: comma-separated period ids (month, quarter, six months or year,
    /// each one row) or month ranges <c>2025-01..2025-12</c> (one row per month). Null with a problem when unreadable.</summary>
    public (List<(string Id, int From, int To)>? Periods, string? Problem) ParsePeriods(string? text)
    {
        var periods = new List<(string, int, int)>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Contains("..", StringComparison.Ordinal))
            {
                if (!PeriodRange.TryParse(part, out var range, out var error)) return (null, t["Dossiers.BadPeriod", part, error ?? ""]);
                foreach (var m in range.Periods(PeriodType.Month))
                {
                    var month = DossierMonths.Of(m.Start);
                    periods.Add((m.Id, month, month));
                    if (periods.Count > 240) return (null, t["Dossiers.TooManyPeriods", 240]);
                }
                continue;
            }
            if (!Period.TryParse(part, out var p, out var perror)) return (null, t["Dossiers.BadPeriod", part, perror ?? ""]);
            if (p.Type is not (PeriodType.Month or PeriodType.Quarter or PeriodType.SixMonth or PeriodType.Year))
                return (null, t["Dossiers.MonthlyOnly", part]);
            if (p.Start < DossierDates.Earliest || p.End > DossierDates.Latest) return (null, t["Dossiers.BadPeriod", part, ""]);
            periods.Add((p.Id, DossierMonths.Of(p.Start), DossierMonths.Of(p.End)));
            if (periods.Count > 240) return (null, t["Dossiers.TooManyPeriods", 240]);
        }
        return periods.Count == 0 ? (null, t["Dossiers.NoPeriod"]) : (periods, null);
    }

    /// <summary>The unit a request names (the caller's first top unit when none), or null when it is unknown or out of reach.</summary>
    private static OrgNode? Unit(AccessScope scope, OrgTree tree, string? code)
    {
        var within = scope.On(tree);
        var unit = string.IsNullOrWhiteSpace(code) ? within.Roots.FirstOrDefault() : tree.Find(code.Trim());
        return unit is not null && within.Covers(unit) ? unit : null;
    }

    /// <summary>A period's counts: the sum of its months, positions <paramref name="first"/> to <paramref name="last"/> of <paramref name="months"/>.</summary>
    private static DossierCounts Sum(DossierCounts[] months, int first, int last)
    {
        var sum = default(DossierCounts);
        for (var m = first; m <= last; m++) sum += months[m];
        return sum;
    }

    /// <summary>GET /api/dossiers/metrics.</summary>
    public async Task<Outcome<DossierMetricsAnswer>> MetricsAsync(AccessScope scope, string? unitCode, string? periodsText, bool children, string? by,
        CancellationToken ct)
    {
        var tree = (await directory.GetAsync(ct)).Tree;
        var problems = new FieldProblems();
        var unit = Unit(scope, tree, unitCode);
        if (unit is null) problems.Add("unit", t["Dossiers.UnknownUnit", unitCode ?? ""]);
        var (periods, periodProblem) = ParsePeriods(periodsText);
        if (periodProblem is not null) problems.Add("periods", periodProblem);
        var breakdown = by?.Trim().ToLowerInvariant();
        if (breakdown is not (null or "" or "sector" or "procedure")) problems.Add("by", t["Dossiers.BadBy", by ?? ""]);
        if (problems.Count > 0) return Outcome<DossierMetricsAnswer>.Invalid(problems.ByField());
        var units = children ? [unit!, .. tree.Children(unit!.Id)] : new List<OrgNode> { unit! };
        if (units.Count * periods!.Count > MaxRows) return Outcome<DossierMetricsAnswer>.Invalid("periods", t["Dossiers.TooManyRows", MaxRows]);
        var rows = new List<DossierMetricsRow>();
        if (breakdown is "sector" or "procedure")
        {
            foreach (var u in units) rows.AddRange(await BreakdownAsync(tree, u, periods, breakdown == "sector", ct));
            return Outcome<DossierMetricsAnswer>.Ok(new(rows));
        }
        var from = periods.Min(p => p.From);
        var to = periods.Max(p => p.To);
        foreach (var u in units)
        {
            var months = await store.SubtreeMonthsAsync(tree, u.Id, from, to, ct);
            foreach (var (id, f, last) in periods)
            {
                rows.Add(DossierMetricsRow.Of(u, id, Sum(months, f - from, last - from), store.Rules));
            }
        }
        return Outcome<DossierMetricsAnswer>.Ok(new(rows));
    }

    /// <summary>The subtree's counts per sector or procedure, from its stored dossiers.</summary>
    private async Task<List<DossierMetricsRow>> BreakdownAsync(OrgTree tree, OrgNode unit, List<(string Id, int From, int To)> periods, bool bySector,
        CancellationToken ct)
    {
        var unitIds = tree.Subtree(unit.Id).Select(u => u.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<(string Key, string Name)>();
        var aggregator = new DossierAggregator(store.Rules);
        var query = db.Dossiers.AsNoTracking().Where(d => unitIds.Contains(d.HandlingUnitId));
        await foreach (var d in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = bySector ? d.Sector : d.ProcedureCode;
            if (!keys.TryGetValue(key, out var k))
            {
                keys[key] = k = names.Count;
                names.Add((key, bySector ? d.Sector : d.ProcedureName));
            }
            aggregator.Add(DossierStore.Facts(d, tree.Find(d.HandlingUnitId)?.Code).WithKey(k));
        }
        var from = periods.Min(p => p.From);
        var to = periods.Max(p => p.To);
        var rows = new List<DossierMetricsRow>();
        for (var k = 0; k < names.Count; k++)
        {
            var months = aggregator.Months([k], from, to);
            foreach (var (id, f, last) in periods)
            {
                rows.Add(DossierMetricsRow.Of(unit, id, Sum(months, f - from, last - from), store.Rules, bySector ? names[k].Key : null, bySector ? null : names[k].Key));
            }
        }
        return rows;
    }

    /// <summary>GET /api/dossiers: the dossiers behind a figure, paged.</summary>
    public async Task<Outcome<DossierPage>> ListAsync(AccessScope scope, string? unitCode, string? periodText, DossierListKind kind, int? page, int? pageSize,
        CancellationToken ct)
    {
        var tree = (await directory.GetAsync(ct)).Tree;
        var problems = new FieldProblems();
        var unit = Unit(scope, tree, unitCode);
        if (unit is null) problems.Add("unit", t["Dossiers.UnknownUnit", unitCode ?? ""]);
        Period period = default;
        if (!Period.TryParse(periodText, out period, out var error)) problems.Add("period", t["Dossiers.BadPeriod", periodText ?? "", error ?? ""]);
        else if (period.Start < DossierDates.Earliest || period.End > DossierDates.Latest) problems.Add("period", t["Dossiers.BadPeriod", periodText ?? "", ""]);
        if (page is < 1 or > 100_000) problems.Add("page", t["Dossiers.BadPage"]);
        if (pageSize is < 1 or > 500) problems.Add("pageSize", t["Dossiers.BadPageSize", 500]);
        if (problems.Count > 0) return Outcome<DossierPage>.Invalid(problems.ByField());
        var size = pageSize ?? 50;
        var number = page ?? 1;
        var unitIds = tree.Subtree(unit!.Id).Select(u => u.Id).ToList();
        var (start, end) = (period.Start, period.End);
        var withdrawnFinish = store.Rules.WithdrawnAsFinished;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Dossiers.AsNoTracking().Where(d => unitIds.Contains(d.HandlingUnitId) && d.Status != DossierStatus.NotReceived && d.ReceivedOn != null);
        query = kind switch
        {
            DossierListKind.Late => query.Where(d => d.FinishedOn >= start && d.FinishedOn <= end && d.DueOn != null && d.FinishedOn > d.DueOn
                && (withdrawnFinish || d.Status != DossierStatus.Withdrawn)),
            DossierListKind.OpenOverdue => query.Where(d => d.ReceivedOn <= end && (d.FinishedOn == null || d.FinishedOn > end)
                && !(d.Status == DossierStatus.Withdrawn && d.FinishedOn == null && (d.ReturnedOn ?? d.ReceivedOn) <= end)
                && d.DueOn != null && d.DueOn < end),
            _ => query.Where(d => d.ReceivedOn >= start && d.ReceivedOn <= end),
        };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(d => d.DueOn).ThenBy(d => d.Code).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var today = Engine.Time.VietnamTime.Today(clock);
        var asOf = end < today ? end : today;
        var items = rows.Select(d =>
        {
            var handling = tree.Find(d.HandlingUnitId);
            int? late = d.DueOn is { } due
                ? (d.FinishedOn ?? asOf).DayNumber - due.DayNumber
                : null;
            return new DossierListItem(d.Code, d.ProcedureCode, d.ProcedureName, d.Sector, handling?.Code ?? "", handling?.Name ?? "", d.ReceivingUnitCode,
                d.Channel, d.Status, d.ReceivedOn, d.DueOn, d.FinishedOn, late is > 0 ? late : null);
        }).ToList();
        return Outcome<DossierPage>.Ok(new(total, number, size, items));
    }
}
