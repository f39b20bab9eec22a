using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Engine.Text;

namespace CivicTrack.Features.Reporting;

/// <summary>A periodic report that assigned units owe: its sections of data elements, period type, due rule,
/// lock, validation rules and how many approval levels a submission passes.</summary>
public sealed class ReportForm
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required LocalText Name { get; set; }
    public LocalText Description { get; set; } = LocalText.Empty;
    public PeriodType PeriodType { get; set; } = PeriodType.Month;
    /// <summary>A one-off form is owed for this single period only.</summary>
    public string? OnlyPeriod { get; set; }
    /// <summary>The first and last periods owed (empty: open-ended), e.g. a form for the 2025 programme year.</summary>
    public string? FirstPeriod { get; set; }
    public string? LastPeriod { get; set; }
    public DueRuleKind DueKind { get; set; } = DueRuleKind.DayOfMonth;
    public int DueDays { get; set; } = 25;
    public int? LockAfterDays { get; set; }
    /// <summary>0: a submission is final; 1–3: approvals needed, each level by an account attached higher up the tree.</summary>
    public int ApprovalLevels { get; set; } = 1;
    /// <summary>The unit that receives and synthesizes the reports (the standing agency).</summary>
    public int? ReceivingUnitId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ReportSection> Sections { get; set; } = [];
    public List<ReportRule> Rules { get; set; } = [];
    public List<ReportAssignment> Assignments { get; set; } = [];

    public ReportSchedule Schedule() => new(PeriodType, new DueRule(DueKind, DueDays), LockAfterDays,
        OnlyPeriod is { Length: > 0 } p && Period.TryParse(p, out var only) ? only : null);
}

public sealed class ReportSection
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public int Order { get; set; }
    public required LocalText Title { get; set; }
    public List<ReportField> Fields { get; set; } = [];
}

/// <summary>A data element asked for in a section, with what the entry grid checks.</summary>
public sealed class ReportField
{
    public int Id { get; set; }
    public int SectionId { get; set; }
    public int Order { get; set; }
    public int DataElementId { get; set; }
    public bool Required { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
}

/// <summary>A validation rule over the form's values, such as <c>#{HH_VNEID} &lt;= #{HH_TOTAL}</c>; a rule whose
/// values are not all entered is not checked.</summary>
public sealed class ReportRule
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public required string Expression { get; set; }
    public required LocalText Message { get; set; }
}

/// <summary>Which units owe the form: every unit of a kind, every member of a group, or one unit.</summary>
public sealed class ReportAssignment
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public OrgUnitKind? Kind { get; set; }
    public int? GroupId { get; set; }
    public int? UnitId { get; set; }
}

/// <summary>One unit's report for one period of a form. Its values are data values at that unit and period.</summary>
public sealed class Submission
{
    public long Id { get; set; }
    public int FormId { get; set; }
    public int OrgUnitId { get; set; }
    public required string Period { get; set; }
    public SubmissionState State { get; set; }
    /// <summary>Approval levels passed so far; the report is Approved when it reaches the form's level count.</summary>
    public int ApprovedLevels { get; set; }
    public string? Comment { get; set; }
    public string? ReturnReason { get; set; }
    /// <summary>The first submission decides timeliness: a report returned for correction was still received on time.</summary>
    public DateTime? FirstSubmittedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedById { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    /// <summary>A locked period reopened for this report by a manager, up to and including this day (Vietnam time).</summary>
    public DateOnly? ReopenedUntil { get; set; }
    /// <summary>The unit's standing request to reopen the locked period: when, by whom and why.</summary>
    public DateTime? ReopenRequestedAt { get; set; }
    public string? ReopenRequestedById { get; set; }
    public string? ReopenRequestedBy { get; set; }
    public string? ReopenReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public List<SubmissionEvent> Events { get; set; } = [];

    public bool Counts => State is SubmissionState.Submitted or SubmissionState.Approved;
}

public enum SubmissionAction { Submitted, Approved, Returned }

/// <summary>A step of a report's workflow: who submitted, approved (at which level) or returned it, and why.</summary>
public sealed class SubmissionEvent
{
    public long Id { get; set; }
    public long SubmissionId { get; set; }
    public DateTime At { get; set; }
    public SubmissionAction Action { get; set; }
    public int Level { get; set; }
    public string? ByUserId { get; set; }
    public string? ByName { get; set; }
    /// <summary>The unit the acting account is attached to (approval levels climb the tree).</summary>
    public int? ByUnitId { get; set; }
    public string? Note { get; set; }
}
