using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;

namespace CivicTrack.Features.Plans;

/// <summary>"17/43 achieved (39.5%)", with the count of targets in each status.</summary>
public sealed record PlanSummary(int Achieved, int Total, double Percent, IReadOnlyDictionary<TargetStatus, int> ByStatus);

public sealed record PlanDto(int Id, string DocumentNumber, LocalText Title, PlanKind Kind, DateOnly IssuedOn,
    string IssuingUnit, string IssuingUnitName, DateOnly StartsOn, DateOnly EndsOn, PlanSummary Summary,
    string? ScopeUnit = null, string? ScopeUnitName = null);

/// <param name="Title">The title by language, or a plain string for Vietnamese; it replaces the stored one.</param>
/// <param name="ScopeUnit">For a campaign: the unit whose subtree it covers (default the issuing unit); refused for other kinds.</param>
public sealed record PlanInput(string? DocumentNumber, LocalText? Title, PlanKind? Kind, DateOnly? IssuedOn,
    string? IssuingUnit, DateOnly? StartsOn, DateOnly? EndsOn, string? ScopeUnit = null);

/// <summary>Achievement counted per pillar or per unit.</summary>
public sealed record PlanBreakdownRow(string Code, string Name, int Achieved, int Total, double Percent);

public sealed record PlanDetailDto(PlanDto Plan, DateOnly AsOf, IReadOnlyList<PlanBreakdownRow> ByPillar, IReadOnlyList<PlanBreakdownRow> ByUnit);

/// <summary>A target with its status as of a day. For a target over every unit of a kind, <see cref="UnitsAchieved"/>
/// of <see cref="UnitsTotal"/> units reach it and <see cref="Actual"/> is the figure for the whole scope.</summary>
public sealed record TargetDto(int Id, int PlanId, string Code, LocalText Name, string? Indicator, LocalText? IndicatorName,
    string? Pillar, LocalText? PillarName, string ScopeUnit, string ScopeUnitName, OrgUnitKind? ScopeKind, TargetComparison Comparison,
    double Value, double? Baseline, DateOnly Deadline, DateOnly? DoneOn, TargetStatus Status, double? Actual, double? Expected,
    int? UnitsAchieved, int? UnitsTotal, IReadOnlyList<TrendPoint> Trend, LocalText Unit, int Decimals);

/// <summary>The actual figure at a month's end.</summary>
public sealed record TrendPoint(string Period, double? Value);

/// <summary>One unit's standing on a target that applies to every unit of a kind.</summary>
public sealed record TargetUnitDto(string Unit, string UnitName, TargetStatus Status, double? Actual);

public sealed record TargetInput(string? Code, LocalText? Name, string? Indicator, string? Pillar, string? ScopeUnit,
    OrgUnitKind? ScopeKind, TargetComparison? Comparison, double? Value, double? Baseline, DateOnly? Deadline, DateOnly? DoneOn);

/// <summary>A unit's place in the ranking: its targets achieved, and its task score for the month.</summary>
public sealed record RankingRow(int Rank, string Unit, string UnitName, int Achieved, int Total, double? Percent, double? KpiPercent);

/// <summary>A target that applies to a unit, with that unit's own status.</summary>
public sealed record UnitTargetDto(int PlanId, string PlanNumber, TargetDto Target, TargetStatus UnitStatus, double? UnitActual);

public sealed record TaskDto(int Id, int? PlanId, string? PlanNumber, string Title, string LeadUnit, string LeadUnitName, string LeadPerson,
    DateOnly StartsOn, DateOnly DueOn, string ExpectedResult, string Responsibility, string ApprovingAuthority, double Weight,
    TaskState State, int Progress, DateOnly? CompletedOn, bool Overdue, int DaysOverdue, IReadOnlyList<string> Coordinators);

public sealed record TaskUpdateDto(int Id, DateTime At, string? By, int Progress, TaskState State, string Note, IReadOnlyList<EvidenceDto> Evidence);
public sealed record EvidenceDto(int Id, string FileName, string ContentType, long Size, string Url);
public sealed record UnitRef(string Code, string Name);
public sealed record TaskDetailDto(TaskDto Task, IReadOnlyList<TaskUpdateDto> Updates, IReadOnlyList<UnitRef> CoordinatorUnits, IReadOnlyList<NotificationRef> Urgings);
public sealed record NotificationRef(DateTime At, string? By, string Body);

public sealed record TaskInput(int? PlanId, string? Title, string? LeadUnit, string? LeadPerson, string? LeadUserEmail, DateOnly? StartsOn, DateOnly? DueOn,
    string? ExpectedResult, string? Responsibility, string? ApprovingAuthority, double? Weight, IReadOnlyList<string>? Coordinators);

/// <summary>One monthly KPI line, for a unit or a person.</summary>
public sealed record KpiRow(string Key, string Name, double? Percent, double WeightDue, double WeightOnTime, double WeightLate, int TasksDue, int TasksOnTime, int TasksLate, int TasksOpen);
public sealed record KpiReport(string Month, IReadOnlyList<KpiRow> Units, IReadOnlyList<KpiRow> People);

public sealed record TaskFilter(int? PlanId = null, string? Unit = null, bool? Overdue = null, TaskState? State = null);
public sealed record TaskProgressInput(int? Progress, TaskState? State, string? Note, DateOnly? CompletedOn);
/// <summary>An evidence file as received.</summary>
/// <summary>An evidence file being uploaded. <paramref name="DeclaredType"/> is what the client said it is: neither
/// trusted, stored nor served (the type comes from the extension and the content).</summary>
public sealed record EvidenceUpload(string FileName, string DeclaredType, long Length, Func<Stream> Open);
