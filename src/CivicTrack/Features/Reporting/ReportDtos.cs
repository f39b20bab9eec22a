using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Engine.Text;

namespace CivicTrack.Features.Reporting;

/// <param name="Name">The name by language (<c>{"vi": "...", "en": "..."}</c>) or a plain string for Vietnamese.</param>
public sealed record ReportFormInput(string? Code, LocalText? Name, LocalText? Description, PeriodType? PeriodType, string? OnlyPeriod,
    string? FirstPeriod, string? LastPeriod, string? Due, int? LockAfterDays, int? ApprovalLevels, string? ReceivingUnit, IReadOnlyList<SectionInput>? Sections,
    IReadOnlyList<RuleInput>? Rules, AssignmentInput? Assign, bool? IsActive = null);
public sealed record SectionInput(LocalText? Title, IReadOnlyList<FieldInput>? Fields);
public sealed record FieldInput(string? Element, bool Required = false, double? Min = null, double? Max = null);
public sealed record RuleInput(string? Expression, LocalText? Message);
/// <summary>Units owing the form: every unit of these kinds, every member of these groups, and these units (by code).</summary>
public sealed record AssignmentInput(IReadOnlyList<OrgUnitKind>? Kinds, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Units);

public sealed record ReportFormDto(int Id, string Code, LocalText Name, LocalText Description, PeriodType PeriodType, string? OnlyPeriod,
    string? FirstPeriod, string? LastPeriod, string Due, int? LockAfterDays, int ApprovalLevels, string? ReceivingUnit, bool IsActive, IReadOnlyList<SectionDto> Sections,
    IReadOnlyList<RuleDto> Rules, AssignmentInput Assign, int AssignedUnits);
public sealed record SectionDto(LocalText Title, IReadOnlyList<FieldDto> Fields);
public sealed record FieldDto(string Element, LocalText Name, Engine.Analytics.ValueType ValueType, LocalText Unit,
    bool Required, double? Min, double? Max);
public sealed record RuleDto(string Expression, LocalText Message);

/// <summary>A report's value as the grid shows it.</summary>
public sealed record ReportValueDto(string Element, double? Value, string? Comment, string? UpdatedBy, DateTime? UpdatedAt);
/// <summary>Something wrong with the report: a field (element code, "comment", or "rule:N") and why; errors block submission.</summary>
public sealed record ReportProblem(string Field, string Message, bool Blocking = true);
public sealed record SubmissionEventDto(DateTime At, SubmissionAction Action, int Level, string? By, string? Note);
/// <summary>What the caller may do with the report now.</summary>
public sealed record ReportPermissions(bool Edit, bool Submit, bool Approve, bool Return, bool RequestReopen = false, bool Reopen = false);

/// <summary>A unit's standing request to reopen a locked period.</summary>
public sealed record ReopenRequestDto(DateTime At, string? By, string Reason);

public sealed record ReopenRequestInput(string? Reason);

/// <summary>Reopen a locked period for the unit for this many days (1–60), today included.</summary>
public sealed record ReopenInput(int? Days);

public sealed record ReportDto(string Form, LocalText FormName, string Unit, string UnitName, string Period,
    DateOnly DueDate, DateOnly? LockDate, bool Locked, SubmissionState State, int ApprovedLevels, int ApprovalLevels, ReportTiming Timing,
    string? Comment, string? ReturnReason, DateTime? SubmittedAt, string? SubmittedBy, DateTime? UpdatedAt, string? UpdatedBy,
    IReadOnlyList<SectionDto> Sections, IReadOnlyList<ReportValueDto> Values, IReadOnlyList<RuleDto> Rules,
    IReadOnlyList<ReportProblem> Problems, IReadOnlyList<SubmissionEventDto> History, ReportPermissions Can,
    DateOnly? ReopenedUntil = null, ReopenRequestDto? ReopenRequest = null);

public sealed record ReportValueInput(string? Element, double? Value, string? Comment = null);
/// <summary>Values to save (only the ones given change; a null value clears one) and the report's comment.</summary>
public sealed record ReportInput(IReadOnlyList<ReportValueInput>? Values, string? Comment = null);
public sealed record ReturnInput(string? Reason);
public sealed record UrgeReportsInput(string? Form, string? Period, string? Unit, string? Message);

/// <summary>One expected report in a list: who owes what, by when, and where it stands.</summary>
/// <param name="LastUrgedAt">When the unit was last urged to send this report (UTC), if ever.</param>
/// <param name="LastUrgedBy">Who urged it then, by display name.</param>
public sealed record ReportStatusDto(string Form, string Unit, string UnitName, OrgUnitKind Kind, string Period, DateOnly DueDate,
    ReportTiming Timing, SubmissionState? State, DateTime? SubmittedAt, int DaysLate, bool Locked = false, bool ReopenRequested = false,
    DateTime? LastUrgedAt = null, string? LastUrgedBy = null);

public sealed record RateDto(int Expected, int Submitted, int OnTime, double? Completeness, double? Timeliness);
public sealed record UnitRatesDto(string Unit, string UnitName, OrgUnitKind Kind, RateDto Total, IReadOnlyDictionary<string, RateDto> ByPeriod);
public sealed record ReportingRatesDto(string Form, string Periods, DateOnly AsOf, UnitRatesDto Unit, IReadOnlyList<UnitRatesDto> Children);
