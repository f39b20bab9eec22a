using CivicTrack.Components;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Plans;

/// <summary>The task list and a plan's targets as sheets to hand over, in the reader's language.</summary>
public sealed class PlanExports(TaskService tasks, PlanService plans, OrgDirectory directory, IStringLocalizer<TaskResource> r,
    IStringLocalizer<DashboardResource> d, TimeProvider clock)
{
    /// <summary>The tasks the list shows for the same filters, in its order: open work soonest due first, then the rest latest first.</summary>
    public async Task<Sheet> TasksAsync(AccessScope scope, TaskFilter filter, CancellationToken ct = default)
    {
        var list = await tasks.ListAsync(scope, filter, ct);
        var tree = await directory.TreeAsync(ct);
        static bool Open(TaskState s) => s is TaskState.NotStarted or TaskState.InProgress;
        var ordered = list.Where(x => Open(x.State)).OrderBy(x => x.DueOn).ThenBy(x => x.Id)
            .Concat(list.Where(x => !Open(x.State)).OrderByDescending(x => x.DueOn).ThenBy(x => x.Id));
        return new Sheet(r["Tasks.Title"],
        [
            // The six clears: the work, who leads it, when, the responsibility, the product and who approves it.
            new(r["Tasks.Col.Plan"]), new(r["Tasks.Col.Work"]), new(r["Tasks.Col.LeadUnit"]), new(r["Tasks.Col.LeadPerson"]),
            new(r["Tasks.Col.StartsOn"], SheetFormat.Date), new(r["Tasks.Col.DueOn"], SheetFormat.Date), new(r["Tasks.Col.Responsibility"]),
            new(r["Tasks.Col.ExpectedResult"]), new(r["Tasks.Col.ApprovingAuthority"]),
            new(r["Tasks.Col.State"]), new(r["Tasks.Col.Progress"], SheetFormat.Percent), new(r["Tasks.Col.DaysOverdue"], SheetFormat.Integer),
            new(r["Tasks.Col.Coordinators"]),
        ],
        [.. ordered.Select(x => (IReadOnlyList<object?>)
        [
            x.PlanNumber, x.Title, x.LeadUnitName, x.LeadPerson, x.StartsOn, x.DueOn, x.Responsibility, x.ExpectedResult, x.ApprovingAuthority,
            r[$"State.{x.State}"].Value, x.Progress, x.DaysOverdue, string.Join("; ", x.Coordinators.Select(c => tree.Find(c)?.Name ?? c)),
        ])],
        Title: r["Tasks.ExportTitle", Display.Date(VietnamTime.Today(clock))]);
    }

    /// <summary>A plan's targets with their status as of a day, as the plan page lists them; null when the plan is not in reach.</summary>
    public async Task<Sheet?> TargetsAsync(AccessScope scope, int planId, DateOnly asOf, CancellationToken ct = default)
    {
        if (await plans.GetWithTargetsAsync(scope, planId, asOf, ct) is not { } found) return null;
        var plan = found.Detail.Plan;
        return new Sheet(d["Targets.Col.Name"],
        [
            new(d["Targets.Col.Code"]), new(d["Targets.Col.Name"]), new(d["Targets.Col.Indicator"]), new(d["Targets.Col.Scope"]),
            new(d["Targets.Col.Comparison"]), new(d["Targets.Col.Value"], SheetFormat.Decimal), new(d["Targets.Col.Baseline"], SheetFormat.Decimal),
            new(d["Targets.Col.Actual"], SheetFormat.Decimal), new(d["Targets.Col.Status"]), new(d["Targets.Col.Deadline"], SheetFormat.Date),
        ],
        [.. found.Targets.Select(x => (IReadOnlyList<object?>)
        [
            x.Code, x.Name.Pick(), Indicator(x), x.ScopeKind is { } kind ? d[$"Scope.Every.{kind}", x.ScopeUnitName].Value : x.ScopeUnitName,
            x.Comparison switch
            {
                TargetComparison.AtLeast => "≥", TargetComparison.AtMost => "≤", TargetComparison.Equal => "=", _ => d["Targets.Comparison.Done"].Value,
            },
            // A target to get done has no figure to reach.
            x.Comparison == TargetComparison.Done ? null : x.Value, x.Baseline, x.Comparison == TargetComparison.Done ? null : x.Actual,
            d[$"Status.{x.Status}"].Value, x.Deadline,
        ])],
        Title: d["Targets.ExportTitle", $"{plan.DocumentNumber} · {plan.Title.Pick()}", Display.Date(asOf)]);
    }

    private static string? Indicator(TargetDto x) => (x.Indicator, x.IndicatorName?.Pick()) switch
    {
        ({ } code, { Length: > 0 } name) => $"{code} · {name}",
        (var code, _) => code,
    };
}
