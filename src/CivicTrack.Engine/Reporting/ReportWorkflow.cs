namespace CivicTrack.Engine.Reporting;

/// <summary>Where a report stands in its workflow.</summary>
public enum SubmissionState
{
    /// <summary>Being entered, not yet sent.</summary>
    Draft,

    /// <summary>Sent, and awaiting approval.</summary>
    Submitted,

    /// <summary>Approved at every level: final, and closed to changes.</summary>
    Approved,

    /// <summary>Sent back to its unit with a reason, to be corrected and sent again.</summary>
    Returned,
}

/// <summary>What someone asks to do with a report.</summary>
public enum WorkflowAction
{
    /// <summary>Keep values and comment as a draft.</summary>
    Save,

    /// <summary>Send the report for approval (or as final when the form asks for none).</summary>
    Submit,

    /// <summary>Approve the next approval level.</summary>
    Approve,

    /// <summary>Send the report back to its unit.</summary>
    Return,
}

/// <summary>Why the workflow refuses an action.</summary>
public enum WorkflowRefusal
{
    /// <summary>The person may not enter reports.</summary>
    CannotEdit,

    /// <summary>The report has been sent and awaits a decision.</summary>
    AlreadySubmitted,

    /// <summary>The report is approved and final.</summary>
    Approved,

    /// <summary>The report's period is closed to entry, and the person does not manage the programme.</summary>
    Locked,

    /// <summary>Only a submitted report can be approved or returned.</summary>
    NotAwaitingDecision,

    /// <summary>The person may not approve reports.</summary>
    CannotApprove,

    /// <summary>No one decides on a report they sent themselves.</summary>
    OwnSubmission,

    /// <summary>The person approved the level before, and a level needs another approver.</summary>
    AlreadyApprovedByYou,

    /// <summary>The person acts no higher up the tree than the approver of the level before.</summary>
    NeedsHigherLevel,
}

/// <summary>The person acting, as the workflow sees them: their account, rights, and <see cref="Level"/>, the depth in
/// the unit tree at which they act on the report (0 at the top; null when unknown).</summary>
public readonly record struct WorkflowActor(string? UserId, bool MayEnter, bool MayApprove, bool Unrestricted = false,
    bool ManagesProgramme = false, int? Level = null);

/// <summary>The latest approval since the report was last submitted: by which account, and at which depth in the unit
/// tree (null when unknown).</summary>
public readonly record struct PriorApproval(string? ByUserId, int? Level);

/// <summary>A report as the workflow sees it: its state, the approval levels passed and asked for by its form, whether
/// its period is closed to entry, who sent it and the latest approval since.</summary>
public readonly record struct WorkflowReport(SubmissionState State, int ApprovedLevels, int ApprovalLevels, bool Locked = false,
    string? SubmittedById = null, PriorApproval? LastApproval = null);

/// <summary>The workflow's answer: refused with a reason, or allowed with the state and approved levels that follow.
/// <see cref="Level"/> is the approval level an approval or return decides (0 for a save or a submission).</summary>
public readonly record struct WorkflowStep(WorkflowRefusal? Refusal, SubmissionState State, int ApprovedLevels, int Level)
{
    /// <summary>Whether the action may go ahead.</summary>
    public bool Allowed => Refusal is null;
}

/// <summary>Who may save, submit, approve and return a report, and where it goes next.</summary>
/// <remarks>Drafts and returned reports can be saved and submitted by anyone who may enter reports, until the period
/// locks; programme managers and administrators may still enter a locked period. A submission passes the form's
/// approval levels one by one (none: it is final at once). Each level is decided by someone who may approve, did not
/// send the report, did not approve the level before, and acts higher up the tree than whoever did; an unrestricted
/// account may decide any level. A return sends the report back and clears the levels passed.</remarks>
public static class ReportWorkflow
{
    /// <summary>Whether <paramref name="actor"/> may take <paramref name="action"/> on <paramref name="report"/>, and
    /// the state that follows.</summary>
    public static WorkflowStep Decide(WorkflowReport report, WorkflowAction action, WorkflowActor actor) => action switch
    {
        WorkflowAction.Save => Enter(report, actor) is { } refused
            ? Refuse(report, refused)
            : new(null, report.State, report.ApprovedLevels, 0),
        WorkflowAction.Submit => Enter(report, actor) is { } refused
            ? Refuse(report, refused)
            : new(null, report.ApprovalLevels == 0 ? SubmissionState.Approved : SubmissionState.Submitted, 0, 0),
        WorkflowAction.Approve => Decision(report, actor) is { } refused
            ? Refuse(report, refused)
            : new(null, report.ApprovedLevels + 1 >= report.ApprovalLevels ? SubmissionState.Approved : SubmissionState.Submitted,
                report.ApprovedLevels + 1, report.ApprovedLevels + 1),
        WorkflowAction.Return => Decision(report, actor) is { } refused
            ? Refuse(report, refused)
            : new(null, SubmissionState.Returned, 0, report.ApprovedLevels + 1),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown workflow action."),
    };

    private static WorkflowStep Refuse(WorkflowReport report, WorkflowRefusal refusal) =>
        new(refusal, report.State, report.ApprovedLevels, 0);

    private static WorkflowRefusal? Enter(WorkflowReport report, WorkflowActor actor)
    {
        if (!actor.MayEnter) return WorkflowRefusal.CannotEdit;
        if (report.State is SubmissionState.Submitted) return WorkflowRefusal.AlreadySubmitted;
        if (report.State is SubmissionState.Approved) return WorkflowRefusal.Approved;
        if (report.Locked && !actor.ManagesProgramme) return WorkflowRefusal.Locked;
        return null;
    }

    private static WorkflowRefusal? Decision(WorkflowReport report, WorkflowActor actor)
    {
        if (report.State is not SubmissionState.Submitted) return WorkflowRefusal.NotAwaitingDecision;
        if (!actor.MayApprove) return WorkflowRefusal.CannotApprove;
        if (actor.Unrestricted) return null;
        if (report.SubmittedById == actor.UserId) return WorkflowRefusal.OwnSubmission;
        if (report.LastApproval is { } previous)
        {
            if (previous.ByUserId == actor.UserId) return WorkflowRefusal.AlreadyApprovedByYou;
            if (previous.Level is { } theirs && actor.Level is { } mine && mine >= theirs) return WorkflowRefusal.NeedsHigherLevel;
        }
        return null;
    }
}
