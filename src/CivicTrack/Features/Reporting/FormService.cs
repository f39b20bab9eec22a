using CivicTrack.Data;
using CivicTrack.Engine.Expressions;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Engine.Text;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting;

/// <summary>A form as the reporting services use it: the row, its schedule, its fields' elements and the units owing it.</summary>
public sealed record FormDefinition(ReportForm Form, ReportSchedule Schedule, IReadOnlyList<(ReportField Field, DataElement Element)> Fields,
    IReadOnlyList<(ReportRule Rule, Expression Expression)> Rules, IReadOnlySet<int> AssignedUnitIds)
{
    // Definitions are cached and asked on every report request: what derives from the row is worked out once.
    /// <summary>The periods the form owes, from its schedule and its first and last periods.</summary>
    public FormPeriods Periods { get; } = new(Schedule, Bound(Form.FirstPeriod), Bound(Form.LastPeriod));

    /// <summary>The sections with their fields as the API and the pages show them.</summary>
    public IReadOnlyList<SectionDto> Sections { get; } = SectionsOf(Form, Fields);

    private static IReadOnlyList<SectionDto> SectionsOf(ReportForm form, IReadOnlyList<(ReportField Field, DataElement Element)> fields)
    {
        var elements = fields.ToDictionary(x => x.Field.Id, x => x.Element);
        return form.Sections.Select(s => new SectionDto(s.Title, s.Fields.Where(f => elements.ContainsKey(f.Id)).Select(f =>
        {
            var e = elements[f.Id];
            return new FieldDto(e.Code, e.Name, e.ValueType, e.Unit, f.Required, f.Min, f.Max);
        }).ToList())).ToList();
    }

    /// <summary>Whether the form is owed for this period: its type, and within its first and last periods.</summary>
    public bool Owes(Period p) => Periods.Owes(p);

    /// <summary>The form's periods whose due date has come by <paramref name="today"/>, newest first, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<Period> DuePeriods(DateOnly today, int count) => Periods.DuePeriods(today, count);

    private static Period? Bound(string? id) => id is { Length: > 0 } && Period.TryParse(id, out var p) ? p : null;
}

