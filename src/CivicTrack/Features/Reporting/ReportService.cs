using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using System.Threading.Channels;

namespace CivicTrack.Features.Reporting;

/// <summary>One unit's report for a form and period: reading, saving drafts, submitting, approving and returning.</summary>
/// <remarks>A report's values are the unit's data values for that period, so dashboards see them as soon as they are
/// saved; the submission row carries the workflow. Every write goes through the analytics store's commit gate, which
/// also orders concurrent saves of the same report.</remarks>
public sealed class ReportService(IDbContextFactory<AppDb> dbFactory, FormService forms, AnalyticsStore store, DataValueService values,
    AuditLog audit, Notifier notifier, Interop.Dhis2Outbox dhis2, TimeProvider clock, IStringLocalizer<ReportResource> t, ILogger<ReportService> log) : IDisposable
{
    /// <summary>A report located and checked against the caller's reach.</summary>
    public sealed record Target(FormDefinition Definition, OrgNode Unit, Period Period, OrgTree Tree);

    /// <summary>Finds the form, unit and period; a unit outside the caller's reach is "not found" (and audited).</summary>
    public async Task<Outcome<Target>> LocateAsync(AccessScope scope, string form, string unit, string period, CancellationToken ct)
    {
        var def = await forms.FindAsync(form, ct);
        if (def is null) return new(OutcomeKind.NotFound);
        // The tree only: locating a report never waits for the analytics values to load.
        var tree = (await store.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        var node = tree.Find(unit);
        if (node is null) return new(OutcomeKind.NotFound);
        if (!scope.Covers(node))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Report", $"{def.Form.Code}/{unit}/{period}", node.Id, ct: ct);
            return new(OutcomeKind.NotFound);
        }
        if (!Period.TryParse(period, out var p, out var error)) return Outcome<Target>.Invalid("period", t["Report.BadPeriod", period, error ?? ""]);
        if (!def.Owes(p)) return Outcome<Target>.Invalid("period", t["Report.NotFormPeriod", p.Id, def.Form.Code]);
        if (!def.AssignedUnitIds.Contains(node.Id)) return Outcome<Target>.Invalid("unit", t["Report.NotAssigned", node.Name, def.Form.Name]);
        return new(OutcomeKind.Ok, new Target(def, node, p, tree));
    }

    public async Task<Outcome<ReportDto>> GetAsync(AccessScope scope, string form, string unit, string period, CancellationToken ct = default)
    {
        var located = await LocateAsync(scope, form, unit, period, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new(OutcomeKind.Ok, await ReadAsync(db, scope, target, ct));
    }

    /// <summary>Saves values and the comment as a draft: every value is checked first (type, min, max), then all are stored
    /// together or none. Rules and required fields are reported but do not stop a draft.</summary>
    public async Task<Outcome<ReportDto>> SaveAsync(AccessScope scope, string form, string unit, string period, ReportInput input, CancellationToken ct = default)
    {
        var located = await LocateAsync(scope, form, unit, period, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        return await WriteAsync(scope, target, input, submit: false, ct);
    }

    /// <summary>Saves the given values (if any) and submits: refused while required values are missing or a rule fails.
    /// Submitting a report already submitted or approved changes nothing.</summary>
    public async Task<Outcome<ReportDto>> SubmitAsync(AccessScope scope, string form, string unit, string period, ReportInput? input, CancellationToken ct = default)
    {
        var located = await LocateAsync(scope, form, unit, period, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        return await WriteAsync(scope, target, input ?? new ReportInput(null), submit: true, ct);
    }

    private async Task<Outcome<ReportDto>> WriteAsync(AccessScope scope, Target target, ReportInput input, bool submit, CancellationToken ct)
    {
        var (def, unit, period, _) = target;
        var fields = def.Fields.ToDictionary(f => f.Element.Code, StringComparer.OrdinalIgnoreCase);
        var problems = new Dictionary<string, List<string>>();
        void Problem(string field, string message) => (problems.TryGetValue(field, out var l) ? l : problems[field] = []).Add(message);
        var planned = new List<PlannedValue>();
        var given = input.Values ?? [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in given)
        {
            if (v is null) { Problem("values", t["Form.EmptyItem"]); continue; }
            if (v.Element is null || !fields.TryGetValue(v.Element.Trim(), out var f))
            {
                Problem(v.Element ?? "values", t["Report.UnknownElement", v.Element ?? "", def.Form.Code]);
                continue;
            }
            if (!seen.Add(f.Element.Code)) { Problem(f.Element.Code, t["Report.DuplicateElement", f.Element.Code]); continue; }
            if (v.Value is { } x && CheckField(f.Field, f.Element, x) is { } why) { Problem(f.Element.Code, why); continue; }
            if (v.Comment is { Length: > 1000 }) { Problem(f.Element.Code, t["Report.CommentTooLong", 1000]); continue; }
            if (ControlCharacters.Find(v.Comment) is var at and >= 0) { Problem(f.Element.Code, t["Report.ControlCharacter", at + 1]); continue; }
            planned.Add(new PlannedValue(f.Element, unit.Id, period, v.Value, string.IsNullOrWhiteSpace(v.Comment) ? null : v.Comment.Trim()));
        }
        if (input.Comment is { Length: > 2000 }) Problem("comment", t["Report.CommentTooLong", 2000]);
        else if (ControlCharacters.Find(input.Comment) is var c and >= 0) Problem("comment", t["Report.ControlCharacter", c + 1]);
        if (problems.Count > 0) return Invalid(problems);

        var write = new PendingWrite(scope, target, input, submit, planned, System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        if (!_writes.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(ReportService));
        StartWriters();
        return await write.Done.Task.WaitAsync(ct);
    }

    // Group commit: report writes queue here and are committed together, one transaction (and one flush to disk) for
    // every write that arrived while the previous transaction was committing; each caller is answered after its commit.
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>();
    private int _writersStarted;
    private const int MaxGroup = 64;

    /// <summary>A checked report write waiting for its turn, with the caller's culture for the messages of its answer.</summary>
    private sealed record PendingWrite(AccessScope Scope, Target Target, ReportInput Input, bool Submit, List<PlannedValue> Planned,
        System.Globalization.CultureInfo Culture, System.Globalization.CultureInfo UICulture)
    {
        public TaskCompletionSource<Outcome<ReportDto>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public (int Form, int Unit, string Period) Report => (Target.Definition.Form.Id, Target.Unit.Id, Target.Period.Id);
    }

    /// <summary>What one write decided inside a group: its answer (built once the group is saved) and the values it changed.</summary>
    private sealed record Decided(PendingWrite Write, Func<Outcome<ReportDto>> Answer, List<(int, int, Period, double?)> Applied);

    private void StartWriters()
    {
        if (Volatile.Read(ref _writersStarted) != 0 || Interlocked.Exchange(ref _writersStarted, 1) != 0) return;
        // SQLite has one writer at a time; PostgreSQL commits one round while the next is being decided. Two rounds that
        // touch the same unit are still ordered by the store's stripes.
        var writers = dbFactory is AppDbFactory { Provider: DatabaseProvider.Postgres } ? 2 : 1;
        for (var i = 0; i < writers; i++) _ = Task.Run(WriteLoopAsync);
    }

    public void Dispose() => _writes.Writer.TryComplete();

    private async Task WriteLoopAsync()
    {
        var reader = _writes.Reader;
        var group = new List<PendingWrite>(MaxGroup);
        while (await reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && reader.TryRead(out var w)) group.Add(w);
            try { await CommitGroupAsync(group); }
            catch (Exception e)
            {
                log.LogError(e, "A group of {Count} report writes failed", group.Count);
                foreach (var w in group) w.Done.TrySetException(e);
            }
            group.Clear();
        }
    }

    /// <summary>Commits a group; writes to the same report go in later rounds, in arrival order. When a round fails as a
    /// whole, each of its writes is tried alone, so that one write's failure is its own.</summary>
    private async Task CommitGroupAsync(List<PendingWrite> group)
    {
        var pending = group;
        while (pending.Count > 0)
        {
            var seen = new HashSet<(int, int, string)>();
            var round = new List<PendingWrite>();
            var later = new List<PendingWrite>();
            foreach (var w in pending) (seen.Add(w.Report) ? round : later).Add(w);
            try { await CommitRoundAsync(round); }
            catch (Exception e) when (round.Count > 1)
            {
                log.LogWarning(e, "A group of {Count} report writes failed; each is tried alone", round.Count);
                foreach (var w in round)
                    try { await CommitRoundAsync([w]); }
                    catch (Exception alone) { w.Done.TrySetException(alone); }
            }
            catch (Exception e) { round[0].Done.TrySetException(e); }
            pending = later;
        }
    }

    private async Task CommitRoundAsync(List<PendingWrite> round)
    {
        var ct = CancellationToken.None;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.Today(clock);
        var decided = await store.CommitAsync(round.Select(w => w.Target.Unit.Id).Distinct(), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // One read for the submissions of every report of the round, one for their stored values.
            var forms = round.Select(w => w.Target.Definition.Form.Id).Distinct().ToList();
            var units = round.Select(w => w.Target.Unit.Id).Distinct().ToList();
            var periods = round.Select(w => w.Target.Period.Id).Distinct().ToList();
            var elements = round.SelectMany(w => w.Target.Definition.Fields.Select(f => f.Element.Id)).Distinct().ToList();
            var submissions = (await db.Submissions.Include(s => s.Events)
                    .Where(s => forms.Contains(s.FormId) && units.Contains(s.OrgUnitId) && periods.Contains(s.Period)).ToListAsync(ct))
                .ToDictionary(s => (s.FormId, s.OrgUnitId, s.Period));
            var stored = (await db.DataValues.Where(v => units.Contains(v.OrgUnitId) && periods.Contains(v.Period) && elements.Contains(v.DataElementId))
                    .ToListAsync(ct))
                .ToLookup(v => (v.OrgUnitId, v.Period));
            var together = new ValueWriteBatch();
            var added = new NewRows();
            var results = new List<Decided>(round.Count);
            foreach (var w in round)
            {
                using (CultureScope.Of(w))
                {
                    var ids = w.Target.Definition.Fields.Select(f => f.Element.Id).ToHashSet();
                    var rows = stored[(w.Target.Unit.Id, w.Target.Period.Id)].Where(v => ids.Contains(v.DataElementId)).ToDictionary(v => v.DataElementId);
                    results.Add(await DecideWriteAsync(db, w, submissions.GetValueOrDefault(w.Report), rows, together, added, now, today, ct));
                }
            }
            await values.FlushAsync(db, together, ct);
            await db.SaveChangesAsync(ct);
            await added.InsertAsync(db, ct);
            await tx.CommitAsync(ct);
            return results;
        }, r => r.SelectMany(d => d.Applied), ct);
        var submitted = false;
        foreach (var d in decided)
        {
            Outcome<ReportDto> answer;
            using (CultureScope.Of(d.Write))
            {
                try { answer = d.Answer(); }
                catch (Exception e) { d.Write.Done.TrySetException(e); continue; }
            }
            submitted |= d.Write.Submit && answer.Succeeded;
            d.Write.Done.TrySetResult(answer);
        }
        if (submitted) notifier.Nudge();
    }

    /// <summary>Runs a queued write's work in its caller's language, and puts the writer's back after.</summary>
    private readonly struct CultureScope : IDisposable
    {
        private readonly System.Globalization.CultureInfo _culture, _uiCulture;

        private CultureScope(PendingWrite write)
        {
            (_culture, _uiCulture) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (write.Culture, write.UICulture);
        }

        public static CultureScope Of(PendingWrite write) => new(write);

        public void Dispose() =>
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }

    /// <summary>The rows a round adds, inserted together after its tracked changes are saved: new submissions with their
    /// events, audit entries and notifications.</summary>
    private sealed class NewRows
    {
        public List<Submission> Submissions { get; } = [];
        public List<AuditEntry> Audit { get; } = [];
        public List<Notification> Notifications { get; } = [];

        public async Task InsertAsync(AppDb db, CancellationToken ct)
        {
            var byKey = Submissions.ToDictionary(x => (x.FormId, x.OrgUnitId, x.Period));
            await RowInserts.InsertAsync(db, Submissions, ct, ["Id", "FormId", "OrgUnitId", "Period"],
                r => byKey[(r.GetInt32(1), r.GetInt32(2), r.GetString(3))].Id = r.GetInt64(0));
            var events = new List<SubmissionEvent>();
            foreach (var x in Submissions)
                foreach (var e in x.Events)
                {
                    e.SubmissionId = x.Id;
                    events.Add(e);
                }
            await RowInserts.InsertAsync(db, events, ct);
            await RowInserts.InsertAsync(db, Audit, ct);
            await RowInserts.InsertAsync(db, Notifications, ct);
        }
    }

    /// <summary>Decides one write of a round and adds its rows to <paramref name="db"/>: the workflow step, the values as
    /// they will stand, the submission, its event, the audit entry and the approvers' notification.</summary>
    private async Task<Decided> DecideWriteAsync(AppDb db, PendingWrite w, Submission? submission, Dictionary<int, DataValue> rows,
        ValueWriteBatch together, NewRows added, DateTime now, DateOnly today, CancellationToken ct)
    {
        var (scope, target, input, submit, planned) = (w.Scope, w.Target, w.Input, w.Submit, w.Planned);
        var (def, unit, period, tree) = target;
        var state = submission?.State ?? SubmissionState.Draft;
        // Submitting again what was already submitted (a client retrying after a lost answer) changes nothing and succeeds.
        if (submit && submission is { Counts: true } && Same(rows, submission, planned, input.Comment))
        {
            var unchanged = submission;
            return new(w, () => Outcome<ReportDto>.Ok(Dto(scope, target, unchanged, rows)), []);
        }
        var step = ReportWorkflow.Decide(Report(target, submission, today), submit ? WorkflowAction.Submit : WorkflowAction.Save, Actor(scope, target));
        if (step.Refusal is { } refusal)
        {
            var conflict = Conflict(Refusal(refusal, target, submission));
            return new(w, () => conflict, []);
        }
        // The values as they will stand: stored ones overlaid with this request's.
        var after = new Dictionary<int, DataValue>(rows);
        foreach (var v in planned)
            if (v.Value is not { } x) after.Remove(v.Element.Id);
            else if (!rows.ContainsKey(v.Element.Id))
                after[v.Element.Id] = new DataValue { DataElementId = v.Element.Id, OrgUnitId = unit.Id, Period = period.Id, Value = x, Comment = v.Comment, UpdatedAt = now, UpdatedBy = scope.DisplayName };
        if (submit)
        {
            var blocking = Problems(def, Overlay(after, planned)).Where(p => p.Blocking).ToList();
            if (blocking.Count > 0)
            {
                var invalid = Invalid(blocking.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToList()));
                return new(w, () => invalid, []);
            }
        }
        var write = planned.Count > 0
            ? await values.WriteAsync(db, scope, planned, ValueSource.Entry, ct, rows.Values.ToDictionary(r => (r.DataElementId, r.OrgUnitId, r.Period)), together)
            : null;
        var isNew = submission is null;
        if (submission is null)
        {
            submission = new Submission { FormId = def.Form.Id, OrgUnitId = unit.Id, Period = period.Id, State = SubmissionState.Draft, CreatedAt = now };
            added.Submissions.Add(submission);
        }
        var comment = input.Comment is null ? submission.Comment : string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        // A save that changes nothing leaves the report as it was, so a repeated upload is harmless.
        if (submit || comment != submission.Comment || write is { Applied.Count: > 0 } || isNew)
        {
            submission.Comment = comment;
            submission.UpdatedAt = now;
            submission.UpdatedBy = scope.DisplayName;
        }
        if (submit)
        {
            submission.State = step.State;
            submission.ApprovedLevels = step.ApprovedLevels;
            submission.ReturnReason = null;
            submission.FirstSubmittedAt ??= now;
            submission.SubmittedAt = now;
            submission.SubmittedById = scope.UserId;
            submission.SubmittedBy = scope.DisplayName;
            if (submission.State == SubmissionState.Approved) submission.ApprovedAt = now;
            submission.Events.Add(new SubmissionEvent { At = now, Action = SubmissionAction.Submitted, ByUserId = scope.UserId, ByName = scope.DisplayName, ByUnitId = ActingUnit(scope, unit.Id) });
            added.Audit.Add(audit.Entry(scope, AuditActions.Submit, "Report", Key(def, unit, period), unit.Id, new { state = state.ToString() },
                new { state = submission.State.ToString(), values = write?.Applied.Count ?? 0 }));
            if (submission.State == SubmissionState.Submitted)
                await notifier.AddAsync(db, Draft(NotificationKind.Submitted, "ReportSubmitted", def, unit, period, scope.DisplayName,
                    recipientUnit: ApproverUnit(tree, unit), roles: [Roles.Approver], key: null), ct, added.Notifications);
        }
        else if (write is { Applied.Count: > 0 })
            added.Audit.Add(audit.Entry(scope, AuditActions.Update, "Report", Key(def, unit, period), unit.Id, null,
                new { added = write.Added, updated = write.Updated, deleted = write.Deleted, changes = write.Changes }));
        var saved = submission;
        return new(w, () => Outcome<ReportDto>.Ok(Dto(scope, target, saved, after)), write?.Applied ?? []);
    }

    /// <summary>Values with this request's changes to rows already stored (new rows are in <paramref name="after"/> already).</summary>
    private static Dictionary<int, DataValue> Overlay(Dictionary<int, DataValue> after, IReadOnlyList<PlannedValue> planned)
    {
        var view = new Dictionary<int, DataValue>(after);
        foreach (var v in planned)
            if (v.Value is { } x && view.TryGetValue(v.Element.Id, out var row) && !row.Value.Equals(x))
                view[v.Element.Id] = new DataValue { DataElementId = row.DataElementId, OrgUnitId = row.OrgUnitId, Period = row.Period, Value = x, Comment = v.Comment };
        return view;
    }

    /// <summary>Approves one level; the last level approves (and locks) the report. A level is approved by an account
    /// attached higher up the tree than the one before, and never by the account that submitted it.</summary>
    public async Task<Outcome<ReportDto>> ApproveAsync(AccessScope scope, string form, string unit, string period, CancellationToken ct = default) =>
        await DecideAsync(scope, form, unit, period, approve: true, null, ct);

    /// <summary>Returns a submitted report to its unit with a reason; the reporter corrects and submits it again.</summary>
    public async Task<Outcome<ReportDto>> ReturnAsync(AccessScope scope, string form, string unit, string period, string? reason, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > 2000
            ? Outcome<ReportDto>.Invalid("reason", t["Report.ReasonRequired"])
            : await DecideAsync(scope, form, unit, period, approve: false, reason.Trim(), ct);

    private async Task<Outcome<ReportDto>> DecideAsync(AccessScope scope, string form, string unitCode, string periodId, bool approve, string? reason, CancellationToken ct)
    {
        var located = await LocateAsync(scope, form, unitCode, periodId, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        var (def, unit, period, _) = target;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.Today(clock);
        // Ordered with the unit's report writes: a decision and a resubmission of the same report never interleave.
        var decided = await store.CommitAsync([unit.Id], async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var submission = await db.Submissions.Include(s => s.Events)
                .SingleOrDefaultAsync(s => s.FormId == def.Form.Id && s.OrgUnitId == unit.Id && s.Period == period.Id, ct);
            var step = ReportWorkflow.Decide(Report(target, submission, today), approve ? WorkflowAction.Approve : WorkflowAction.Return, Actor(scope, target));
            if (step.Refusal is { } refusal) return Conflict(Refusal(refusal, target, submission));
            // Allowed only for a submitted report, so the row is there.
            var level = step.Level;
            var before = submission!.State;
            submission.State = step.State;
            submission.ApprovedLevels = step.ApprovedLevels;
            if (approve && step.State == SubmissionState.Approved) submission.ApprovedAt = now;
            if (!approve) submission.ReturnReason = reason;
            submission.UpdatedAt = now;
            submission.UpdatedBy = scope.DisplayName;
            submission.Events.Add(new SubmissionEvent
            {
                At = now, Action = approve ? SubmissionAction.Approved : SubmissionAction.Returned, Level = level, ByUserId = scope.UserId,
                ByName = scope.DisplayName, ByUnitId = ActingUnit(scope, unit.Id), Note = reason,
            });
            audit.Add(db, scope, approve ? AuditActions.Approve : AuditActions.Return, "Report", Key(def, unit, period), unit.Id,
                new { state = before.ToString() }, new { state = submission.State.ToString(), level, reason });
            if (approve && submission.State == SubmissionState.Approved) dhis2.Queue(db, def.Form.Code, unit.Id, period);
            if (submission.SubmittedById is { } submitter && (!approve || submission.State == SubmissionState.Approved))
                await notifier.AddAsync(db, Draft(approve ? NotificationKind.Approved : NotificationKind.Return, approve ? "ReportApproved" : "ReportReturned",
                    def, unit, period, scope.DisplayName, reason: reason, recipientUser: submitter, key: null), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<ReportDto>.Ok(Dto(scope, target, submission, await ValuesAsync(db, target, ct)));
        }, _ => [], ct);
        if (!decided.Succeeded) return decided;
        notifier.Nudge();
        if (approve) dhis2.Nudge();
        return decided;
    }

    /// <summary>The report as the workflow sees it: state, levels, lock, sender and the latest approval since it was sent.</summary>
    private static WorkflowReport Report(Target target, Submission? submission, DateOnly today)
    {
        var (def, _, period, tree) = target;
        var previous = LastApproval(submission);
        return new WorkflowReport(submission?.State ?? SubmissionState.Draft, submission?.ApprovedLevels ?? 0, def.Form.ApprovalLevels,
            IsLocked(def, period, submission, today), submission?.SubmittedById,
            previous is null ? null : new PriorApproval(previous.ByUserId, previous.ByUnitId is { } u && tree.Contains(u) ? tree.Level(u) : null));
    }

    /// <summary>The caller as the workflow sees them, acting at their highest unit that covers the report's unit.</summary>
    private static WorkflowActor Actor(AccessScope scope, Target target) =>
        new(scope.UserId, scope.IsInAnyRole(Access.ReportsWrite.Roles), scope.IsInAnyRole(Access.ReportsApprove.Roles), scope.Unrestricted, Manages(scope),
            ActingUnit(scope, target.Unit.Id) is { } acting && target.Tree.Contains(acting) ? target.Tree.Level(acting) : null);

    /// <summary>The highest approval since the report was last submitted; earlier rounds, before a return, do not count.</summary>
    private static SubmissionEvent? LastApproval(Submission? submission) =>
        submission?.Events.Where(e => e.Action == SubmissionAction.Approved && e.At >= (submission.SubmittedAt ?? DateTime.MinValue))
            .OrderByDescending(e => e.Level).FirstOrDefault();

    private string Refusal(WorkflowRefusal refusal, Target target, Submission? submission) => refusal switch
    {
        WorkflowRefusal.CannotEdit => t["Report.CannotEdit"],
        WorkflowRefusal.AlreadySubmitted => t["Report.AlreadySubmitted"],
        WorkflowRefusal.Approved => t["Report.Approved"],
        WorkflowRefusal.Locked => t["Report.Locked", ReportFormat.Date(target.Definition.Schedule.LockDate(target.Period)!.Value)],
        WorkflowRefusal.NotAwaitingDecision => t["Report.NotAwaitingDecision"],
        WorkflowRefusal.CannotApprove => t["Report.CannotApprove"],
        WorkflowRefusal.OwnSubmission => t["Report.OwnSubmission"],
        WorkflowRefusal.AlreadyApprovedByYou => t["Report.AlreadyApprovedByYou"],
        WorkflowRefusal.NeedsHigherLevel => t["Report.NeedsHigherLevel", target.Tree.Get(LastApproval(submission)!.ByUnitId!.Value).Name],
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Unknown workflow refusal."),
    };

    private static bool Manages(AccessScope scope) => scope.IsInRole(Roles.Administrator) || scope.IsInRole(Roles.ProgrammeManager);

    /// <summary>The highest of the caller's units that covers the report's unit: the level at which the caller acts.</summary>
    private static int? ActingUnit(AccessScope scope, int unitId) =>
        scope.UnitIds.Where(u => scope.Tree.IsWithin(unitId, u)).OrderBy(scope.Tree.Level).Cast<int?>().FirstOrDefault();

    /// <summary>Where the first approvers sit: the unit itself when it has approvers of its own, else its parent.</summary>
    private static int ApproverUnit(OrgTree tree, OrgNode unit) => unit.Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup && tree.Parent(unit.Id) is { } p ? p.Id : unit.Id;

    public static string Key(FormDefinition def, OrgNode unit, Period period) => $"{def.Form.Code}/{unit.Code}/{period.Id}";

    /// <summary>A notification about a report, rendered later in each reader's language.</summary>
    public static NotificationDraft Draft(NotificationKind kind, string template, FormDefinition def, OrgNode unit, Period period, string? by,
        string? reason = null, string? message = null, string? recipientUser = null, int? recipientUnit = null, IReadOnlyCollection<string>? roles = null, string? key = null) =>
        new(kind, template, new Dictionary<string, string>(Notifications.NotificationText.Localized("form", def.Form.Name).DistinctBy(kv => kv.Key))
        {
            ["unit"] = unit.Name, ["period"] = ReportFormat.Period(period),
            ["due"] = ReportFormat.Date(def.Schedule.DueDate(period)),
            ["by"] = by ?? "", ["reason"] = reason ?? "", ["message"] = message ?? "", ["link"] = ReportFormat.Link(def, unit, period),
        }, ReportFormat.Link(def, unit, period), recipientUser, recipientUser is null ? recipientUnit ?? unit.Id : unit.Id, roles, key, by);

    private string? CheckField(ReportField field, Indicators.DataElement element, double value)
    {
        if (values.CheckValue(element, value) is { } why) return why;
        if (field.Min is { } min && value < min) return t["Report.BelowMin", ReportFormat.Number(value), ReportFormat.Number(min)];
        if (field.Max is { } max && value > max) return t["Report.AboveMax", ReportFormat.Number(value), ReportFormat.Number(max)];
        return null;
    }

    /// <summary>What is wrong with a report's values: bad values, missing required values and failed rules.</summary>
    public IReadOnlyList<ReportProblem> Problems(FormDefinition def, IReadOnlyDictionary<int, DataValue> stored)
    {
        var list = new List<ReportProblem>();
        foreach (var (field, element) in def.Fields)
        {
            if (stored.TryGetValue(element.Id, out var v))
            {
                if (CheckField(field, element, v.Value) is { } why) list.Add(new(element.Code, why));
            }
            else if (field.Required) list.Add(new(element.Code, t["Report.Required"]));
        }
        var byCode = def.Fields.ToDictionary(f => f.Element.Code, f => f.Element.Id, StringComparer.Ordinal);
        for (var i = 0; i < def.Rules.Count; i++)
        {
            var (rule, expression) = def.Rules[i];
            var result = expression.Evaluate(code => byCode.TryGetValue(code, out var id) && stored.TryGetValue(id, out var v) ? v.Value : null);
            if (result is 0) list.Add(new($"rule:{i}", rule.Message.Pick()));
        }
        return list;
    }

    private static bool Same(IReadOnlyDictionary<int, DataValue> stored, Submission submission, IReadOnlyList<PlannedValue> planned, string? comment)
    {
        if (comment is not null && (string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()) != submission.Comment) return false;
        return planned.All(p => p.Value is { } v
            ? stored.TryGetValue(p.Element.Id, out var s) && s.Value.Equals(v) && s.Comment == p.Comment
            : !stored.ContainsKey(p.Element.Id));
    }

    private static async Task<Dictionary<int, DataValue>> ValuesAsync(AppDb db, Target target, CancellationToken ct)
    {
        var ids = target.Definition.Fields.Select(f => f.Element.Id).ToList();
        var period = target.Period.Id;
        return await db.DataValues.AsNoTracking().Where(v => v.OrgUnitId == target.Unit.Id && v.Period == period && ids.Contains(v.DataElementId))
            .ToDictionaryAsync(v => v.DataElementId, ct);
    }

    private async Task<ReportDto> ReadAsync(AppDb db, AccessScope scope, Target target, CancellationToken ct)
    {
        var (def, unit, period, _) = target;
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Events)
            .SingleOrDefaultAsync(s => s.FormId == def.Form.Id && s.OrgUnitId == unit.Id && s.Period == period.Id, ct);
        return Dto(scope, target, submission, await ValuesAsync(db, target, ct));
    }

    /// <summary>The report as the caller sees it, from its submission row (with all its events) and its values by element.</summary>
    private ReportDto Dto(AccessScope scope, Target target, Submission? submission, IReadOnlyDictionary<int, DataValue> stored)
    {
        var (def, unit, period, _) = target;
        var today = VietnamTime.Today(clock);
        var state = submission?.State ?? SubmissionState.Draft;
        var due = def.Schedule.DueDate(period);
        var timing = Timeliness.Of(submission is { Counts: true, FirstSubmittedAt: { } at } ? VietnamTime.Day(at) : null, due, today);
        var report = Report(target, submission, today);
        var actor = Actor(scope, target);
        var editable = ReportWorkflow.Decide(report, WorkflowAction.Save, actor).Allowed;
        var decidable = ReportWorkflow.Decide(report, WorkflowAction.Approve, actor).Allowed;
        var locked = IsLocked(def, period, submission, today);
        var writer = scope.IsInAnyRole(Access.ReportsWrite.Roles);
        return new ReportDto(def.Form.Code, def.Form.Name, unit.Code, unit.Name, period.Id, due, def.Schedule.LockDate(period),
            locked, state, submission?.ApprovedLevels ?? 0, def.Form.ApprovalLevels, timing,
            submission?.Comment, submission?.ReturnReason, submission?.SubmittedAt, submission?.SubmittedBy, submission?.UpdatedAt, submission?.UpdatedBy,
            def.Sections,
            def.Fields.Select(f => stored.TryGetValue(f.Element.Id, out var v)
                ? new ReportValueDto(f.Element.Code, v.Value, v.Comment, v.UpdatedBy, v.UpdatedAt)
                : new ReportValueDto(f.Element.Code, null, null, null, null)).ToList(),
            def.Rules.Select(r => new RuleDto(r.Rule.Expression, r.Rule.Message)).ToList(),
            Problems(def, stored),
            (submission?.Events ?? []).OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new SubmissionEventDto(e.At, e.Action, e.Level, e.ByName, e.Note)).ToList(),
            new ReportPermissions(editable, editable, decidable, decidable,
                RequestReopen: locked && writer && !Manages(scope) && state is SubmissionState.Draft or SubmissionState.Returned,
                Reopen: def.Schedule.IsLocked(period, today) && Manages(scope) && state != SubmissionState.Approved),
            submission?.ReopenedUntil is { } until && until >= today ? until : null,
            submission is { ReopenRequestedAt: { } asked, ReopenReason: { } why } && locked ? new ReopenRequestDto(asked, submission.ReopenRequestedBy, why) : null);
    }

    private static Task<Submission?> FindSubmissionAsync(AppDb db, Target target, CancellationToken ct) =>
        db.Submissions.Include(s => s.Events).SingleOrDefaultAsync(s => s.FormId == target.Definition.Form.Id && s.OrgUnitId == target.Unit.Id
            && s.Period == target.Period.Id, ct);

    /// <summary>A draft row for a report not started yet, to carry a reopen request or a reopening.</summary>
    private static Submission StartSubmission(AppDb db, Target target, DateTime now)
    {
        var submission = new Submission
        {
            FormId = target.Definition.Form.Id, OrgUnitId = target.Unit.Id, Period = target.Period.Id, State = SubmissionState.Draft, CreatedAt = now,
        };
        db.Submissions.Add(submission);
        return submission;
    }

    /// <summary>Whether the period is closed to the unit's writes: past the form's lock date and not reopened up to today.</summary>
    public static bool IsLocked(FormDefinition def, Period period, Submission? submission, DateOnly today) =>
        def.Schedule.IsLocked(period, today) && !(submission?.ReopenedUntil is { } until && until >= today);

    /// <summary>The unit asks the form's managers to reopen a locked period: the request is kept on the report, audited,
    /// and reaches the inbox of every programme manager whose units cover the unit.</summary>
    public async Task<Outcome<ReportDto>> RequestReopenAsync(AccessScope scope, string form, string unitCode, string periodId, string? reason, CancellationToken ct = default)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) return Outcome<ReportDto>.Invalid("reason", t["Report.ReopenReasonRequired", 1000]);
        var located = await LocateAsync(scope, form, unitCode, periodId, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        var (def, unit, period, tree) = target;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await FindSubmissionAsync(db, target, ct);
        if (!IsLocked(def, period, existing, today)) return Conflict(t["Report.NotLocked"]);
        if (existing is { State: SubmissionState.Submitted or SubmissionState.Approved }) return Conflict(t["Report.AlreadySubmitted"]);
        var submission = existing ?? StartSubmission(db, target, now);
        submission.ReopenRequestedAt = now;
        submission.ReopenRequestedById = scope.UserId;
        submission.ReopenRequestedBy = scope.DisplayName;
        submission.ReopenReason = reason;
        submission.UpdatedAt = now;
        submission.UpdatedBy = scope.DisplayName;
        audit.Add(db, scope, AuditActions.ReopenRequest, "Report", Key(def, unit, period), unit.Id, null, new { reason });
        var ancestors = tree.Ancestors(unit.Id).Select(a => a.Id).Append(unit.Id).ToList();
        var managers = await db.UserUnits.AsNoTracking().Where(x => ancestors.Contains(x.OrgUnitId)
                && db.UserRoles.Any(ur => ur.UserId == x.UserId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == Roles.ProgrammeManager.ToUpperInvariant())))
            .Select(x => x.UserId).Distinct().ToListAsync(ct);
        foreach (var manager in managers)
            await notifier.AddAsync(db, Draft(NotificationKind.ReopenRequest, NotificationTemplates.ReportReopenRequested, def, unit, period, scope.DisplayName,
                reason: reason, recipientUser: manager), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Nudge();
        return Outcome<ReportDto>.Ok(await ReadAsync(db, scope, target, ct));
    }

    /// <summary>A manager reopens a locked period for the unit for some days (today included): audited, and the unit's
    /// reporters (or the one who asked) are told.</summary>
    public async Task<Outcome<ReportDto>> ReopenAsync(AccessScope scope, string form, string unitCode, string periodId, int? days, CancellationToken ct = default)
    {
        if (days is not (>= 1 and <= 60)) return Outcome<ReportDto>.Invalid("days", t["Report.ReopenDays", 1, 60]);
        if (!Manages(scope)) return Conflict(t["Report.ReopenManagersOnly"]);
        var located = await LocateAsync(scope, form, unitCode, periodId, ct);
        if (located.Value is not { } target) return located.Failed<ReportDto>();
        var (def, unit, period, _) = target;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.Today(clock);
        if (!def.Schedule.IsLocked(period, today)) return Conflict(t["Report.NotLocked"]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await FindSubmissionAsync(db, target, ct);
        if (existing is { State: SubmissionState.Approved }) return Conflict(t["Report.Approved"]);
        var submission = existing ?? StartSubmission(db, target, now);
        var before = submission.ReopenedUntil;
        var asker = submission.ReopenRequestedById;
        submission.ReopenedUntil = today.AddDays(days.Value - 1);
        submission.ReopenRequestedAt = null;
        submission.ReopenRequestedById = null;
        submission.ReopenRequestedBy = null;
        submission.ReopenReason = null;
        submission.UpdatedAt = now;
        submission.UpdatedBy = scope.DisplayName;
        audit.Add(db, scope, AuditActions.Reopen, "Report", Key(def, unit, period), unit.Id,
            new { reopenedUntil = before?.ToString("yyyy-MM-dd") }, new { reopenedUntil = submission.ReopenedUntil.Value.ToString("yyyy-MM-dd"), days });
        var until = ReportFormat.Date(submission.ReopenedUntil.Value);
        var told = Draft(NotificationKind.Reopened, NotificationTemplates.ReportReopened, def, unit, period, scope.DisplayName,
            message: until, recipientUser: asker, roles: asker is null ? [Roles.Reporter] : null);
        await notifier.AddAsync(db, told, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Nudge();
        return Outcome<ReportDto>.Ok(await ReadAsync(db, scope, target, ct));
    }

    private static Outcome<ReportDto> Invalid(Dictionary<string, List<string>> problems) =>
        new(OutcomeKind.Invalid, default, problems.ToDictionary(p => p.Key, p => p.Value.ToArray()));

    private static Outcome<ReportDto> Conflict(string message) =>
        new(OutcomeKind.Conflict, default, new Dictionary<string, string[]> { ["state"] = [message] });
}
