using CivicTrack.Features.Uploads;
using System.Security.Cryptography;
using CivicTrack.Data;
using CivicTrack.Engine.Files;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Activities;

/// <summary>Activities: who sees and records them, their evidence, and the data values they feed.</summary>
/// <remarks>An account sees and writes the activities of the units within its reach (a village team its village, a
/// commune its villages, a manager its subtrees). Every change recomputes, in its own transaction, the mapped data
/// elements of the unit-months it touched (see <see cref="ActivityMapping"/>).</remarks>
public sealed class ActivityService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore analytics, DataValueService values, AuditLog audit,
    ActivityMapping mapping, TimeProvider clock, IConfiguration config, IWebHostEnvironment env,
    IStringLocalizer<SharedResource> t, IStringLocalizer<ActivityResource> a)
{
    public const int MaxList = 500;
    public const int MaxParticipants = 1_000_000;
    public const int MaxDays = 366;
    public const int MaxEvidencePerActivity = 20;

    /// <summary>The roles that record activities (the write rule's).</summary>
    public static bool CanWrite(AccessScope scope) => scope.IsInAnyRole(Access.ActivitiesWrite.Roles);

    /// <summary>The unit is in the current tree and within the caller's units.</summary>
    private static bool Reaches(AccessScope scope, OrgTree tree, int unit) => tree.Contains(unit) && scope.Covers(unit);

    /// <summary>The caller may change an activity of the unit.</summary>
    private static bool Writes(AccessScope scope, OrgTree tree, int unit) => Reaches(scope, tree, unit) && CanWrite(scope);

    /// <summary>Where an activity's files are kept: <c>activities/{id}</c> under the evidence folder tasks use.</summary>
    public string EvidenceFolder(int activityId) => Path.Combine(
        config["Evidence:Path"] is { Length: > 0 } p ? p : Path.Combine(env.ContentRootPath, "data", "evidence"),
        "activities", activityId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<Outcome<ActivityList>> ListAsync(AccessScope scope, ActivityFilter filter, CancellationToken ct = default)
    {
        var defs = await analytics.DefinitionsAsync(ct);
        var tree = defs.Tree;
        scope = scope.On(tree);
        var problems = new FieldProblems();
        OrgNode? unit = null;
        if (filter.Unit is { Length: > 0 } code && ((unit = tree.Find(code.Trim())) is null || !scope.Covers(unit)))
            problems.Add("unit", t["Data.UnknownUnit", code]);
        if (filter.From is { } f && filter.To is { } to && to < f) problems.Add("to", a["Activity.ToBeforeFrom"]);
        if (filter.Kind is { } k && !Enum.IsDefined(k)) problems.Add("kind", a["Activity.BadKind", k.ToString()]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Plan? campaign = null;
        if (filter.Campaign is { } planId && ((campaign = await CampaignAsync(db, scope, tree, planId, ct)) is null))
            problems.Add("campaign", a["Activity.UnknownCampaign", planId]);
        if (problems.Count > 0) return Outcome<ActivityList>.Invalid(problems.ByField());

        var query = db.Activities.AsNoTracking().Include(x => x.Evidence).AsQueryable();
        if (filter.From is { } from) query = query.Where(x => x.StartsOn >= from);
        if (filter.To is { } until) query = query.Where(x => x.StartsOn <= until);
        if (filter.Kind is { } kind) query = query.Where(x => x.Kind == kind);
        if (campaign is not null)
        {
            var (cs, ce) = (campaign.StartsOn, campaign.EndsOn);
            query = query.Where(x => x.PlanId == campaign.Id || x.StartsOn >= cs && x.StartsOn <= ce);
        }
        if (unit is not null && !filter.Children) query = query.Where(x => x.OrgUnitId == unit.Id);
        else
        {
            // The units asked for (or within reach) go into the query when they are few; a whole large tree is filtered after.
            var ids = (unit is not null ? [unit] : scope.Roots).SelectMany(r => tree.Subtree(r.Id)).Select(n => n.Id).Distinct().ToList();
            if (ids.Count <= 2_000) query = query.Where(x => ids.Contains(x.OrgUnitId));
        }
        var campaignRoot = campaign is null ? null : tree.Find(campaign.ScopeUnitId ?? campaign.IssuingUnitId);
        var rows = (await query.OrderByDescending(x => x.StartsOn).ThenByDescending(x => x.Id).ToListAsync(ct))
            .Where(x => Reaches(scope, tree, x.OrgUnitId))
            .Where(x => unit is null || tree.IsWithin(x.OrgUnitId, unit.Id))
            .Where(x => campaign is null || x.PlanId == campaign.Id || campaignRoot is not null && tree.IsWithin(x.OrgUnitId, campaignRoot.Id))
            .ToList();
        var plans = await PlanNumbersAsync(db, ct);
        var byKind = Enum.GetValues<ActivityKind>().ToDictionary(x => x, x => rows.Count(r => r.Kind == x));
        return Outcome<ActivityList>.Ok(new ActivityList(rows.Count, byKind, Sum(rows), rows.Take(MaxList).Select(r => ToDto(r, tree, plans)).ToList()));
    }

    private static ActivityParticipants Sum(IReadOnlyCollection<Activity> rows) => new(rows.Sum(r => r.Officials), rows.Sum(r => r.Citizens),
        rows.Sum(r => r.Students), rows.Sum(r => r.YouthUnion), rows.Sum(r => r.Enterprises), rows.Sum(r => r.Women), rows.Sum(r => r.Total));

    public async Task<ActivityDto?> GetAsync(AccessScope scope, int id, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Activities.AsNoTracking().Include(x => x.Evidence).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null) return null;
        if (!Reaches(scope, tree, row.OrgUnitId))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Activity", id.ToString(), row.OrgUnitId, ct: ct);
            return null;
        }
        return ToDto(row, tree, await PlanNumbersAsync(db, ct));
    }

    public Task<Outcome<ActivityDto>> CreateAsync(AccessScope scope, ActivityInput input, CancellationToken ct = default) =>
        SaveAsync(scope, null, input, ct);

    public Task<Outcome<ActivityDto>> UpdateAsync(AccessScope scope, int id, ActivityInput input, CancellationToken ct = default) =>
        SaveAsync(scope, id, input, ct);

    private async Task<Outcome<ActivityDto>> SaveAsync(AccessScope scope, int? id, ActivityInput input, CancellationToken ct)
    {
        var defs = await analytics.DefinitionsAsync(ct);
        var tree = defs.Tree;
        scope = scope.On(tree);
        Activity? existing = null;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
        {
            if (id is { } key)
            {
                existing = await read.Activities.AsNoTracking().SingleOrDefaultAsync(x => x.Id == key, ct);
                if (existing is null) return Outcome<ActivityDto>.NotFound();
                if (!Writes(scope, tree, existing.OrgUnitId))
                {
                    await audit.WriteAsync(scope, AuditActions.AccessDenied, "Activity", key.ToString(), existing.OrgUnitId, ct: ct);
                    return Outcome<ActivityDto>.NotFound();
                }
            }
            var (problems, unit) = await CheckAsync(read, scope, tree, input, ct);
            if (problems.Count > 0) return Outcome<ActivityDto>.Invalid(problems.ByField());
            if (!CanWrite(scope)) return Outcome<ActivityDto>.Invalid("unit", t["Data.UnknownUnit", input.Unit ?? ""]);
            var touched = new HashSet<(int Unit, int Year, int Month)> { (unit!.Id, input.StartsOn!.Value.Year, input.StartsOn.Value.Month) };
            if (existing is not null) touched.Add((existing.OrgUnitId, existing.StartsOn.Year, existing.StartsOn.Month));
            var now = clock.GetUtcNow().UtcDateTime;
            var result = await analytics.CommitAsync(touched.Select(x => x.Unit), async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                Activity row;
                object? before = null;
                if (existing is null)
                {
                    row = new Activity { Title = "", Place = "", CreatedAt = now, CreatedBy = scope.DisplayName };
                    db.Activities.Add(row);
                }
                else
                {
                    row = await db.Activities.SingleAsync(x => x.Id == existing.Id, ct);
                    before = AuditOf(row, tree);
                }
                Apply(row, input, unit.Id);
                (row.UpdatedAt, row.UpdatedBy) = (now, scope.DisplayName);
                await db.SaveChangesAsync(ct);
                var write = await RecomputeAsync(db, scope, defs, touched, ct);
                audit.Add(db, scope, existing is null ? AuditActions.Create : AuditActions.Update, "Activity", row.Id.ToString(), row.OrgUnitId, before,
                    new { activity = AuditOf(row, tree), values = write.Changes });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (row.Id, write);
            }, r => r.write.Applied, ct);
            var dto = await GetAsync(scope, result.Id, ct);
            return existing is null ? Outcome<ActivityDto>.Created(dto!) : Outcome<ActivityDto>.Ok(dto!);
        }
    }

    /// <summary>Removes an activity, its evidence files and what it added to the data values.</summary>
    public async Task<Outcome<ActivityDto>> DeleteAsync(AccessScope scope, int id, CancellationToken ct = default)
    {
        var defs = await analytics.DefinitionsAsync(ct);
        var tree = defs.Tree;
        scope = scope.On(tree);
        ActivityDto? dto;
        Activity? existing;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
        {
            existing = await read.Activities.AsNoTracking().Include(x => x.Evidence).SingleOrDefaultAsync(x => x.Id == id, ct);
            if (existing is null) return Outcome<ActivityDto>.NotFound();
            if (!Writes(scope, tree, existing.OrgUnitId))
            {
                await audit.WriteAsync(scope, AuditActions.AccessDenied, "Activity", id.ToString(), existing.OrgUnitId, ct: ct);
                return Outcome<ActivityDto>.NotFound();
            }
            dto = ToDto(existing, tree, await PlanNumbersAsync(read, ct));
        }
        var touched = new HashSet<(int Unit, int Year, int Month)> { (existing.OrgUnitId, existing.StartsOn.Year, existing.StartsOn.Month) };
        await analytics.CommitAsync([existing.OrgUnitId], async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Activities.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
            var write = await RecomputeAsync(db, scope, defs, touched, ct);
            audit.Add(db, scope, AuditActions.Delete, "Activity", id.ToString(), existing.OrgUnitId, AuditOf(existing, tree), new { values = write.Changes });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return write;
        }, w => w.Applied, ct);
        try { if (Directory.Exists(EvidenceFolder(id))) Directory.Delete(EvidenceFolder(id), recursive: true); }
        catch (IOException) { /* a file left behind is harmless: nothing points at it any more */ }
        return Outcome<ActivityDto>.Ok(dto);
    }

    /// <summary>Writes the mapped elements of the touched unit-months from the activities now stored there, in the caller's
    /// transaction. An element gets the sum where at least one activity of a kind mapped to it remains; where none does,
    /// a value this feed computed is removed, and a value someone reported is left alone.</summary>
    internal async Task<ValueWrite> RecomputeAsync(AppDb db, AccessScope scope, AnalyticsStore.Definitions defs,
        IReadOnlyCollection<(int Unit, int Year, int Month)> touched, CancellationToken ct)
    {
        var elements = mapping.ByElement.Select(g => g.Key).Where(defs.Catalog.ElementsByCode.ContainsKey)
            .Select(c => defs.Catalog.ElementsByCode[c]).ToList();
        var planned = new List<PlannedValue>();
        if (elements.Count == 0 || touched.Count == 0) return new ValueWrite(0, 0, 0, 0, [], []);
        var wanted = new List<(int Unit, Period Period, Dictionary<string, double> Sums)>();
        foreach (var (unit, year, month) in touched)
        {
            if (!defs.Tree.Contains(unit)) continue;
            var period = Period.Month(year, month);
            var (from, to) = (period.Start, period.End);
            var rows = await db.Activities.AsNoTracking().Where(x => x.OrgUnitId == unit && x.StartsOn >= from && x.StartsOn <= to).ToListAsync(ct);
            wanted.Add((unit, period, mapping.Sums(rows)));
        }
        var elementIds = elements.Select(e => e.Id).ToList();
        var unitIds = wanted.Select(w => w.Unit).Distinct().ToList();
        var periodIds = wanted.Select(w => w.Period.Id).Distinct().ToList();
        var existing = (await db.DataValues.Where(v => elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periodIds.Contains(v.Period))
            .ToListAsync(ct)).ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period));
        foreach (var (unit, period, sums) in wanted)
            foreach (var element in elements)
            {
                if (sums.TryGetValue(element.Code, out var value)) planned.Add(new PlannedValue(element, unit, period, value, null));
                else if (existing.TryGetValue((element.Id, unit, period.Id), out var row) && row.Source == ValueSource.Computed)
                    planned.Add(new PlannedValue(element, unit, period, null, null));
            }
        return planned.Count == 0 ? new ValueWrite(0, 0, 0, 0, [], []) : await values.WriteAsync(db, scope, planned, ValueSource.Computed, ct, existing);
    }

    /// <summary>The values a report form's fields get from the activities recorded at the unit itself in the period (its
    /// villages' activities count at the villages, so they are not added again).</summary>
    public async Task<Outcome<ActivityPrefill>> PrefillAsync(AccessScope scope, string? form, string? unitCode, string? periodId, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        var problems = new FieldProblems();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var formRow = string.IsNullOrWhiteSpace(form) ? null
            : await db.ReportForms.AsNoTracking().Include(f => f.Sections).ThenInclude(s => s.Fields).SingleOrDefaultAsync(f => f.Code == form.Trim(), ct);
        if (formRow is null) problems.Add("form", a["Activity.UnknownForm", form ?? ""]);
        var unit = string.IsNullOrWhiteSpace(unitCode) ? null : tree.Find(unitCode.Trim());
        if (unit is null || !scope.Covers(unit)) problems.Add("unit", t["Data.UnknownUnit", unitCode ?? ""]);
        if (!Period.TryParse(periodId?.Trim(), out var period)) problems.Add("period", a["Activity.BadPeriod", periodId ?? ""]);
        if (problems.Count > 0) return Outcome<ActivityPrefill>.Invalid(problems.ByField());
        var fieldElements = formRow!.Sections.SelectMany(s => s.Fields).Select(f => f.DataElementId).ToHashSet();
        var codes = await db.DataElements.AsNoTracking().Where(e => fieldElements.Contains(e.Id)).Select(e => e.Code).ToListAsync(ct);
        var (from, to) = (period.Start, period.End);
        var rows = await db.Activities.AsNoTracking().Where(x => x.OrgUnitId == unit!.Id && x.StartsOn >= from && x.StartsOn <= to).ToListAsync(ct);
        var rules = mapping.ByElement;
        var result = codes.Where(c => rules.Contains(c)).Order(StringComparer.Ordinal)
            .Select(c => new PrefillValue(c, mapping.Sums(rows).GetValueOrDefault(c), rows.Count(x => rules[c].Any(r => r.Matches(x)))))
            .ToList();
        return Outcome<ActivityPrefill>.Ok(new ActivityPrefill(formRow.Code, unit!.Code, period.Id, result));
    }

    /// <summary>Adds evidence files to an activity; the files are checked before anything is stored.</summary>
    public async Task<Outcome<ActivityDto>> AddEvidenceAsync(AccessScope scope, int id, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Activities.Include(x => x.Evidence).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null) return Outcome<ActivityDto>.NotFound();
        if (!Writes(scope, tree, row.OrgUnitId))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Activity", id.ToString(), row.OrgUnitId, ct: ct);
            return Outcome<ActivityDto>.NotFound();
        }
        files = [.. files.Select(f => f with { FileName = FileTypes.SafeName(f.FileName) })];
        var problems = new FieldProblems();
        if (files.Count == 0) problems.Add("files", a["Activity.NoFiles"]);
        if (files.Count > TaskService.MaxEvidenceFiles) problems.Add("files", t["Tasks.TooManyFiles", TaskService.MaxEvidenceFiles]);
        else if (row.Evidence.Count + files.Count > MaxEvidencePerActivity) problems.Add("files", a["Activity.TooManyFiles", MaxEvidencePerActivity]);
        foreach (var f in files)
        {
            if (f.Length > TaskService.MaxEvidenceBytes) problems.Add("files", t["Tasks.FileTooBig", f.FileName, TaskService.MaxEvidenceBytes / 1024 / 1024]);
            else if (f.Length == 0) problems.Add("files", t["Tasks.FileEmpty", f.FileName]);
            else if (!FileTypes.Accepted(f.FileName)) problems.Add("files", t["Tasks.FileType", f.FileName, string.Join(", ", TaskService.EvidenceTypes.Order())]);
        }
        if (problems.Count > 0) return Outcome<ActivityDto>.Invalid(problems.ByField());
        var written = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            foreach (var f in await EvidenceFiles.WriteAsync(EvidenceFolder(id), files, written, ct))
                row.Evidence.Add(new ActivityEvidence
                {
                    FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, StoredName = f.StoredName, Sha256 = f.Sha256,
                    UploadedAt = now, UploadedBy = scope.DisplayName,
                });
            row.UpdatedAt = now;
            row.UpdatedBy = scope.DisplayName;
            audit.Add(db, scope, AuditActions.Update, "Activity", id.ToString(), row.OrgUnitId, null,
                new { files = row.Evidence.Where(e => e.Id == 0).Select(e => new { e.FileName, e.Size, e.Sha256 }) });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            foreach (var path in written) File.Delete(path);
            throw;
        }
        return Outcome<ActivityDto>.Ok((await GetAsync(scope, id, ct))!);
    }

    public async Task<(ActivityEvidence Evidence, string Path)?> EvidenceAsync(AccessScope scope, int id, int evidenceId, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitId = await db.Activities.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.OrgUnitId).SingleOrDefaultAsync(ct);
        if (unitId is not { } u || !Reaches(scope, tree, u)) return null;
        var evidence = await db.ActivityEvidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == evidenceId && e.ActivityId == id, ct);
        if (evidence is null) return null;
        var path = Path.Combine(EvidenceFolder(id), evidence.StoredName);
        return File.Exists(path) ? (evidence, path) : null;
    }

    private async Task<(FieldProblems Problems, OrgNode? Unit)> CheckAsync(AppDb db, AccessScope scope, OrgTree tree, ActivityInput input, CancellationToken ct)
    {
        var problems = new FieldProblems();
        var unit = input.Unit is { Length: > 0 } code ? tree.Find(code.Trim()) : null;
        if (unit is null || !scope.Covers(unit)) problems.Add("unit", t["Data.UnknownUnit", input.Unit ?? ""]);
        if (input.Kind is null) problems.Add("kind", t["Ind.Required"]);
        else if (!Enum.IsDefined(input.Kind.Value)) problems.Add("kind", a["Activity.BadKind", input.Kind.Value.ToString()]);
        Line(problems, "title", input.Title, 200, required: true);
        Line(problems, "place", input.Place, 200, required: true);
        if (input.Result is { Length: > 0 } result)
        {
            if (result.Trim().Length > 2000) problems.Add("result", t["Input.TooLong", 2000]);
            else if (result.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) problems.Add("result", t["Input.ControlCharacters"]);
        }
        if (input.StartsOn is not { } starts) problems.Add("startsOn", t["Ind.Required"]);
        else
        {
            if (starts.Year is < 2000 or > 2100) problems.Add("startsOn", a["Activity.BadDate"]);
            else if (starts > VietnamTime.Today(clock).AddDays(366)) problems.Add("startsOn", a["Activity.BadDate"]);
            if (input.EndsOn is { } ends)
            {
                if (ends < starts) problems.Add("endsOn", a["Activity.EndBeforeStart"]);
                else if (ends.DayNumber - starts.DayNumber > MaxDays) problems.Add("endsOn", a["Activity.TooLong", MaxDays]);
            }
        }
        var counts = new (string Field, int? Value)[]
        {
            ("officials", input.Officials), ("citizens", input.Citizens), ("students", input.Students), ("youthUnion", input.YouthUnion),
            ("enterprises", input.Enterprises), ("women", input.Women),
        };
        foreach (var (field, value) in counts)
            if (value is < 0 or > MaxParticipants) problems.Add(field, a["Activity.BadCount", MaxParticipants]);
        var total = counts.Take(5).Sum(c => (long)(c.Value ?? 0));
        if (input.Women is > 0 && input.Women > total) problems.Add("women", a["Activity.TooManyWomen", total]);
        if (input.Campaign is { } planId)
        {
            var plan = await CampaignAsync(db, scope, tree, planId, ct);
            if (plan is null) problems.Add("campaign", a["Activity.UnknownCampaign", planId]);
            else if (unit is not null && tree.Find(plan.ScopeUnitId ?? plan.IssuingUnitId) is { } root && !tree.IsWithin(unit.Id, root.Id))
                problems.Add("campaign", a["Activity.OutsideCampaign", root.Name]);
        }
        return (problems, unit);
    }

    private void Line(FieldProblems problems, string field, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) problems.Add(field, t["Ind.Required"]); }
        else if (value.Trim().Length > max) problems.Add(field, t["Input.TooLong", max]);
        else if (CivicTrack.Engine.Text.ControlCharacters.InName(value)) problems.Add(field, t["Input.ControlCharacters"]);
    }

    /// <summary>A campaign the caller sees: a plan of kind Campaign whose scope or issuing unit is within reach, or whose
    /// scope holds a unit within reach.</summary>
    internal static async Task<Plan?> CampaignAsync(AppDb db, AccessScope scope, OrgTree tree, int planId, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId && p.Kind == PlanKind.Campaign, ct);
        return plan is not null && Sees(scope, tree, plan) ? plan : null;
    }

    internal static bool Sees(AccessScope scope, OrgTree tree, Plan plan)
    {
        var root = plan.ScopeUnitId ?? plan.IssuingUnitId;
        if (!tree.Contains(root)) return false;
        return scope.Covers(plan.IssuingUnitId) || scope.Covers(root) || scope.Roots.Any(r => tree.IsWithin(r.Id, root));
    }

    private static void Apply(Activity row, ActivityInput input, int unitId)
    {
        row.OrgUnitId = unitId;
        row.PlanId = input.Campaign;
        row.Kind = input.Kind!.Value;
        row.Title = input.Title!.Trim();
        row.Place = input.Place!.Trim();
        row.StartsOn = input.StartsOn!.Value;
        row.EndsOn = input.EndsOn;
        (row.Officials, row.Citizens, row.Students, row.YouthUnion, row.Enterprises, row.Women) =
            (input.Officials ?? 0, input.Citizens ?? 0, input.Students ?? 0, input.YouthUnion ?? 0, input.Enterprises ?? 0, input.Women ?? 0);
        row.Result = string.IsNullOrWhiteSpace(input.Result) ? null : input.Result.Trim();
    }

    private static object AuditOf(Activity x, OrgTree tree) => new
    {
        unit = tree.Find(x.OrgUnitId)?.Code, campaign = x.PlanId, kind = x.Kind.ToString(), x.Title, x.StartsOn, x.EndsOn, x.Place,
        x.Officials, x.Citizens, x.Students, x.YouthUnion, x.Enterprises, x.Women, x.Result,
    };

    private static async Task<Dictionary<int, string>> PlanNumbersAsync(AppDb db, CancellationToken ct) =>
        await db.Plans.AsNoTracking().Where(p => p.Kind == PlanKind.Campaign).ToDictionaryAsync(p => p.Id, p => p.DocumentNumber, ct);

    internal static ActivityDto ToDto(Activity x, OrgTree tree, IReadOnlyDictionary<int, string> plans)
    {
        var unit = tree.Find(x.OrgUnitId);
        return new ActivityDto(x.Id, unit?.Code ?? "", unit?.Name ?? "", x.PlanId, x.PlanId is { } p ? plans.GetValueOrDefault(p) : null, x.Kind, x.Title,
            x.StartsOn, x.EndsOn, x.Place, new ActivityParticipants(x.Officials, x.Citizens, x.Students, x.YouthUnion, x.Enterprises, x.Women, x.Total),
            x.Result, x.CreatedAt, x.CreatedBy, x.UpdatedAt, x.UpdatedBy,
            x.Evidence.OrderBy(e => e.Id).Select(e => new EvidenceDto(e.Id, e.FileName, e.ContentType, e.Size, $"/api/activities/{x.Id}/evidence/{e.Id}")).ToList());
    }
}
