using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting;

/// <summary>The late reports page's list (missing, late, returned and not yet due) as a sheet to hand over, in the reader's language.</summary>
public sealed class LateReportsExport(RatesService rates, FormService forms, OrgDirectory directory, IStringLocalizer<ReportPageResource> p,
    IStringLocalizer<SharedResource> t)
{
    public async Task<Outcome<Sheet>> SheetAsync(AccessScope scope, string form, string? unit, string? periods, CancellationToken ct = default)
    {
        var found = await rates.StatusesAsync(scope, form, unit, periods, pendingOnly: true, ct);
        if (found.Value is not { } rows) return found.Failed<Sheet>();
        var def = await forms.FindAsync(form, ct);
        var tree = await directory.TreeAsync(ct);
        var unitName = unit is { Length: > 0 } ? tree.Find(unit.Trim())?.Name ?? unit : scope.On(tree).Roots.FirstOrDefault()?.Name ?? "";
        var period = periods is { Length: > 0 } ? ReportFormat.Period(periods) : string.Join(", ", rows.Select(r => r.Period).Distinct().Order().Select(ReportFormat.Period));
        return Outcome<Sheet>.Ok(Build(rows, p["Late.ExportTitle", def?.Form.Name.Pick() ?? form, unitName, period]));
    }

    public Sheet Build(IReadOnlyList<ReportStatusDto> rows, string title) => new("Late reports",
        [
            new(p["Late.Col.UnitCode"]), new(p["Late.Col.Unit"]), new(p["Late.Col.Kind"]), new(p["Late.Col.Period"]), new(p["Late.Col.Due"], SheetFormat.Date),
            new(p["Late.Col.Status"]), new(p["Late.Col.DaysLate"], SheetFormat.Integer), new(p["Late.Col.SubmittedAt"], SheetFormat.DateTime),
            new(p["Late.Col.LastUrgedAt"], SheetFormat.DateTime), new(p["Late.Col.LastUrgedBy"]),
        ],
        [.. rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Unit, r.UnitName, t[$"Kind.{r.Kind}"].Value, ReportFormat.Period(r.Period), r.DueDate, Status(r), r.DaysLate,
            // Shown in Vietnam time, the day the report was counted by.
            r.SubmittedAt is { } at ? VietnamTime.Local(at) : null,
            r.LastUrgedAt is { } urged ? VietnamTime.Local(urged) : null, r.LastUrgedBy,
        ])],
        Title: title);

    /// <summary>The words of the page's status chip: timing, then the approval once sent.</summary>
    private string Status(ReportStatusDto r)
    {
        var returned = r.State == SubmissionState.Returned && r.Timing is ReportTiming.Missing or ReportTiming.NotDue;
        string timing = returned ? p["Status.Returned"] : r.Timing switch
        {
            ReportTiming.OnTime => p["Status.OnTime"],
            ReportTiming.Late => p["Status.Late", r.DaysLate],
            ReportTiming.Missing => p["Status.Missing"],
            _ => p["Status.NotDue"],
        };
        return r.State is SubmissionState.Submitted or SubmissionState.Approved or SubmissionState.Draft ? $"{timing} · {p[$"Status.{r.State}"]}" : timing;
    }
}
