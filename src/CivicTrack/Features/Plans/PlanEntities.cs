using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;

namespace CivicTrack.Features.Plans;

public enum PlanKind { Plan, Resolution, Directive, Campaign }

/// <summary>A plan document ("38/KH-UBND") with its targets and tasks.</summary>
public sealed class Plan
{
    public int Id { get; set; }
    /// <summary>The document number as issued, e.g. "38/KH-UBND".</summary>
    public required string DocumentNumber { get; set; }
    public required LocalText Title { get; set; }
    public PlanKind Kind { get; set; }
    public DateOnly IssuedOn { get; set; }
    public int IssuingUnitId { get; set; }
    /// <summary>For a campaign: the subtree it covers (null: the issuing unit's).</summary>
    public int? ScopeUnitId { get; set; }
    /// <summary>The period the plan covers; targets are measured from StartsOn.</summary>
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Target> Targets { get; set; } = [];
}

/// <summary>A target of a plan: an indicator (or a yes/no milestone) to reach by a deadline over a scope.</summary>
/// <remarks>The scope is one unit, or — when <see cref="ScopeKind"/> is set — every unit of that kind under
/// <see cref="ScopeUnitId"/> (each of them must reach the value).</remarks>
public sealed class Target
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan? Plan { get; set; }
    /// <summary>Its number within the plan ("1", "2.3").</summary>
    public required string Code { get; set; }
    public required LocalText Name { get; set; }
    /// <summary>Null for a milestone (comparison Done).</summary>
    public int? IndicatorId { get; set; }
    public int? PillarId { get; set; }
    public int ScopeUnitId { get; set; }
    public OrgUnitKind? ScopeKind { get; set; }
    public TargetComparison Comparison { get; set; }
    public double Value { get; set; }
    public double? Baseline { get; set; }
    public DateOnly Deadline { get; set; }
    /// <summary>For a milestone: the day it was done.</summary>
    public DateOnly? DoneOn { get; set; }
    public int SortOrder { get; set; }
}

public enum TaskState { NotStarted, InProgress, Done, Cancelled }

/// <summary>A task with the "six clears": who, what, when, the expected result, the responsibility and who approves.</summary>
public sealed class PlanTask
{
    public int Id { get; set; }
    public int? PlanId { get; set; }
    public required string Title { get; set; }
    public int LeadUnitId { get; set; }
    public required string LeadPerson { get; set; }
    /// <summary>The lead person's account, when they have one: their KPI and notifications follow it.</summary>
    public string? LeadUserId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly DueOn { get; set; }
    public required string ExpectedResult { get; set; }
    public required string Responsibility { get; set; }
    public required string ApprovingAuthority { get; set; }
    public double Weight { get; set; } = 1;
    public TaskState State { get; set; }
    public int Progress { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<TaskCoordinator> Coordinators { get; set; } = [];
    public List<TaskUpdate> Updates { get; set; } = [];
}

public sealed class TaskCoordinator
{
    public int TaskId { get; set; }
    public int OrgUnitId { get; set; }
}

/// <summary>A progress report on a task, with its evidence files.</summary>
public sealed class TaskUpdate
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public DateTime At { get; set; }
    public string? ByUserId { get; set; }
    public string? ByName { get; set; }
    public int Progress { get; set; }
    public TaskState State { get; set; }
    public required string Note { get; set; }
    public List<TaskEvidence> Evidence { get; set; } = [];
}

/// <summary>A file attached to a progress update, stored under the data folder.</summary>
public sealed class TaskEvidence
{
    public int Id { get; set; }
    public int TaskUpdateId { get; set; }
    public int TaskId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>Path relative to the evidence folder.</summary>
    public required string StoredName { get; set; }
    public required string Sha256 { get; set; }
}
