using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Organisation;

/// <summary>Reads and changes the organisation registry, always within the caller's <see cref="AccessScope"/>.
/// Every change goes through the import planner's checks, so a form, the API and a file are held to the same rules.</summary>
public sealed class OrgService(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, OrgImportService importer, AuditLog audit, TimeProvider clock,
    IStringLocalizer<SharedResource> t)
{
    public const int MaxPageSize = 1000;

    public Task<OrgDirectory.Snapshot> SnapshotAsync(CancellationToken ct = default) => directory.GetAsync(ct);

    /// <summary>Units matching a search (diacritics and case ignored), a kind and a parent. Without a search,
    /// <paramref name="parent"/> lists that unit's children; with one, it searches the parent's whole subtree.
    /// With neither, the caller's own top units. Units outside the scope are never listed.</summary>
    public async Task<OrgUnitPage?> ListAsync(AccessScope scope, string? search, OrgUnitKind? kind, string? parent, int offset, int limit, CancellationToken ct = default)
    {
        var snap = await directory.GetAsync(ct);
        var tree = snap.Tree;
        scope = scope.On(tree);
        limit = Math.Clamp(limit, 1, MaxPageSize);
        offset = Math.Max(0, offset);
        int? parentId = null;
        if (!string.IsNullOrWhiteSpace(parent))
        {
            if (tree.Find(parent.Trim()) is not { } p) return null;
            if (!scope.Covers(p)) { await DeniedAsync(scope, p, ct); return null; }
            parentId = p.Id;
        }
        IEnumerable<OrgNode> units;
        if (!string.IsNullOrWhiteSpace(search))
            units = tree.Search(search, int.MaxValue, kind, parentId, VietnamTime.Today(clock)).Where(scope.Covers);
        else
        {
            units = parentId is { } pid ? tree.Children(pid)
                : kind is null ? scope.Roots
                : scope.Roots.SelectMany(r => tree.Subtree(r.Id));
            if (kind is { } k) units = units.Where(u => u.Kind == k);
        }
        var list = units as IReadOnlyCollection<OrgNode> ?? units.ToList();
        return new OrgUnitPage(list.Count, list.Skip(offset).Take(limit).Select(u => ToDto(snap, u)).ToList());
    }

    /// <summary>A unit with its surroundings, or null when it does not exist or lies outside the scope.
    /// Ancestors and merge partners outside the scope are named (for breadcrumbs and history) but not opened.</summary>
    public async Task<OrgUnitDetailDto?> GetAsync(AccessScope scope, string code, CancellationToken ct = default)
    {
        var snap = await directory.GetAsync(ct);
        var tree = snap.Tree;
        scope = scope.On(tree);
        if (tree.Find(code) is not { } unit) return null;
        if (!scope.Covers(unit)) { await DeniedAsync(scope, unit, ct); return null; }
        return new OrgUnitDetailDto(
            ToDto(snap, unit),
            tree.Ancestors(unit.Id).Select(u => ToDto(snap, u)).ToList(),
            tree.Children(unit.Id).Select(u => ToDto(snap, u)).ToList(),
            GroupsOf(snap, unit.Id).Select(g => new OrgGroupDto(g.Code, g.Name)).ToList(),
            tree.MergedFrom(unit.Id).Select(u => ToDto(snap, u)).ToList(),
            unit.MergedIntoId is { } m ? ToDto(snap, tree.Get(m)) : null);
    }

    /// <summary>The unit and everything under it, parents before children; <c>Level</c> is the absolute depth.</summary>
    public async Task<IReadOnlyList<OrgUnitDto>?> SubtreeAsync(AccessScope scope, string code, CancellationToken ct = default)
    {
        var snap = await directory.GetAsync(ct);
        scope = scope.On(snap.Tree);
        if (snap.Tree.Find(code) is not { } unit) return null;
        if (!scope.Covers(unit)) { await DeniedAsync(scope, unit, ct); return null; }
        return snap.Tree.Subtree(unit.Id).Select(u => ToDto(snap, u)).ToList();
    }

    /// <summary>Creates a unit under a parent within the scope.</summary>
    public async Task<Outcome<OrgUnitDetailDto>> CreateAsync(AccessScope scope, OrgUnitInput input, CancellationToken ct = default)
    {
        var snap = await directory.GetAsync(ct);
        if (!string.IsNullOrWhiteSpace(input.Code) && snap.Tree.Find(input.Code.Trim()) is not null)
            return Outcome<OrgUnitDetailDto>.Conflict("code", t["Api.CodeTaken", input.Code.Trim()]);
        return await DetailAsync(scope, await importer.ApplyOneAsync(scope, input.Code, input, keepGroupsOf: null, ct), OutcomeKind.Created, ct);
    }

    /// <summary>Changes a unit within the scope; a new parent must be within it too. The code cannot change.</summary>
    public async Task<Outcome<OrgUnitDetailDto>> UpdateAsync(AccessScope scope, string code, OrgUnitInput input, CancellationToken ct = default)
    {
        if (input.Code is { Length: > 0 } c && !c.Trim().Equals(code, StringComparison.OrdinalIgnoreCase))
            return Outcome<OrgUnitDetailDto>.Invalid("code", t["Api.CodeImmutable"]);
        var snap = await directory.GetAsync(ct);
        scope = scope.On(snap.Tree);
        if (snap.Tree.Find(code) is not { } unit) return Outcome<OrgUnitDetailDto>.NotFound();
        if (!scope.Covers(unit)) { await DeniedAsync(scope, unit, ct); return Outcome<OrgUnitDetailDto>.NotFound(); }
        return await DetailAsync(scope, await importer.ApplyOneAsync(scope, unit.Code, input, keepGroupsOf: input.Groups is null ? unit.Id : null, ct), OutcomeKind.Ok, ct);
    }

    /// <summary>Closes a unit on a date and rolls it into another: its later figures count for the new unit
    /// and, unless asked otherwise, its open children move there.</summary>
    public async Task<Outcome<OrgUnitDetailDto>> MergeAsync(AccessScope scope, string code, MergeRequest request, CancellationToken ct = default)
    {
        Outcome<string> merged;
        // The same gate as imports and edits: the checks below must still hold when the change is written.
        await OrgImportService.WriteGate.WaitAsync(ct);
        try { merged = await MergeUnderGateAsync(scope, code, request, ct); }
        finally { OrgImportService.WriteGate.Release(); }
        return await DetailAsync(scope, merged, OutcomeKind.Ok, ct);
    }

    /// <summary>The changed unit as it now stands, or the failure of the change.</summary>
    private async Task<Outcome<OrgUnitDetailDto>> DetailAsync(AccessScope scope, Outcome<string> change, OutcomeKind kind, CancellationToken ct) =>
        !change.Succeeded ? change.Failed<OrgUnitDetailDto>()
        : await GetAsync(scope, change.Value!, ct) is { } detail ? new(kind, detail)
        : Outcome<OrgUnitDetailDto>.NotFound();

    private async Task<Outcome<string>> MergeUnderGateAsync(AccessScope scope, string code, MergeRequest request, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (tree.Find(code) is not { } unit) return Outcome<string>.NotFound();
        if (!scope.Covers(unit)) { await DeniedAsync(scope, unit, ct); return Outcome<string>.NotFound(); }
        var errors = new List<ImportError>();
        OrgNode? into = null;
        if (string.IsNullOrWhiteSpace(request.Into)) errors.Add(new(0, "into", ImportErrorCode.Required));
        else if ((into = tree.Find(request.Into.Trim())) is null || !scope.Covers(into)) errors.Add(new(0, "into", ImportErrorCode.UnknownMergeTarget, request.Into));
        else if (into.Id == unit.Id) errors.Add(new(0, "into", ImportErrorCode.SelfMerge, into.Code));
        else if (tree.IsWithin(into.Id, unit.Id)) errors.Add(new(0, "into", ImportErrorCode.MergeIntoOwnSubtree, into.Code));
        if (request.Date is not { } date) errors.Add(new(0, "date", ImportErrorCode.Required));
        else
        {
            if (unit.MergedIntoId is not null || unit.ClosedOn is { } c && c <= date) errors.Add(new(0, "code", ImportErrorCode.AlreadyClosed, unit.Code));
            if (unit.OpenedOn is { } o && date <= o) errors.Add(new(0, "date", ImportErrorCode.ClosedBeforeOpened, date.ToString("yyyy-MM-dd"), o.ToString("yyyy-MM-dd")));
            if (into is not null && !into.IsOpenOn(date)) errors.Add(new(0, "into", ImportErrorCode.MergeTargetClosed, into.Code));
        }
        if (errors.Count > 0) return Outcome<string>.Invalid(OrgProblems.ByField(t, errors));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.OrgUnits.SingleAsync(u => u.Id == unit.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        entity.ClosedOn = request.Date;
        entity.MergedIntoId = into!.Id;
        entity.MergedOn = request.Date;
        entity.UpdatedAt = now;
        if (request.MoveChildren)
        {
            var day = request.Date!.Value;
            var children = await db.OrgUnits.Where(u => u.ParentId == unit.Id && (u.ClosedOn == null || u.ClosedOn > day)).ToListAsync(ct);
            foreach (var child in children) { child.ParentId = into.Id; child.UpdatedAt = now; }
        }
        audit.Add(db, scope, AuditActions.Merge, "OrgUnit", unit.Code, unit.Id, before: new { unit.Code, closedOn = unit.ClosedOn },
            after: new { unit.Code, into = into.Code, date = request.Date, request.MoveChildren });
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return Outcome<string>.Ok(unit.Code);
    }

    /// <summary>Records that the account reached for a unit outside its scope; the caller answers "not found".</summary>
    private Task DeniedAsync(AccessScope scope, OrgNode unit, CancellationToken ct) =>
        audit.WriteAsync(scope, AuditActions.AccessDenied, "OrgUnit", unit.Code, unit.Id, ct: ct);

    internal static OrgUnitDto ToDto(OrgDirectory.Snapshot snap, OrgNode u)
    {
        var tree = snap.Tree;
        return new OrgUnitDto(u.Code, u.Name, u.Kind,
            u.ParentId is { } p ? tree.Get(p).Code : null,
            u.OpenedOn, u.ClosedOn,
            u.MergedIntoId is { } m ? tree.Get(m).Code : null,
            u.MergedOn,
            GroupsOf(snap, u.Id).Select(g => g.Code).ToList(),
            tree.Level(u.Id),
            tree.ChildCount(u.Id));
    }

    private static IReadOnlyList<OrgGroup> GroupsOf(OrgDirectory.Snapshot snap, int unitId) =>
        snap.GroupsByUnit.TryGetValue(unitId, out var g) ? g : [];
}
