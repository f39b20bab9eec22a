using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Organisation;

/// <summary>The current organisation tree, held in memory and rebuilt after each change.</summary>
/// <remarks>Scope checks and rollups ask "is X under Y" constantly; the in-memory tree answers in O(1).
/// Writes are rare (imports, mergers), so a full reload after each one is simpler than patching.</remarks>
public sealed class OrgDirectory(IDbContextFactory<AppDb> dbFactory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;

    public sealed record Snapshot(OrgTree Tree, IReadOnlyDictionary<int, IReadOnlyList<OrgGroup>> GroupsByUnit, IReadOnlyList<OrgGroup> Groups);

    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        if (_current is { } s) return s;
        await _gate.WaitAsync(ct);
        try { return _current ??= await LoadAsync(ct); }
        finally { _gate.Release(); }
    }

    public async Task<OrgTree> TreeAsync(CancellationToken ct = default) => (await GetAsync(ct)).Tree;

    /// <summary>Drops the cached tree; the next reader loads the stored one.</summary>
    public void Invalidate() => _current = null;

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking()
            .Select(u => new OrgNode(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.OpenedOn, u.ClosedOn, u.MergedIntoId, u.MergedOn))
            .ToListAsync(ct);
        var groups = await db.OrgGroups.AsNoTracking().OrderBy(g => g.Code).ToListAsync(ct);
        var byId = groups.ToDictionary(g => g.Id);
        var members = await db.OrgGroupMembers.AsNoTracking().ToListAsync(ct);
        var groupsByUnit = members.GroupBy(m => m.OrgUnitId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OrgGroup>)g.Select(m => byId[m.GroupId]).OrderBy(x => x.Code).ToList());
        return new Snapshot(OrgTree.Build(units), groupsByUnit, groups);
    }
}
