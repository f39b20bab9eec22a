using CivicTrack.Data;
using CivicTrack.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Notifications;

/// <summary>Which notifications about a report are done with, judged from the report's state now: an urge or reminder once
/// the report is sent, a return once it is sent again, a request for approval once it was approved or returned, a request
/// to reopen once the period was reopened.</summary>
public static class InboxHandled
{
    public static async Task<HashSet<long>> FindAsync(AppDb db, IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        var about = notifications
            .Where(n => n.Kind is NotificationKind.Urge or NotificationKind.Reminder or NotificationKind.Return or NotificationKind.Submitted
                or NotificationKind.ReopenRequest)
            .Select(n => (Notification: n, Report: ReportOf(n.Link)))
            .Where(x => x.Report is not null)
            .ToList();
        var done = new HashSet<long>();
        if (about.Count == 0) return done;
        var formCodes = about.Select(x => x.Report!.Value.Form).Distinct().ToList();
        var unitCodes = about.Select(x => x.Report!.Value.Unit).Distinct().ToList();
        var periods = about.Select(x => x.Report!.Value.Period).Distinct().ToList();
        var forms = await db.ReportForms.AsNoTracking().Where(f => formCodes.Contains(f.Code)).Select(f => new { f.Id, f.Code }).ToListAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().Where(u => unitCodes.Contains(u.Code)).Select(u => new { u.Id, u.Code }).ToListAsync(ct);
        var formIds = forms.Select(f => f.Id).ToList();
        var unitIds = units.Select(u => u.Id).ToList();
        var submissions = await db.Submissions.AsNoTracking().Include(s => s.Events)
            .Where(s => formIds.Contains(s.FormId) && unitIds.Contains(s.OrgUnitId) && periods.Contains(s.Period)).ToListAsync(ct);
        var formId = forms.ToDictionary(f => f.Code, f => f.Id, StringComparer.OrdinalIgnoreCase);
        var unitId = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var byKey = submissions.ToDictionary(s => (s.FormId, s.OrgUnitId, s.Period));
        foreach (var (n, report) in about)
        {
            var (form, unit, period) = report!.Value;
            if (!formId.TryGetValue(form, out var f) || !unitId.TryGetValue(unit, out var u) || !byKey.TryGetValue((f, u, period), out var s)) continue;
            if (IsHandled(n, s)) done.Add(n.Id);
        }
        return done;
    }

    private static bool IsHandled(Notification n, Submission s)
    {
        // The change a notification tells of is stamped no later than the notification itself; what came after answers it.
        var after = n.CreatedAt;
        bool Since(SubmissionAction action) => s.Events.Any(e => e.Action == action && e.At > after);
        return n.Kind switch
        {
            NotificationKind.Urge or NotificationKind.Reminder => s.Counts,
            NotificationKind.Return => s.Counts && Since(SubmissionAction.Submitted),
            NotificationKind.Submitted => Since(SubmissionAction.Approved) || Since(SubmissionAction.Returned),
            NotificationKind.ReopenRequest => s.ReopenedUntil is not null && (s.ReopenRequestedAt is null || s.ReopenRequestedAt > after),
            _ => false,
        };
    }

    /// <summary>The form, unit and period of a link to a report (<c>/reports/{form}/{unit}/{period}</c>).</summary>
    private static (string Form, string Unit, string Period)? ReportOf(string? link)
    {
        if (link is null || !link.StartsWith("/reports/", StringComparison.Ordinal)) return null;
        var parts = link["/reports/".Length..].Split('?', '#')[0].Split('/');
        return parts.Length == 3 && parts.All(p => p.Length > 0)
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2]))
            : null;
    }
}
