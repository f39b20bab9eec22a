using CivicTrack.Features.Uploads;
using System.Security.Cryptography;
using CivicTrack.Data;
using CivicTrack.Engine.Files;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Plans;

/// <summary>Tasks with the six clears: who sees them, progress reports with evidence, urging and the monthly KPI.</summary>
/// <remarks>An account sees a task when its lead unit or one of its coordinating units is within the account's units.</remarks>
public sealed class TaskService(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AuditLog audit, TimeProvider clock,
    IConfiguration config, IWebHostEnvironment env, IStringLocalizer<Resources.SharedResource> t)
{
    public const long MaxEvidenceBytes = 10 * 1024 * 1024;
    public const int MaxEvidenceFiles = 10;
    public static readonly IReadOnlySet<string> EvidenceTypes = FileTypes.Extensions.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where evidence files are kept: <c>Evidence:Path</c>, else <c>data/evidence</c> under the app.</summary>
    public string EvidenceFolder => config["Evidence:Path"] is { Length: > 0 } p ? p : Path.Combine(env.ContentRootPath, "data", "evidence");

    public async Task<IReadOnlyList<TaskDto>> ListAsync(AccessScope scope, TaskFilter filter, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        OrgNode? unit = filter.Unit is { Length: > 0 } code ? tree.Find(code) : null;
        if (filter.Unit is { Length: > 0 } && (unit is null || !scope.Covers(unit))) return [];
        var today = VietnamTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Tasks.AsNoTracking().Include(x => x.Coordinators).AsQueryable();
        if (filter.PlanId is { } plan) query = query.Where(x => x.PlanId == plan);
        if (filter.State is { } state) query = query.Where(x => x.State == state);
        var rows = await query.OrderBy(x => x.DueOn).ThenBy(x => x.Id).ToListAsync(ct);
        var plans = await PlanNumbersAsync(db, ct);
        return rows
            .Where(x => Visible(scope, tree, x))
            .Where(x => unit is null || tree.Contains(x.LeadUnitId) && tree.IsWithin(x.LeadUnitId, unit.Id) || x.Coordinators.Any(c => c.OrgUnitId == unit.Id))
            .Select(x => ToDto(x, tree, plans, today))
            .Where(x => filter.Overdue is not { } o || x.Overdue == o)
            .ToList();
    }

    public async Task<TaskDetailDto?> GetAsync(AccessScope scope, int id, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().Include(x => x.Coordinators).Include(x => x.Updates).ThenInclude(u => u.Evidence)
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        if (task is null) return null;
        if (!Visible(scope, tree, task))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Task", id.ToString(), task.LeadUnitId, ct: ct);
            return null;
        }
        var plans = await PlanNumbersAsync(db, ct);
        var link = $"/tasks/{id}";
        var urgings = await db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.Urge && n.Link == link)
            .OrderByDescending(n => n.CreatedAt).Select(n => new NotificationRef(n.CreatedAt, n.CreatedBy, n.Body)).ToListAsync(ct);
        var updates = task.Updates.OrderByDescending(u => u.At).ThenByDescending(u => u.Id)
            .Select(u => new TaskUpdateDto(u.Id, u.At, u.ByName, u.Progress, u.State, u.Note,
                u.Evidence.Select(e => new EvidenceDto(e.Id, e.FileName, e.ContentType, e.Size, $"/api/tasks/{id}/evidence/{e.Id}")).ToList()))
            .ToList();
        var coordinators = task.Coordinators.Where(c => tree.Contains(c.OrgUnitId)).Select(c => tree.Get(c.OrgUnitId)).Select(u => new UnitRef(u.Code, u.Name)).ToList();
        return new TaskDetailDto(ToDto(task, tree, plans, VietnamTime.Today(clock)), updates, coordinators, urgings);
    }

    /// <summary>True when the caller may report progress: a reporting role, and the lead or a coordinating unit within reach.</summary>
    public bool CanReport(AccessScope scope, TaskDto task) =>
        scope.IsInAnyRole(Access.TasksReport.Roles)
        && (scope.Tree.Find(task.LeadUnit) is { } lead && scope.Covers(lead)
            || task.Coordinators.Any(c => scope.Tree.Find(c) is { } u && scope.Covers(u)));

    public async Task<Outcome<TaskDto>> CreateAsync(AccessScope scope, TaskInput input, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (problems, checkedInput) = await CheckAsync(scope, tree, db, input, ct);
        if (problems.Count > 0) return Outcome<TaskDto>.Invalid(problems.ByField());
        var (lead, leadUserId, coordinators) = checkedInput;
        var now = clock.GetUtcNow().UtcDateTime;
        var task = new PlanTask
        {
            PlanId = input.PlanId, Title = input.Title!.Trim(), LeadUnitId = lead.Id, LeadPerson = input.LeadPerson!.Trim(), LeadUserId = leadUserId,
            StartsOn = input.StartsOn!.Value, DueOn = input.DueOn!.Value, ExpectedResult = input.ExpectedResult!.Trim(),
            Responsibility = input.Responsibility!.Trim(), ApprovingAuthority = input.ApprovingAuthority!.Trim(), Weight = input.Weight ?? 1,
            CreatedAt = now, UpdatedAt = now, Coordinators = coordinators.Select(c => new TaskCoordinator { OrgUnitId = c }).ToList(),
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        audit.Add(db, scope, AuditActions.Create, "Task", task.Id.ToString(), task.LeadUnitId, null, new { task.Title, lead = lead.Code, task.DueOn, task.Weight });
        if (leadUserId is not null) NotifyAssigned(db, scope, task, now);
        await db.SaveChangesAsync(ct);
        var plans = await PlanNumbersAsync(db, ct);
        return new(OutcomeKind.Created, ToDto(task, tree, plans, VietnamTime.Today(clock)));
    }

    /// <summary>Replaces a task's six clears, plan, weight and coordinating units; its state and progress are left to
    /// progress reports. The caller must reach the task's lead unit and the new one. A new lead account is told.</summary>
    public async Task<Outcome<TaskDto>> UpdateAsync(AccessScope scope, int id, TaskInput input, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.Include(x => x.Coordinators).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (task is null) return Outcome<TaskDto>.NotFound();
        if (!tree.Contains(task.LeadUnitId) || !scope.Covers(task.LeadUnitId))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Task", id.ToString(), task.LeadUnitId, ct: ct);
            return Outcome<TaskDto>.NotFound();
        }
        var (problems, checkedInput) = await CheckAsync(scope, tree, db, input, ct);
        if (problems.Count > 0) return Outcome<TaskDto>.Invalid(problems.ByField());
        var (lead, leadUserId, coordinators) = checkedInput;
        var before = TaskAudit(task, tree);
        var newLeadAccount = leadUserId is not null && leadUserId != task.LeadUserId;
        (task.PlanId, task.Title, task.LeadUnitId, task.LeadPerson, task.LeadUserId) =
            (input.PlanId, input.Title!.Trim(), lead.Id, input.LeadPerson!.Trim(), leadUserId);
        (task.StartsOn, task.DueOn, task.ExpectedResult, task.Responsibility, task.ApprovingAuthority, task.Weight) =
            (input.StartsOn!.Value, input.DueOn!.Value, input.ExpectedResult!.Trim(), input.Responsibility!.Trim(), input.ApprovingAuthority!.Trim(), input.Weight ?? task.Weight);
        task.Coordinators.RemoveAll(c => !coordinators.Contains(c.OrgUnitId));
        foreach (var c in coordinators.Where(c => task.Coordinators.All(x => x.OrgUnitId != c)))
            task.Coordinators.Add(new TaskCoordinator { TaskId = task.Id, OrgUnitId = c });
        var now = clock.GetUtcNow().UtcDateTime;
        task.UpdatedAt = now;
        audit.Add(db, scope, AuditActions.Update, "Task", task.Id.ToString(), task.LeadUnitId, before, TaskAudit(task, tree));
        if (newLeadAccount) NotifyAssigned(db, scope, task, now);
        await db.SaveChangesAsync(ct);
        var plans = await PlanNumbersAsync(db, ct);
        return Outcome<TaskDto>.Ok(ToDto(task, tree, plans, VietnamTime.Today(clock)));
    }

    /// <summary>A task as its edit form starts: what was given when it was assigned, the lead account by its e-mail.
    /// Null when the caller may not change it (outside its reach or without the managing role).</summary>
    public async Task<TaskInput?> EditableAsync(AccessScope scope, int id, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (!scope.IsInAnyRole(Access.PlansManage.Roles)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().Include(x => x.Coordinators).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (task is null || !tree.Contains(task.LeadUnitId) || !scope.Covers(task.LeadUnitId)) return null;
        var email = task.LeadUserId is { } uid ? await db.Users.Where(u => u.Id == uid).Select(u => u.Email).SingleOrDefaultAsync(ct) : null;
        return new TaskInput(task.PlanId, task.Title, tree.Get(task.LeadUnitId).Code, task.LeadPerson, email, task.StartsOn, task.DueOn,
            task.ExpectedResult, task.Responsibility, task.ApprovingAuthority, task.Weight,
            task.Coordinators.Where(c => tree.Contains(c.OrgUnitId)).Select(c => tree.Get(c.OrgUnitId).Code).ToList());
    }

    /// <summary>The six clears and the rest of a task, checked field by field; the lead unit must be within the caller's reach.</summary>
    private async Task<(FieldProblems Problems, (OrgNode Lead, string? LeadUserId, List<int> Coordinators) Checked)> CheckAsync(
        AccessScope scope, OrgTree tree, AppDb db, TaskInput input, CancellationToken ct)
    {
        var problems = new FieldProblems();
        void Text(string field, string? value, int max, bool oneLine)
        {
            if (string.IsNullOrWhiteSpace(value)) problems.Add(field, t["Ind.Required"]);
            else if (value.Trim().Length > max) problems.Add(field, t["Input.TooLong", max]);
            else if (oneLine && CivicTrack.Engine.Text.ControlCharacters.InName(value)) problems.Add(field, t["Input.ControlCharacters"]);
        }
        Text("title", input.Title, 1000, oneLine: true);
        Text("leadPerson", input.LeadPerson, 200, oneLine: true);
        Text("expectedResult", input.ExpectedResult, 1000, oneLine: false);
        Text("responsibility", input.Responsibility, 1000, oneLine: false);
        Text("approvingAuthority", input.ApprovingAuthority, 300, oneLine: true);
        var lead = input.LeadUnit is { Length: > 0 } lc ? tree.Find(lc.Trim()) : null;
        if (lead is null || !scope.Covers(lead)) problems.Add("leadUnit", t["Data.UnknownUnit", input.LeadUnit ?? ""]);
        if (input.StartsOn is null) problems.Add("startsOn", t["Ind.Required"]);
        if (input.DueOn is null) problems.Add("dueOn", t["Ind.Required"]);
        else if (input.StartsOn is { } s && input.DueOn < s) problems.Add("dueOn", t["Tasks.DueBeforeStart"]);
        if (input.Weight is { } w && !(w > 0 && w <= 100)) problems.Add("weight", t["Tasks.BadWeight"]);
        var coordinators = new List<int>();
        foreach (var code in input.Coordinators ?? [])
            if (code is { Length: > 0 } && tree.Find(code.Trim()) is { } u) { if (!coordinators.Contains(u.Id) && u.Id != lead?.Id) coordinators.Add(u.Id); }
            else problems.Add("coordinators", t["Data.UnknownUnit", code ?? ""]);
        if (input.PlanId is { } pid && !await db.Plans.AnyAsync(p => p.Id == pid, ct)) problems.Add("planId", t["Plans.NotFound"]);
        string? leadUserId = null;
        if (input.LeadUserEmail is { Length: > 0 } email)
        {
            var normalized = email.Trim().ToUpperInvariant();
            leadUserId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleOrDefaultAsync(ct);
            if (leadUserId is null) problems.Add("leadUserEmail", t["Tasks.UnknownAccount", email]);
        }
        return (problems, (lead!, leadUserId, coordinators));
    }

    private void NotifyAssigned(AppDb db, AccessScope scope, PlanTask task, DateTime now) =>
        db.Notifications.Add(new Notification
        {
            RecipientUserId = task.LeadUserId, RecipientUnitId = task.LeadUnitId, Kind = NotificationKind.Assignment, Title = t["Tasks.AssignedTitle"],
            Body = task.Title, Link = $"/tasks/{task.Id}", CreatedAt = now, CreatedBy = scope.DisplayName,
        });

    private static object TaskAudit(PlanTask x, OrgTree tree) => new
    {
        x.PlanId, x.Title, lead = tree.Find(x.LeadUnitId)?.Code, x.LeadPerson, x.LeadUserId, x.StartsOn, x.DueOn, x.ExpectedResult, x.Responsibility,
        x.ApprovingAuthority, x.Weight, coordinators = x.Coordinators.Select(c => tree.Find(c.OrgUnitId)?.Code).Order(StringComparer.Ordinal).ToList(),
    };

    /// <summary>Records a progress report with its evidence files; the files are checked before anything is stored.</summary>
    public async Task<Outcome<TaskDto>> ReportAsync(AccessScope scope, int id, TaskProgressInput input, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.Include(x => x.Coordinators).SingleOrDefaultAsync(x => x.Id == id, ct);
        var plans = await PlanNumbersAsync(db, ct);
        var today = VietnamTime.Today(clock);
        if (task is null || !Visible(scope, tree, task) || !CanReport(scope, ToDto(task, tree, plans, today)))
        {
            if (task is not null) await audit.WriteAsync(scope, AuditActions.AccessDenied, "Task", id.ToString(), task.LeadUnitId, ct: ct);
            return new(OutcomeKind.NotFound);
        }
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Note)) problems["note"] = [t["Tasks.NoteRequired"]];
        else if (input.Note.Length > 4000) problems["note"] = [t["Data.CommentTooLong", 4000]];
        if (input.Progress is < 0 or > 100) problems["progress"] = [t["Tasks.BadProgress"]];
        if (input.State is { } st && !Enum.IsDefined(st)) problems["state"] = [t["Tasks.BadState", st]];
        if (files.Count > MaxEvidenceFiles) problems["files"] = [t["Tasks.TooManyFiles", MaxEvidenceFiles]];
        // Names are made safe first (no path, quotes or control characters), so messages, storage and downloads use the same one.
        files = [.. files.Select(f => f with { FileName = FileTypes.SafeName(f.FileName) })];
        var fileProblems = files.Select(f =>
                f.Length > MaxEvidenceBytes ? t["Tasks.FileTooBig", f.FileName, MaxEvidenceBytes / 1024 / 1024].Value
                : f.Length == 0 ? t["Tasks.FileEmpty", f.FileName].Value
                : !FileTypes.Accepted(f.FileName) ? t["Tasks.FileType", f.FileName, string.Join(", ", EvidenceTypes.Order())].Value
                : null)
            .OfType<string>().ToArray();
        if (fileProblems.Length > 0) problems["files"] = fileProblems;
        if (input.CompletedOn is { } done && done > today) problems["completedOn"] = [t["Tasks.CompletedInFuture"]];
        if (problems.Count > 0) return new(OutcomeKind.Invalid, null, problems);

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { task.State, task.Progress, task.CompletedOn };
        var state = input.State ?? (input.Progress == 100 ? TaskState.Done : task.State == TaskState.NotStarted ? TaskState.InProgress : task.State);
        var update = new TaskUpdate { TaskId = id, At = now, ByUserId = scope.UserId, ByName = scope.DisplayName, Progress = input.Progress ?? task.Progress, State = state, Note = input.Note!.Trim() };
        // Files go to disk first under fresh names; if the database write fails they are removed again.
        var written = new List<string>();
        try
        {
            foreach (var f in await EvidenceFiles.WriteAsync(Path.Combine(EvidenceFolder, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), files, written, ct))
                update.Evidence.Add(new TaskEvidence
                {
                    TaskId = id, FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, StoredName = f.StoredName, Sha256 = f.Sha256,
                });
            task.Progress = update.Progress;
            task.State = state;
            task.CompletedOn = state == TaskState.Done ? input.CompletedOn ?? task.CompletedOn ?? today : null;
            if (state == TaskState.Done) task.Progress = update.Progress = 100;
            task.UpdatedAt = now;
            db.TaskUpdates.Add(update);
            audit.Add(db, scope, AuditActions.Update, "Task", id.ToString(), task.LeadUnitId, before,
                new { task.State, task.Progress, task.CompletedOn, files = update.Evidence.Select(e => new { e.FileName, e.Size, e.Sha256 }) });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            foreach (var path in written) File.Delete(path);
            throw;
        }
        return new(OutcomeKind.Ok, ToDto(task, tree, plans, today));
    }

    public async Task<(TaskEvidence Evidence, string Path)?> EvidenceAsync(AccessScope scope, int taskId, int evidenceId, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().Include(x => x.Coordinators).SingleOrDefaultAsync(x => x.Id == taskId, ct);
        if (task is null || !Visible(scope, tree, task)) return null;
        var evidence = await db.TaskEvidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == evidenceId && e.TaskId == taskId, ct);
        if (evidence is null) return null;
        var path = Path.Combine(EvidenceFolder, taskId.ToString(System.Globalization.CultureInfo.InvariantCulture), evidence.StoredName);
        return File.Exists(path) ? (evidence, path) : null;
    }

    /// <summary>Records an urging in the lead person's (or, without an account, the lead unit's) inbox.</summary>
    public async Task<Outcome<TaskDto>> UrgeAsync(AccessScope scope, int id, string? message, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.Include(x => x.Coordinators).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (task is null || !Visible(scope, tree, task) || !scope.IsInAnyRole(Access.PlansManage.Roles)) return new(OutcomeKind.NotFound);
        if (message is { Length: > 1000 }) return Outcome<TaskDto>.Invalid("message", t["Data.CommentTooLong", 1000]);
        var today = VietnamTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var body = string.IsNullOrWhiteSpace(message)
            ? t["Tasks.UrgeBody", task.Title, task.DueOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)].Value
            : message.Trim();
        db.Notifications.Add(new Notification
        {
            RecipientUserId = task.LeadUserId, RecipientUnitId = task.LeadUnitId, Kind = NotificationKind.Urge,
            Title = t["Tasks.UrgeTitle", task.Title], Body = body, Link = $"/tasks/{id}", CreatedAt = now, CreatedBy = scope.DisplayName,
        });
        audit.Add(db, scope, "Urge", "Task", id.ToString(), task.LeadUnitId, null, new { body });
        await db.SaveChangesAsync(ct);
        var plans = await PlanNumbersAsync(db, ct);
        return new(OutcomeKind.Ok, ToDto(task, tree, plans, today));
    }

    /// <summary>The month's KPI of each lead unit and lead person among the tasks the caller sees.</summary>
    public async Task<KpiReport?> KpiAsync(AccessScope scope, int year, int month, string? unitCode, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        OrgNode? unit = null;
        if (unitCode is { Length: > 0 } && ((unit = tree.Find(unitCode)) is null || !scope.Covers(unit))) return null;
        var today = VietnamTime.Today(clock);
        var tasks = (await VisibleTasksAsync(scope, tree, ct))
            .Where(x => unit is null || tree.IsWithin(x.LeadUnitId, unit.Id)).ToList();
        KpiRow Row(string key, string name, IEnumerable<PlanTask> list)
        {
            var s = Kpi.Score(list.Select(x => new KpiTask(x.Weight, x.DueOn, x.State == TaskState.Done ? x.CompletedOn : null)), year, month, today);
            return new KpiRow(key, name, s.Percent is { } p ? Math.Round(p, 1) : null, s.WeightDue, s.WeightOnTime, s.WeightLate, s.TasksDue, s.TasksOnTime, s.TasksLate, s.TasksOpen);
        }
        var due = tasks.Where(x => x.DueOn.Year == year && x.DueOn.Month == month && x.State != TaskState.Cancelled).ToList();
        var units = due.GroupBy(x => x.LeadUnitId).Select(g => Row(tree.Get(g.Key).Code, tree.Get(g.Key).Name, g))
            .OrderByDescending(r => r.Percent ?? -1).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var people = due.GroupBy(x => x.LeadPerson.Trim()).Select(g => Row(g.Key, g.Key, g))
            .OrderByDescending(r => r.Percent ?? -1).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new KpiReport($"{year:D4}-{month:D2}", units, people);
    }

    /// <summary>Each visible lead unit's KPI percentage for the month (units with tasks due only).</summary>
    internal async Task<IReadOnlyDictionary<int, double?>> KpiByUnitAsync(AccessScope scope, int year, int month, DateOnly today, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        var tasks = await VisibleTasksAsync(scope.On(tree), tree, ct);
        return tasks.Where(x => x.State != TaskState.Cancelled).GroupBy(x => x.LeadUnitId).ToDictionary(g => g.Key, g =>
            Kpi.Score(g.Select(x => new KpiTask(x.Weight, x.DueOn, x.State == TaskState.Done ? x.CompletedOn : null)), year, month, today).Percent is { } p
                ? Math.Round(p, 1) : (double?)null);
    }

    private async Task<List<PlanTask>> VisibleTasksAsync(AccessScope scope, OrgTree tree, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Tasks.AsNoTracking().Include(x => x.Coordinators).ToListAsync(ct);
        return rows.Where(x => Visible(scope, tree, x)).ToList();
    }

    /// <summary>Each plan's document number, for the tasks' plan column.</summary>
    private static Task<Dictionary<int, string>> PlanNumbersAsync(AppDb db, CancellationToken ct) =>
        db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.DocumentNumber, ct);

    private static bool Visible(AccessScope scope, OrgTree tree, PlanTask task) =>
        tree.Contains(task.LeadUnitId) && scope.Covers(task.LeadUnitId) || task.Coordinators.Any(c => tree.Contains(c.OrgUnitId) && scope.Covers(c.OrgUnitId));

    private static TaskDto ToDto(PlanTask x, OrgTree tree, IReadOnlyDictionary<int, string> plans, DateOnly today)
    {
        var lead = tree.Find(x.LeadUnitId);
        var open = x.State is not (TaskState.Done or TaskState.Cancelled);
        var overdue = open && x.DueOn < today;
        return new TaskDto(x.Id, x.PlanId, x.PlanId is { } p && plans.TryGetValue(p, out var n) ? n : null, x.Title, lead?.Code ?? "", lead?.Name ?? "",
            x.LeadPerson, x.StartsOn, x.DueOn, x.ExpectedResult, x.Responsibility, x.ApprovingAuthority, x.Weight, x.State, x.Progress, x.CompletedOn,
            overdue, overdue ? today.DayNumber - x.DueOn.DayNumber : 0,
            x.Coordinators.Where(c => tree.Contains(c.OrgUnitId)).Select(c => tree.Get(c.OrgUnitId).Code).ToList());
    }
}
