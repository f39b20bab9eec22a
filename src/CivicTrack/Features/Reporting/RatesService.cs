using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting;

/// <summary>Who owes which reports, who sent them on time, and urging those who have not (SPEC section 4).</summary>
public sealed class RatesService(IDbContextFactory<AppDb> dbFactory, FormService forms, OrgDirectory directory, AuditLog audit, Notifier notifier,
    TimeProvider clock, IStringLocalizer<ReportResource> t)
{
    /// <summary>The expected reports of a form under a unit for the periods of a range (default: the last 12 periods already due).
    /// <see cref="Expectation.Submissions"/> hold each report's unit, period, state, first submission, reopening and
    /// reopening request, and nothing else.</summary>
    public sealed record Expectation(FormDefinition Definition, OrgNode Unit, IReadOnlyList<Period> Periods, IReadOnlyList<ExpectedReport> Reports,
        IReadOnlyDictionary<(int Unit, string Period), Submission> Submissions, OrgTree Tree, DateOnly AsOf);

    public async Task<Outcome<Expectation>> ExpectAsync(AccessScope scope, string formCode, string? unitCode, string? periods, CancellationToken ct = default)
    {
        var def = await forms.FindAsync(formCode, ct);
        if (def is null) return new(OutcomeKind.NotFound);
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        OrgNode? unit;
        if (unitCode is { Length: > 0 })
        {
            unit = tree.Find(unitCode.Trim());
            if (unit is null || !scope.Covers(unit)) return new(OutcomeKind.NotFound);
        }
        else unit = scope.Roots.FirstOrDefault();
        if (unit is null) return new(OutcomeKind.NotFound);
        var today = VietnamTime.Today(clock);
        IReadOnlyList<Period> list;
        if (periods is { Length: > 0 })
        {
            if (!PeriodRange.TryParse(periods, out var range, out var error)) return Outcome<Expectation>.Invalid("periods", t["Rates.BadPeriods", periods, error ?? ""]);
            list = def.Periods.PeriodsIn(range);
        }
        else list = def.DuePeriods(today, 12).Reverse().ToList();
        if (list.Count > 400) return Outcome<Expectation>.Invalid("periods", t["Rates.TooManyPeriods", 400]);
        var subtree = def.AssignedUnitIds.Where(id => tree.IsWithin(id, unit.Id)).ToList();
        var ids = list.Select(p => p.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Only what the rates, statuses and synthesis read: a province's year is tens of thousands of reports.
        var rows = await db.Submissions.AsNoTracking().Where(s => s.FormId == def.Form.Id && ids.Contains(s.Period))
            .Select(s => new Submission
            {
                Id = s.Id, FormId = s.FormId, OrgUnitId = s.OrgUnitId, Period = s.Period, State = s.State, FirstSubmittedAt = s.FirstSubmittedAt,
                ReopenedUntil = s.ReopenedUntil, ReopenRequestedAt = s.ReopenRequestedAt,
            }).ToListAsync(ct);
        var facts = rows.Where(s => tree.Contains(s.OrgUnitId) && s.FirstSubmittedAt is not null)
            .Select(s => new SubmissionFact(s.OrgUnitId, Period.Parse(s.Period), VietnamTime.Day(s.FirstSubmittedAt!.Value), s.Counts));
        var reports = list.Count == 0 || subtree.Count == 0 ? []
            // The range runs from the first owed period to the last, so every form period in it is owed; the units are the subtree's.
            : ReportingRates.Expected(tree, subtree, def.Schedule, new PeriodRange(list[0].Start, list[^1].End), facts, today);
        var byKey = rows.GroupBy(s => (s.OrgUnitId, s.Period)).ToDictionary(g => g.Key, g => g.First());
        return new(OutcomeKind.Ok, new Expectation(def, unit, list, reports, byKey, tree, today));
    }

    /// <summary>Completeness and timeliness for a unit and each of its children, in total and per period.</summary>
    public async Task<Outcome<ReportingRatesDto>> RatesAsync(AccessScope scope, string form, string? unit, string? periods, CancellationToken ct = default)
    {
        var found = await ExpectAsync(scope, form, unit, periods, ct);
        if (found.Value is not { } e) return found.Failed<ReportingRatesDto>();
        // The children that owe a report, found from the roll-up rather than by searching the reports for each child.
        var totals = ReportingRates.RollUp(e.Tree, e.Reports, e.Tree.Children(e.Unit.Id).Select(c => c.Id).Append(e.Unit.Id));
        var children = e.Tree.Children(e.Unit.Id).Where(c => totals.GetValueOrDefault(c.Id).Expected > 0).ToList();
        var asked = children.Select(c => c.Id).Append(e.Unit.Id).ToList();
        var byPeriod = ReportingRates.RollUpByPeriod(e.Tree, e.Reports, asked);
        UnitRatesDto Row(OrgNode u) => new(u.Code, u.Name, u.Kind, Dto(totals.GetValueOrDefault(u.Id)),
            e.Periods.ToDictionary(p => p.Id, p => Dto(byPeriod.TryGetValue(u.Id, out var m) ? m.GetValueOrDefault(p) : default)));
        var label = e.Periods.Count == 0 ? "" : e.Periods.Count == 1 ? e.Periods[0].Id : $"{e.Periods[0].Id}..{e.Periods[^1].Id}";
        return new(OutcomeKind.Ok, new ReportingRatesDto(e.Definition.Form.Code, label, e.AsOf, Row(e.Unit), children.Select(Row).ToList()));
    }

    public static RateDto Dto(RateCounts c) => new(c.Expected, c.Submitted, c.OnTime, c.Completeness, c.Timeliness);

    /// <summary>Every expected report under the unit with where it stands; <paramref name="pendingOnly"/> keeps the late and missing ones.
    /// <paramref name="withUrges"/> adds when each was last urged and by whom, which reads the form's urges: lists that do not
    /// show it leave it out.</summary>
    public async Task<Outcome<IReadOnlyList<ReportStatusDto>>> StatusesAsync(AccessScope scope, string form, string? unit, string? periods, bool pendingOnly,
        CancellationToken ct = default, bool withUrges = true)
    {
        var found = await ExpectAsync(scope, form, unit, periods, ct);
        if (found.Value is not { } e) return found.Failed<IReadOnlyList<ReportStatusDto>>();
        var statuses = Statuses(e, pendingOnly);
        if (statuses.Count == 0 || !withUrges) return new(OutcomeKind.Ok, statuses);
        var urged = await LastUrgedAsync(e.Definition.Form.Code, ct);
        return new(OutcomeKind.Ok, statuses.Select(x => urged.TryGetValue(ReportFormat.Link(x.Form, x.Unit, x.Period), out var u)
            ? x with { LastUrgedAt = u.At, LastUrgedBy = u.By } : x).ToList());
    }

    /// <summary>When each report of the form was last urged and by whom, by the report's link: an urge is one notification
    /// per reporter of the unit (or one for the unit), all linking to the report.</summary>
    private async Task<Dictionary<string, (DateTime At, string? By)>> LastUrgedAsync(string form, CancellationToken ct)
    {
        var prefix = $"/reports/{Uri.EscapeDataString(form)}/";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.Urge && n.Link != null && n.Link.StartsWith(prefix))
            .Select(n => new { n.Link, n.CreatedAt, n.CreatedBy }).ToListAsync(ct);
        return rows.GroupBy(n => n.Link!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(n => n.CreatedAt) is var last ? (DateTime.SpecifyKind(last!.CreatedAt, DateTimeKind.Utc), last.CreatedBy) : default,
                StringComparer.Ordinal);
    }

    public static IReadOnlyList<ReportStatusDto> Statuses(Expectation e, bool pendingOnly) => e.Reports
        .Where(r => !pendingOnly || r.Timing is ReportTiming.Missing or ReportTiming.Late or ReportTiming.NotDue
            || e.Submissions.TryGetValue((r.UnitId, r.Period.Id), out var s) && s.State == SubmissionState.Returned)
        .Select(r =>
        {
            var u = e.Tree.Get(r.UnitId);
            e.Submissions.TryGetValue((r.UnitId, r.Period.Id), out var s);
            var end = r.SubmittedOn ?? e.AsOf;
            return new ReportStatusDto(e.Definition.Form.Code, u.Code, u.Name, u.Kind, r.Period.Id, r.DueDate, r.Timing, s?.State, s?.FirstSubmittedAt,
                r.Timing is ReportTiming.Late or ReportTiming.Missing ? Math.Max(0, end.DayNumber - r.DueDate.DayNumber) : 0,
                ReportService.IsLocked(e.Definition, r.Period, s, e.AsOf), s?.ReopenRequestedAt is not null);
        })
        .OrderByDescending(x => x.Period).ThenBy(x => x.Timing switch { ReportTiming.Missing => 0, ReportTiming.Late => 1, ReportTiming.NotDue => 2, _ => 3 })
        .ThenByDescending(x => x.DaysLate).ThenBy(x => x.UnitName, StringComparer.Create(new System.Globalization.CultureInfo("vi-VN"), false))
        .ToList();

    /// <summary>Urges every unit under <paramref name="unit"/> whose report for the period is missing (or the one unit
    /// named): a message in its reporters' inbox and e-mail. Returns how many units were urged.</summary>
    public async Task<Outcome<int>> UrgeAsync(AccessScope scope, UrgeReportsInput input, CancellationToken ct = default)
    {
        if (input.Form is not { Length: > 0 } form) return Outcome<int>.Invalid("form", t["Rates.FormRequired"]);
        if (input.Period is not { Length: > 0 } period || !Period.TryParse(period, out _)) return Outcome<int>.Invalid("period", t["Rates.PeriodRequired"]);
        if (input.Message is { Length: > 1000 }) return Outcome<int>.Invalid("message", t["Report.CommentTooLong", 1000]);
        var found = await ExpectAsync(scope, form, input.Unit, period, ct);
        if (found.Value is not { } e) return found.Failed<int>();
        var late = e.Reports.Where(r => r.Timing is ReportTiming.Missing or ReportTiming.NotDue
            || e.Submissions.TryGetValue((r.UnitId, r.Period.Id), out var s) && s.State == SubmissionState.Returned).ToList();
        if (late.Count == 0) return new(OutcomeKind.Ok, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in late)
            await notifier.AddAsync(db, ReportService.Draft(NotificationKind.Urge, "ReportUrged", e.Definition, e.Tree.Get(r.UnitId), r.Period, scope.DisplayName,
                message: input.Message?.Trim(), roles: [Roles.Reporter]), ct);
        audit.Add(db, scope, AuditActions.Urge, "Report", $"{e.Definition.Form.Code}/{e.Unit.Code}/{period}", e.Unit.Id, null,
            new { units = late.Select(r => e.Tree.Get(r.UnitId).Code).Take(500).ToList(), count = late.Count, message = input.Message });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Nudge();
        return new(OutcomeKind.Ok, late.Count);
    }
}