/// <summary>Report forms: definition, checking and which units owe them.</summary>
public sealed class FormService(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AnalyticsStore store, AuditLog audit,
    IStringLocalizer<ReportResource> t, IStringLocalizer<SharedResource> shared, IStringLocalizer<FormSetupResource> setup)
{
    public async Task<IReadOnlyList<ReportFormDto>> ListAsync(bool includeInactive, CancellationToken ct = default)
    {
        var defs = await DefinitionsAsync(ct);
        var tree = await directory.TreeAsync(ct);
        return defs.Where(d => includeInactive || d.Form.IsActive).Select(d => ToDto(d, tree)).ToList();
    }

    public async Task<ReportFormDto?> GetAsync(string code, CancellationToken ct = default) =>
        await FindAsync(code, ct) is { } d ? ToDto(d, await directory.TreeAsync(ct)) : null;

    public async Task<FormDefinition?> FindAsync(string code, CancellationToken ct = default) =>
        (await DefinitionsAsync(ct)).FirstOrDefault(d => string.Equals(d.Form.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every form with its fields resolved; forms change rarely, so this is cached until a form or the org tree changes.</summary>
    public async Task<IReadOnlyList<FormDefinition>> DefinitionsAsync(CancellationToken ct = default)
    {
        var org = await directory.GetAsync(ct);
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        var cached = _cache;
        if (cached is not null && ReferenceEquals(cached.Org, org) && ReferenceEquals(cached.Catalog, catalog)) return cached.Forms;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var forms = await db.ReportForms.AsNoTracking().Include(f => f.Sections).ThenInclude(s => s.Fields)
            .Include(f => f.Rules).Include(f => f.Assignments).AsSplitQuery().OrderBy(f => f.Code).ToListAsync(ct);
        var list = forms.Select(f => Define(f, org, catalog)).ToList();
        _cache = new(org, catalog, list);
        return list;
    }

    private sealed record Cache(OrgDirectory.Snapshot Org, IndicatorCatalog Catalog, IReadOnlyList<FormDefinition> Forms);
    private volatile Cache? _cache;

    private static FormDefinition Define(ReportForm form, OrgDirectory.Snapshot org, IndicatorCatalog catalog)
    {
        foreach (var s in form.Sections) s.Fields.Sort((a, b) => a.Order.CompareTo(b.Order));
        form.Sections.Sort((a, b) => a.Order.CompareTo(b.Order));
        form.Rules.Sort((a, b) => a.Id.CompareTo(b.Id));
        var fields = form.Sections.SelectMany(s => s.Fields)
            .Where(f => catalog.ElementsById.ContainsKey(f.DataElementId))
            .Select(f => (f, catalog.ElementsById[f.DataElementId])).ToList();
        var rules = form.Rules.Select(r => (r, Expression.Parse(r.Expression).Expression)).Where(x => x.Item2 is not null)
            .Select(x => (x.r, x.Item2!)).ToList();
        return new FormDefinition(form, form.Schedule(), fields, rules, Assigned(form, org));
    }

    /// <summary>Units owing the form, open or not (the rates decide who is open in a period).</summary>
    private static HashSet<int> Assigned(ReportForm form, OrgDirectory.Snapshot org)
    {
        var kinds = form.Assignments.Where(a => a.Kind is not null).Select(a => a.Kind!.Value).ToHashSet();
        var groups = form.Assignments.Where(a => a.GroupId is not null).Select(a => a.GroupId!.Value).ToHashSet();
        var ids = form.Assignments.Where(a => a.UnitId is not null).Select(a => a.UnitId!.Value).Where(org.Tree.Contains).ToHashSet();
        foreach (var u in org.Tree.All)
            if (kinds.Contains(u.Kind) || groups.Count > 0 && org.GroupsByUnit.TryGetValue(u.Id, out var g) && g.Any(x => groups.Contains(x.Id)))
                ids.Add(u.Id);
        return ids;
    }

    public void Invalidate() => _cache = null;

    public static ReportFormDto ToDto(FormDefinition d, OrgTree tree)
    {
        var f = d.Form;
        return new ReportFormDto(f.Id, f.Code, f.Name, f.Description, f.PeriodType, f.OnlyPeriod, f.FirstPeriod, f.LastPeriod, d.Schedule.Due.Id, f.LockAfterDays,
            f.ApprovalLevels, f.ReceivingUnitId is { } r ? tree.Find(r)?.Code : null, f.IsActive,
            d.Sections, d.Rules.Select(r => new RuleDto(r.Rule.Expression, r.Rule.Message)).ToList(),
            new AssignmentInput(
                f.Assignments.Where(a => a.Kind is not null).Select(a => a.Kind!.Value).ToList(),
                f.Assignments.Where(a => a.GroupId is not null).Select(a => a.GroupId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                f.Assignments.Where(a => a.UnitId is not null).Select(a => tree.Find(a.UnitId!.Value)?.Code).OfType<string>().ToList()),
            d.AssignedUnitIds.Count);
    }

    /// <summary>What is wrong with a rule's expression, worded for a person: parse errors, codes that are not among the
    /// form's elements, or an expression that compares nothing. Empty when the rule is sound.</summary>
    public IReadOnlyList<string> RuleProblems(string? expression, Func<string, bool> isFormElement)
    {
        var errors = ExpressionCheck.Check(expression, isFormElement);
        var messages = errors.Select(e => shared["Expr.Problem", t["Form.RuleExpression"], e.Position + 1, shared["Expr.Kind." + e.Kind], e.Token ?? ""].Value).ToList();
        if (errors.Count == 0 && Expression.Parse(expression).Expression is { IsComparison: false }) messages.Add(t["Form.RuleNotComparison"]);
        return messages;
    }

    /// <summary>The data elements a person finds by code or by name in the reader's language.</summary>
    public async Task<IReadOnlyList<DataElement>> FindElementsAsync(string? text, int limit = 20, CancellationToken ct = default) =>
        (await store.DefinitionsAsync(ct)).Catalog.FindElements(text, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, limit);

    /// <summary>A data element by code, or null.</summary>
    public async Task<DataElement?> ElementAsync(string code, CancellationToken ct = default) =>
        (await store.DefinitionsAsync(ct)).Catalog.ElementsByCode.GetValueOrDefault(code);

    /// <summary>The input that would store the form as it stands: the starting point of an edit.</summary>
    public static ReportFormInput InputOf(ReportFormDto f) => new(f.Code, f.Name, f.Description, f.PeriodType, f.OnlyPeriod, f.FirstPeriod, f.LastPeriod,
        f.Due, f.LockAfterDays, f.ApprovalLevels, f.ReceivingUnit,
        f.Sections.Select(s => new SectionInput(s.Title, s.Fields.Select(x => new FieldInput(x.Element, x.Required, x.Min, x.Max)).ToList())).ToList(),
        f.Rules.Select(r => new RuleInput(r.Expression, r.Message)).ToList(), f.Assign, f.IsActive);

    /// <summary>Moves the form's last period <paramref name="years"/> years on (a monthly form ending 2025-12 then ends
    /// 2026-12). A form without a last period runs on already, and a one-off form has none to move.</summary>
    public async Task<Outcome<ReportFormDto>> ExtendAsync(AccessScope scope, string code, int years = 1, CancellationToken ct = default)
    {
        if (await GetAsync(code, ct) is not { } form) return Outcome<ReportFormDto>.NotFound();
        if (form.OnlyPeriod is { Length: > 0 }) return Outcome<ReportFormDto>.Invalid("lastPeriod", setup["Service.ExtendOneOff"]);
        if (form.LastPeriod is not { Length: > 0 } lastId || !Period.TryParse(lastId, out var last))
            return Outcome<ReportFormDto>.Invalid("lastPeriod", setup["Service.ExtendOpen"]);
        if (years is < 1 or > 10) return Outcome<ReportFormDto>.Invalid("years", setup["Service.ExtendYears"]);
        var moved = Period.Containing(last.Type, last.Start.AddYears(years));
        return await UpdateAsync(scope, form.Code, InputOf(form) with { LastPeriod = moved.Id }, ct);
    }

    /// <summary>Ends the form with <paramref name="period"/>: it is owed for no later period (reports already sent stay).</summary>
    public async Task<Outcome<ReportFormDto>> CloseAsync(AccessScope scope, string code, string? period, CancellationToken ct = default)
    {
        if (await GetAsync(code, ct) is not { } form) return Outcome<ReportFormDto>.NotFound();
        if (form.OnlyPeriod is { Length: > 0 }) return Outcome<ReportFormDto>.Invalid("closePeriod", setup["Service.ExtendOneOff"]);
        if (!Period.TryParse(period?.Trim(), out var p, out var error) || p.Type != form.PeriodType)
            return Outcome<ReportFormDto>.Invalid("closePeriod", t["Form.BadPeriod", period ?? "", error ?? t["PeriodType." + form.PeriodType]]);
        var outcome = await UpdateAsync(scope, form.Code, InputOf(form) with { LastPeriod = p.Id }, ct);
        // The input names the stored field; the person typed the period into the closing field.
        return outcome.Problems.TryGetValue("lastPeriod", out var messages)
            ? Outcome<ReportFormDto>.Invalid(new Dictionary<string, string[]> { ["closePeriod"] = messages }) : outcome;
    }

    public async Task<Outcome<ReportFormDto>> CreateAsync(AccessScope scope, ReportFormInput input, CancellationToken ct = default) =>
        await SaveAsync(scope, null, input, ct);

    public async Task<Outcome<ReportFormDto>> UpdateAsync(AccessScope scope, string code, ReportFormInput input, CancellationToken ct = default) =>
        await SaveAsync(scope, code, input, ct);

    private async Task<Outcome<ReportFormDto>> SaveAsync(AccessScope scope, string? existingCode, ReportFormInput input, CancellationToken ct)
    {
        // The API's policy already refuses other roles; a page calls the service directly and meets the same rule here.
        if (!scope.IsInAnyRole(Access.ReportsManage.Roles)) return Outcome<ReportFormDto>.NotFound();
        var org = await directory.GetAsync(ct);
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        var problems = new FieldProblems();
        void Problem(string field, string message) => problems.Add(field, message);

        var code = (input.Code ?? existingCode ?? "").Trim();
        if (code.Length is 0 or > 50 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            Problem("code", t["Form.BadCode"]);
        if (input.Name?.In(LocalText.Fallback) is null) Problem("name", t["Form.NameRequired"]);
        else if (LocalNames.Problem(input.Name, "name", 300, required: true, shared) is { } nameProblem) Problem(nameProblem.Field, nameProblem.Message);
        if (LocalNames.Problem(input.Description, "description", 2000, required: false, shared, multiline: true) is { } descriptionProblem)
            Problem(descriptionProblem.Field, descriptionProblem.Message);
        var periodType = input.PeriodType ?? PeriodType.Month;
        Period? only = null;
        if (input.OnlyPeriod is { Length: > 0 } op)
        {
            if (!Period.TryParse(op, out var p, out var error)) Problem("onlyPeriod", t["Form.BadPeriod", op, error ?? ""]);
            else if (p.Type != periodType) Problem("onlyPeriod", t["Form.PeriodTypeMismatch", op, t["PeriodType." + periodType]]);
            else only = p;
        }
        var due = new DueRule(DueRuleKind.DayOfMonth, 25);
        if (input.Due is { Length: > 0 } dueText && !DueRule.TryParse(dueText, out due, out var dueError))
            Problem("due", t["Form.BadDue", dueText, dueError ?? ""]);
        Period? first = null, last = null;
        if (input.FirstPeriod is { Length: > 0 } fp)
        {
            if (!Period.TryParse(fp, out var p, out var error) || p.Type != periodType) Problem("firstPeriod", t["Form.BadPeriod", fp, error ?? t["PeriodType." + periodType]]);
            else first = p;
        }
        if (input.LastPeriod is { Length: > 0 } lp)
        {
            if (!Period.TryParse(lp, out var p, out var error) || p.Type != periodType) Problem("lastPeriod", t["Form.BadPeriod", lp, error ?? t["PeriodType." + periodType]]);
            else last = p;
        }
        if (first is { } a && last is { } b && b.Start < a.Start) Problem("lastPeriod", t["Form.LastBeforeFirst"]);
        if (input.LockAfterDays is < 0 or > 366) Problem("lockAfterDays", t["Form.BadLock"]);
        var levels = input.ApprovalLevels ?? 1;
        if (levels is < 0 or > 3) Problem("approvalLevels", t["Form.BadLevels"]);
        int? receiving = null;
        if (input.ReceivingUnit is { Length: > 0 } ru)
        {
            if (org.Tree.Find(ru.Trim()) is { } unit && scope.Covers(unit)) receiving = unit.Id;
            else Problem("receivingUnit", t["Form.UnknownUnit", ru]);
        }
        var sections = new List<ReportSection>();
        var seen = new HashSet<int>();
        var sectionInputs = input.Sections ?? [];
        if (sectionInputs.Count == 0 || sectionInputs.All(s => s?.Fields is not { Count: > 0 })) Problem("sections", t["Form.NoFields"]);
        for (var i = 0; i < sectionInputs.Count; i++)
        {
            // A JSON list may hold nulls ([null]): each is named rather than followed into a crash.
            if (sectionInputs[i] is not { } s) { Problem($"sections[{i}]", t["Form.EmptyItem"]); continue; }
            if (s.Title?.In(LocalText.Fallback) is null) Problem($"sections[{i}].title", t["Form.SectionTitleRequired"]);
            else if (LocalNames.Problem(s.Title, $"sections[{i}].title", 300, required: true, shared) is { } titleProblem) Problem(titleProblem.Field, titleProblem.Message);
            var section = new ReportSection { Order = i, Title = s.Title ?? LocalText.Empty };
            var fields = s.Fields ?? [];
            for (var j = 0; j < fields.Count; j++)
            {
                var field = $"sections[{i}].fields[{j}]";
                if (fields[j] is not { } f) { Problem(field, t["Form.EmptyItem"]); continue; }
                if (f.Element is null || !catalog.ElementsByCode.TryGetValue(f.Element.Trim(), out var element))
                {
                    Problem(field + ".element", t["Form.UnknownElement", f.Element ?? ""]);
                    continue;
                }
                if (!seen.Add(element.Id)) Problem(field + ".element", t["Form.DuplicateElement", element.Code]);
                if (f.Min is { } min && f.Max is { } max && min > max) Problem(field + ".min", t["Form.MinAboveMax", min, max]);
                section.Fields.Add(new ReportField { Order = j, DataElementId = element.Id, Required = f.Required, Min = f.Min, Max = f.Max });
            }
            sections.Add(section);
        }
        var rules = new List<ReportRule>();
        var formCodes = seen.Select(id => catalog.ElementsById[id].Code).ToHashSet(StringComparer.Ordinal);
        var ruleInputs = input.Rules ?? [];
        for (var i = 0; i < ruleInputs.Count; i++)
        {
            if (ruleInputs[i] is not { } r) { Problem($"rules[{i}]", t["Form.EmptyItem"]); continue; }
            foreach (var message in RuleProblems(r.Expression, formCodes.Contains))
                Problem($"rules[{i}].expression", message);
            if (r.Message?.In(LocalText.Fallback) is null) Problem($"rules[{i}].message", t["Form.RuleMessageRequired"]);
            else if (LocalNames.Problem(r.Message, $"rules[{i}].message", 500, required: true, shared) is { } messageProblem) Problem(messageProblem.Field, messageProblem.Message);
            rules.Add(new ReportRule { Expression = (r.Expression ?? "").Trim(), Message = r.Message ?? LocalText.Empty });
        }
        var assignments = new List<ReportAssignment>();
        foreach (var k in input.Assign?.Kinds ?? []) assignments.Add(new ReportAssignment { Kind = k });
        foreach (var (g, i) in (input.Assign?.Groups ?? []).Select((g, i) => (g, i)))
        {
            if (string.IsNullOrWhiteSpace(g)) { Problem($"assign.groups[{i}]", t["Form.EmptyItem"]); continue; }
            var group = org.Groups.FirstOrDefault(x => string.Equals(x.Code, g, StringComparison.OrdinalIgnoreCase) || x.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == g);
            if (group is null) Problem("assign.groups", t["Form.UnknownGroup", g]);
            else assignments.Add(new ReportAssignment { GroupId = group.Id });
        }
        foreach (var (u, i) in (input.Assign?.Units ?? []).Select((u, i) => (u, i)))
        {
            if (string.IsNullOrWhiteSpace(u)) { Problem($"assign.units[{i}]", t["Form.EmptyItem"]); continue; }
            if (org.Tree.Find(u.Trim()) is { } unit && scope.Covers(unit)) assignments.Add(new ReportAssignment { UnitId = unit.Id });
            else Problem("assign.units", t["Form.UnknownUnit", u]);
        }
        if (assignments.Count == 0) Problem("assign", t["Form.NoAssignment"]);
        if (problems.Count > 0) return Outcome<ReportFormDto>.Invalid(problems.ByField());

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        ReportForm? form;
        var before = existingCode is null ? null : await GetAsync(existingCode, ct);
        if (existingCode is null)
        {
            if (await db.ReportForms.AnyAsync(f => f.Code == code, ct)) return Outcome<ReportFormDto>.Invalid("code", t["Form.CodeTaken", code]);
            form = new ReportForm { Code = code, Name = LocalText.Empty, CreatedAt = DateTime.UtcNow };
            db.ReportForms.Add(form);
        }
        else
        {
            form = await db.ReportForms.Include(f => f.Sections).ThenInclude(s => s.Fields).Include(f => f.Rules).Include(f => f.Assignments)
                .AsSplitQuery().SingleOrDefaultAsync(f => f.Code == existingCode, ct);
            if (form is null) return new(OutcomeKind.NotFound);
            if (code != form.Code && await db.ReportForms.AnyAsync(f => f.Code == code, ct)) return Outcome<ReportFormDto>.Invalid("code", t["Form.CodeTaken", code]);
            db.ReportSections.RemoveRange(form.Sections);
            db.ReportRules.RemoveRange(form.Rules);
            db.ReportAssignments.RemoveRange(form.Assignments);
            form.Sections = [];
            form.Rules = [];
            form.Assignments = [];
        }
        form.Code = code;
        form.Name = input.Name!;
        form.Description = input.Description ?? LocalText.Empty;
        form.PeriodType = periodType;
        form.OnlyPeriod = only?.Id;
        form.FirstPeriod = first?.Id;
        form.LastPeriod = last?.Id;
        form.DueKind = due.Kind;
        form.DueDays = due.Days;
        form.LockAfterDays = input.LockAfterDays;
        form.ApprovalLevels = levels;
        form.ReceivingUnitId = receiving;
        form.IsActive = input.IsActive ?? true;
        form.UpdatedAt = DateTime.UtcNow;
        form.Sections.AddRange(sections);
        form.Rules.AddRange(rules);
        form.Assignments.AddRange(assignments);
        audit.Add(db, scope, existingCode is null ? AuditActions.Create : AuditActions.Update, "ReportForm", code, receiving, before, input);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Invalidate();
        return new(existingCode is null ? OutcomeKind.Created : OutcomeKind.Ok, await GetAsync(code, ct));
    }
}
