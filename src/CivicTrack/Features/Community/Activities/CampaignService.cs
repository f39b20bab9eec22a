using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Community.Activities;

public enum CampaignTiming { Upcoming, Running, Ended }

/// <summary>A campaign as of a day. <see cref="Days"/> counts the days until it starts (upcoming), the days left including
/// today (running), or the days since its last day (ended).</summary>
public sealed record CampaignSummary(int Id, string DocumentNumber, LocalText Title, DateOnly StartsOn, DateOnly EndsOn, string ScopeUnit,
    string ScopeUnitName, CampaignTiming Timing, int Days, PlanSummary Summary);

/// <summary>One unit's standing on one target of the campaign.</summary>
public sealed record CampaignCell(int Target, TargetStatus Status, double? Actual);

/// <summary>A village (or commune) with its standing on each per-unit target, grouped under its commune.</summary>
public sealed record CampaignRow(string Unit, string UnitName, OrgUnitKind Kind, string Group, string GroupName, IReadOnlyList<CampaignCell?> Cells,
    int Behind, int AtRisk);

/// <summary>Everything the campaign page shows: the targets, the per-unit table (columns = the targets over every unit of a
/// kind, in order), who is behind (worst first) and the activities held during the campaign in its scope.</summary>
public sealed record CampaignDetail(CampaignSummary Campaign, DateOnly AsOf, IReadOnlyList<TargetDto> Targets, IReadOnlyList<int> Columns,
    IReadOnlyList<CampaignRow> Rows, IReadOnlyList<CampaignRow> Behind, ActivityList Activities);

/// <summary>Campaigns: plans of kind Campaign with a scope, their per-unit progress and the activities held for them.</summary>
public sealed class CampaignService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore analytics, PlanService plans, ActivityService activities)
{
    /// <summary>The campaigns the caller sees: running ones first (ending soonest), then upcoming, then ended (latest first).
    /// With <paramref name="runningOnly"/> only the campaigns running on <paramref name="asOf"/> are read and evaluated.</summary>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(AccessScope scope, DateOnly asOf, bool runningOnly = false, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = db.Plans.AsNoTracking().Where(p => p.Kind == PlanKind.Campaign);
        if (runningOnly) campaigns = campaigns.Where(p => p.StartsOn <= asOf && p.EndsOn >= asOf);
        var rows = (await campaigns.ToListAsync(ct)).Where(p => ActivityService.Sees(scope, tree, p)).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(p => p.Id).ToList();
        var listed = (await plans.ListAsync(scope, asOf, p => ids.Contains(p.Id), ct)).ToDictionary(p => p.Id);
        return rows
            .Select(p => Summary(p, tree, asOf, listed.TryGetValue(p.Id, out var dto) ? dto.Summary : Empty))
            .OrderBy(c => c.Timing == CampaignTiming.Running ? 0 : c.Timing == CampaignTiming.Upcoming ? 1 : 2)
            .ThenBy(c => c.Timing == CampaignTiming.Ended ? -c.EndsOn.DayNumber : c.EndsOn.DayNumber)
            .ThenBy(c => c.Id)
            .ToList();
    }

    private static readonly PlanSummary Empty = new(0, 0, 0, Enum.GetValues<TargetStatus>().ToDictionary(s => s, _ => 0));

    public static (CampaignTiming Timing, int Days) Timing(DateOnly starts, DateOnly ends, DateOnly asOf) =>
        asOf < starts ? (CampaignTiming.Upcoming, starts.DayNumber - asOf.DayNumber)
        : asOf <= ends ? (CampaignTiming.Running, ends.DayNumber - asOf.DayNumber + 1)
        : (CampaignTiming.Ended, asOf.DayNumber - ends.DayNumber);

    private static CampaignSummary Summary(Plan p, OrgTree tree, DateOnly asOf, PlanSummary summary)
    {
        var root = tree.Get(p.ScopeUnitId ?? p.IssuingUnitId);
        var (timing, days) = Timing(p.StartsOn, p.EndsOn, asOf);
        return new CampaignSummary(p.Id, p.DocumentNumber, p.Title, p.StartsOn, p.EndsOn, root.Code, root.Name, timing, days, summary);
    }

    public async Task<CampaignDetail?> GetAsync(AccessScope scope, int id, DateOnly asOf, CancellationToken ct = default)
    {
        var tree = (await analytics.DefinitionsAsync(ct)).Tree;
        scope = scope.On(tree);
        Plan? plan;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            plan = await ActivityService.CampaignAsync(db, scope, tree, id, ct);
        if (plan is null) return null;
        var evaluated = await plans.GetWithTargetsAsync(scope, id, asOf, ct);
        var targets = evaluated?.Targets ?? [];
        var columns = targets.Where(x => x.ScopeKind is not null).ToList();
        var cells = new Dictionary<string, (string Name, CampaignCell?[] Cells)>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
            foreach (var u in await plans.TargetUnitsAsync(scope, columns[i].Id, asOf, ct) ?? [])
            {
                if (!cells.TryGetValue(u.Unit, out var row)) cells[u.Unit] = row = (u.UnitName, new CampaignCell?[columns.Count]);
                row.Cells[i] = new CampaignCell(columns[i].Id, u.Status, u.Actual);
            }
        var rows = new List<CampaignRow>();
        foreach (var (code, (name, row)) in cells)
        {
            var node = tree.Find(code);
            var group = node is null ? null : node.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward || node.ParentId is not { } parent ? node : tree.Get(parent);
            rows.Add(new CampaignRow(code, name, node?.Kind ?? OrgUnitKind.Village, group?.Code ?? code, group?.Name ?? name, row,
                row.Count(c => c?.Status == TargetStatus.Behind), row.Count(c => c?.Status == TargetStatus.AtRisk)));
        }
        rows = [.. rows.OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Group == r.Unit ? 0 : 1).ThenBy(r => r.Unit, StringComparer.Ordinal)];
        var behind = rows.Where(r => r.Behind + r.AtRisk > 0)
            .OrderByDescending(r => r.Behind).ThenByDescending(r => r.AtRisk).ThenBy(r => Gap(r, columns)).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList();
        var held = await activities.ListAsync(scope, new ActivityFilter(Campaign: id), ct);
        var summary = evaluated?.Detail.Plan.Summary ?? Empty;
        return new CampaignDetail(Summary(plan, tree, asOf, summary), asOf, targets, columns.Select(c => c.Id).ToList(), rows, behind,
            held.Value ?? new ActivityList(0, new Dictionary<ActivityKind, int>(), new ActivityParticipants(0, 0, 0, 0, 0, 0, 0), []));
    }

    /// <summary>How far below its targets a unit stands, summed over the targets it misses (as a share of each target's
    /// value): the further, the earlier in the "behind" list. Negative so that ascending order puts the worst first.</summary>
    private static double Gap(CampaignRow row, IReadOnlyList<TargetDto> columns)
    {
        double gap = 0;
        for (var i = 0; i < columns.Count; i++)
            if (row.Cells[i] is { Actual: { } actual } && columns[i].Value != 0 && row.Cells[i]!.Status is TargetStatus.Behind or TargetStatus.AtRisk)
                gap += Math.Abs(columns[i].Value - actual) / Math.Abs(columns[i].Value);
        return -gap;
    }
}
