using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Reporting;

/// <summary>When reminders go out: <c>Reporting:Reminders</c> in configuration.</summary>
public sealed class ReminderSettings
{
    public bool Enabled { get; set; } = true;
    public int DaysBefore { get; set; } = 3;
    public int DaysAfter { get; set; } = 1;
    /// <summary>An overdue reminder is sent up to this many days after its date, not for long-past periods.</summary>
    public int AfterWindowDays { get; set; } = 7;
    public int IntervalMinutes { get; set; } = 15;
}

/// <summary>Reminds units that have not sent a report: some days before the due date, on it, and after it. Each
/// reminder is keyed by form, period, stage and unit, so it is recorded and e-mailed once, across restarts.</summary>
public sealed class ReminderService(IDbContextFactory<AppDb> dbFactory, FormService forms, OrgDirectory directory, Notifier notifier,
    TimeProvider clock, Microsoft.Extensions.Options.IOptions<ReminderSettings> options, ILogger<ReminderService> log) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, settings.IntervalMinutes)), clock);
        do
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Report reminders failed; trying again at the next interval"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Records every reminder due today that was not recorded before; returns how many units were reminded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var settings = options.Value;
            var today = VietnamTime.Today(clock);
            var tree = await directory.TreeAsync(ct);
            var reminded = 0;
            foreach (var def in (await forms.DefinitionsAsync(ct)).Where(d => d.Form.IsActive))
                foreach (var period in Candidates(def, today, settings))
                {
                    var stage = Stage(def.Schedule, period, today, settings);
                    if (stage is null || def.Schedule.IsLocked(period, today)) continue;
                    reminded += await RemindAsync(def, period, stage.Value, tree, today, ct);
                }
            if (reminded > 0)
            {
                log.LogInformation("Recorded report reminders for {Units} units", reminded);
                notifier.Nudge();
            }
            return reminded;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Periods whose reminder window contains today.</summary>
    private static IEnumerable<Period> Candidates(FormDefinition def, DateOnly today, ReminderSettings s)
    {
        var start = today.AddDays(-(s.DaysAfter + s.AfterWindowDays + 400));
        var end = today.AddDays(s.DaysBefore + 400);
        return def.Periods.PeriodsIn(new PeriodRange(start, end))
            .Where(p => def.Schedule.DueDate(p) is var due && due.AddDays(-s.DaysBefore) <= today && today <= due.AddDays(s.DaysAfter + s.AfterWindowDays));
    }

    /// <summary>The one reminder that applies today: overdue after DaysAfter days, due today, or due within DaysBefore days.</summary>
    public static ReminderStage? Stage(ReportSchedule schedule, Period period, DateOnly today, ReminderSettings s)
    {
        var due = schedule.DueDate(period);
        if (today >= schedule.ReminderDate(period, ReminderStage.After, s.DaysBefore, s.DaysAfter) && today <= due.AddDays(s.DaysAfter + s.AfterWindowDays))
            return ReminderStage.After;
        if (today == due) return ReminderStage.OnDay;
        if (today >= schedule.ReminderDate(period, ReminderStage.Before, s.DaysBefore, s.DaysAfter) && today < due) return ReminderStage.Before;
        return null;
    }

    private async Task<int> RemindAsync(FormDefinition def, Period period, ReminderStage stage, Engine.Organisation.OrgTree tree, DateOnly today, CancellationToken ct)
    {
        var prefix = $"reminder:{def.Form.Code}:{period.Id}:{stage}:";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sent = (await db.Notifications.AsNoTracking().Where(n => n.Key != null && n.Key.StartsWith(prefix)).Select(n => n.Key!).ToListAsync(ct))
            .Select(k => k[prefix.Length..].Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var received = (await db.Submissions.AsNoTracking()
                .Where(s => s.FormId == def.Form.Id && s.Period == period.Id && (s.State == SubmissionState.Submitted || s.State == SubmissionState.Approved))
                .Select(s => s.OrgUnitId).ToListAsync(ct)).ToHashSet();
        var owing = def.AssignedUnitIds.Where(tree.Contains).Select(tree.Get)
            .Where(u => u.IsOpenOn(period.End) && !received.Contains(u.Id) && !sent.Contains(u.Code)).ToList();
        if (owing.Count == 0) return 0;
        var (kind, template) = stage switch
        {
            ReminderStage.Before => (NotificationKind.Reminder, "ReportDueSoon"),
            ReminderStage.OnDay => (NotificationKind.Reminder, "ReportDueToday"),
            _ => (NotificationKind.Reminder, "ReportOverdue"),
        };
        foreach (var unit in owing)
            await notifier.AddAsync(db, ReportService.Draft(kind, template, def, unit, period, null, roles: [Roles.Reporter], key: prefix + unit.Code), ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (Notifier.IsDuplicateKey(e))
        {
            // Another pass recorded some of these at the same moment; the next pass adds whatever is still missing.
            return 0;
        }
        return owing.Count;
    }
}
