using CivicTrack.Engine.Reporting;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class ReportWorkflowTests
{
    // Depths in the unit tree: province 0, commune 1, village 2.
    private static readonly WorkflowActor Reporter = new("reporter", MayEnter: true, MayApprove: false, Level: 1);
    private static readonly WorkflowActor CommuneApprover = new("commune", MayEnter: false, MayApprove: true, Level: 1);
    private static readonly WorkflowActor ProvinceApprover = new("province", MayEnter: false, MayApprove: true, Level: 0);
    private static readonly WorkflowActor Manager = new("manager", MayEnter: true, MayApprove: true, ManagesProgramme: true, Level: 0);
    private static readonly WorkflowActor Administrator = new("admin", MayEnter: true, MayApprove: true, Unrestricted: true, ManagesProgramme: true);
    private static readonly WorkflowActor Reader = new("reader", MayEnter: false, MayApprove: false, Level: 1);

    private static WorkflowReport Report(SubmissionState state, int approved = 0, int levels = 2, bool locked = false,
        string? by = "reporter", PriorApproval? last = null) => new(state, approved, levels, locked, by, last);

    private static void Refused(WorkflowRefusal why, WorkflowReport report, WorkflowAction action, WorkflowActor actor)
    {
        var step = ReportWorkflow.Decide(report, action, actor);
        Assert.False(step.Allowed);
        Assert.Equal(why, step.Refusal);
        // A refusal leaves the report as it was.
        Assert.Equal((report.State, report.ApprovedLevels), (step.State, step.ApprovedLevels));
    }

    private static WorkflowStep Allowed(WorkflowReport report, WorkflowAction action, WorkflowActor actor)
    {
        var step = ReportWorkflow.Decide(report, action, actor);
        Assert.True(step.Allowed, $"Refused: {step.Refusal}");
        Assert.Null(step.Refusal);
        return step;
    }

    // ---- save and submit ----

    [Theory]
    [InlineData(SubmissionState.Draft)]
    [InlineData(SubmissionState.Returned)]
    public void Save_KeepsADraftOrReturnedReportAsItIs(SubmissionState state)
    {
        var step = Allowed(Report(state), WorkflowAction.Save, Reporter);
        Assert.Equal((state, 0, 0), (step.State, step.ApprovedLevels, step.Level));
    }

    [Theory]
    [InlineData(SubmissionState.Draft, 1, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Draft, 3, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Returned, 2, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Draft, 0, SubmissionState.Approved)]
    [InlineData(SubmissionState.Returned, 0, SubmissionState.Approved)]
    public void Submit_AwaitsApproval_OrIsFinalWhenTheFormAsksNone(SubmissionState from, int levels, SubmissionState to)
    {
        var step = Allowed(Report(from, levels: levels), WorkflowAction.Submit, Reporter);
        Assert.Equal((to, 0, 0), (step.State, step.ApprovedLevels, step.Level));
    }

    [Theory]
    [InlineData(WorkflowAction.Save)]
    [InlineData(WorkflowAction.Submit)]
    public void Entry_NeedsTheRightToEnter_BeforeAnythingElse(WorkflowAction action)
    {
        Refused(WorkflowRefusal.CannotEdit, Report(SubmissionState.Draft), action, Reader);
        Refused(WorkflowRefusal.CannotEdit, Report(SubmissionState.Approved, locked: true), action, CommuneApprover);
    }

    [Theory]
    [InlineData(WorkflowAction.Save)]
    [InlineData(WorkflowAction.Submit)]
    public void Entry_IsClosedWhileSubmittedAndOnceApproved_EvenToManagers(WorkflowAction action)
    {
        Refused(WorkflowRefusal.AlreadySubmitted, Report(SubmissionState.Submitted, approved: 1), action, Reporter);
        Refused(WorkflowRefusal.AlreadySubmitted, Report(SubmissionState.Submitted), action, Manager);
        Refused(WorkflowRefusal.Approved, Report(SubmissionState.Approved, approved: 2), action, Reporter);
        Refused(WorkflowRefusal.Approved, Report(SubmissionState.Approved), action, Administrator);
    }

    [Theory]
    [InlineData(WorkflowAction.Save)]
    [InlineData(WorkflowAction.Submit)]
    public void LockedPeriod_IsClosedToReporters_ButNotToManagers(WorkflowAction action)
    {
        Refused(WorkflowRefusal.Locked, Report(SubmissionState.Draft, locked: true), action, Reporter);
        Refused(WorkflowRefusal.Locked, Report(SubmissionState.Returned, locked: true), action, Reporter);
        Allowed(Report(SubmissionState.Draft, locked: true), action, Manager);
        Allowed(Report(SubmissionState.Returned, locked: true), action, Administrator);
    }

    [Fact]
    public void SubmittedState_IsNamedBeforeTheLock() =>
        Refused(WorkflowRefusal.AlreadySubmitted, Report(SubmissionState.Submitted, locked: true), WorkflowAction.Save, Reporter);

    // ---- approve and return ----

    [Fact]
    public void Approve_PassesOneLevel_ThenTheLastLevelApproves()
    {
        var first = Allowed(Report(SubmissionState.Submitted, levels: 2), WorkflowAction.Approve, CommuneApprover);
        Assert.Equal((SubmissionState.Submitted, 1, 1), (first.State, first.ApprovedLevels, first.Level));
        var second = Allowed(Report(SubmissionState.Submitted, approved: 1, levels: 2, last: new("commune", 1)), WorkflowAction.Approve, ProvinceApprover);
        Assert.Equal((SubmissionState.Approved, 2, 2), (second.State, second.ApprovedLevels, second.Level));
    }

    [Theory]
    [InlineData(1, 0, SubmissionState.Approved)]
    [InlineData(2, 0, SubmissionState.Submitted)]
    [InlineData(2, 1, SubmissionState.Approved)]
    [InlineData(3, 1, SubmissionState.Submitted)]
    [InlineData(3, 2, SubmissionState.Approved)]
    // A form whose levels were lowered after submission approves at the next decision.
    [InlineData(1, 2, SubmissionState.Approved)]
    [InlineData(0, 0, SubmissionState.Approved)]
    public void Approve_ApprovesWhenTheLevelReachesTheFormsCount(int levels, int approved, SubmissionState to)
    {
        var step = Allowed(Report(SubmissionState.Submitted, approved, levels), WorkflowAction.Approve, Administrator);
        Assert.Equal((to, approved + 1, approved + 1), (step.State, step.ApprovedLevels, step.Level));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Return_SendsTheReportBack_ClearingTheLevelsPassed(int approved)
    {
        var last = approved > 0 ? new PriorApproval("commune", 1) : (PriorApproval?)null;
        var step = Allowed(Report(SubmissionState.Submitted, approved, levels: 3, last: last), WorkflowAction.Return, ProvinceApprover);
        Assert.Equal((SubmissionState.Returned, 0, approved + 1), (step.State, step.ApprovedLevels, step.Level));
    }

    [Theory]
    [InlineData(SubmissionState.Draft, WorkflowAction.Approve)]
    [InlineData(SubmissionState.Draft, WorkflowAction.Return)]
    [InlineData(SubmissionState.Returned, WorkflowAction.Approve)]
    [InlineData(SubmissionState.Returned, WorkflowAction.Return)]
    [InlineData(SubmissionState.Approved, WorkflowAction.Approve)]
    [InlineData(SubmissionState.Approved, WorkflowAction.Return)]
    public void OnlyASubmittedReport_AwaitsADecision_EvenForAdministrators(SubmissionState state, WorkflowAction action)
    {
        Refused(WorkflowRefusal.NotAwaitingDecision, Report(state), action, CommuneApprover);
        Refused(WorkflowRefusal.NotAwaitingDecision, Report(state), action, Administrator);
        Refused(WorkflowRefusal.NotAwaitingDecision, Report(state), action, Reader);
    }

    [Theory]
    [InlineData(WorkflowAction.Approve)]
    [InlineData(WorkflowAction.Return)]
    public void Deciding_NeedsTheRightToApprove(WorkflowAction action)
    {
        Refused(WorkflowRefusal.CannotApprove, Report(SubmissionState.Submitted), action, Reporter);
        Refused(WorkflowRefusal.CannotApprove, Report(SubmissionState.Submitted, by: "reader"), action, Reader);
    }

    [Theory]
    [InlineData(WorkflowAction.Approve)]
    [InlineData(WorkflowAction.Return)]
    public void NoOneDecidesOnTheirOwnSubmission(WorkflowAction action)
    {
        var sender = CommuneApprover with { MayEnter = true };
        Refused(WorkflowRefusal.OwnSubmission, Report(SubmissionState.Submitted, by: "commune"), action, sender);
        Refused(WorkflowRefusal.OwnSubmission, Report(SubmissionState.Submitted, by: "manager", last: new("commune", 1)), action, Manager);
    }

    [Fact]
    public void AnAccountWithoutId_IsTakenForTheSenderOfAReportWithoutSender() =>
        Refused(WorkflowRefusal.OwnSubmission, Report(SubmissionState.Submitted, by: null), WorkflowAction.Approve, CommuneApprover with { UserId = null });

    [Theory]
    [InlineData(WorkflowAction.Approve)]
    [InlineData(WorkflowAction.Return)]
    public void TheApproverOfTheLevelBefore_CannotDecideTheNext(WorkflowAction action) =>
        Refused(WorkflowRefusal.AlreadyApprovedByYou, Report(SubmissionState.Submitted, approved: 1, last: new("province", 1)), action, ProvinceApprover);

    [Theory]
    [InlineData(1, 1, WorkflowAction.Approve)]
    [InlineData(1, 2, WorkflowAction.Approve)]
    [InlineData(0, 0, WorkflowAction.Approve)]
    [InlineData(1, 1, WorkflowAction.Return)]
    [InlineData(1, 2, WorkflowAction.Return)]
    public void EachLevel_IsDecidedHigherUpTheTreeThanTheOneBefore(int before, int mine, WorkflowAction action) =>
        Refused(WorkflowRefusal.NeedsHigherLevel, Report(SubmissionState.Submitted, approved: 1, levels: 3, last: new("someone", before)),
            action, CommuneApprover with { Level = mine });

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    public void AnApproverHigherUp_DecidesTheNextLevel(int before, int mine) =>
        Allowed(Report(SubmissionState.Submitted, approved: 1, levels: 3, last: new("someone", before)), WorkflowAction.Approve,
            CommuneApprover with { Level = mine });

    [Theory]
    [InlineData(null, 1)]
    [InlineData(1, null)]
    [InlineData(null, null)]
    public void UnknownLevels_DoNotStopADecision(int? before, int? mine) =>
        Allowed(Report(SubmissionState.Submitted, approved: 1, levels: 3, last: new("someone", before)), WorkflowAction.Approve,
            CommuneApprover with { Level = mine });

    [Fact]
    public void TheFirstLevel_HasNoLevelBefore_SoAnyApproverMayDecideIt() =>
        Allowed(Report(SubmissionState.Submitted), WorkflowAction.Approve, CommuneApprover with { Level = 5 });

    [Fact]
    public void AnUnrestrictedAccount_DecidesAnyLevel_EvenItsOwnSubmission()
    {
        Allowed(Report(SubmissionState.Submitted, by: "admin"), WorkflowAction.Approve, Administrator);
        Allowed(Report(SubmissionState.Submitted, approved: 1, last: new("admin", 0)), WorkflowAction.Approve, Administrator);
        Allowed(Report(SubmissionState.Submitted, approved: 1, last: new("x", 0)), WorkflowAction.Return, Administrator with { Level = 3 });
    }

    [Fact]
    public void RefusalsForDeciding_ComeInOrder_StateRightSenderPreviousApproverLevel()
    {
        var everything = Report(SubmissionState.Submitted, approved: 1, by: "commune", last: new("commune", 0));
        Refused(WorkflowRefusal.CannotApprove, everything, WorkflowAction.Approve, CommuneApprover with { MayApprove = false });
        Refused(WorkflowRefusal.OwnSubmission, everything, WorkflowAction.Approve, CommuneApprover);
        Refused(WorkflowRefusal.AlreadyApprovedByYou, everything with { SubmittedById = "reporter" }, WorkflowAction.Approve, CommuneApprover);
        Refused(WorkflowRefusal.NeedsHigherLevel, everything with { SubmittedById = "reporter", LastApproval = new("x", 0) }, WorkflowAction.Approve, CommuneApprover);
    }

    [Fact]
    public void Decisions_IgnoreTheLock() =>
        Allowed(Report(SubmissionState.Submitted, locked: true), WorkflowAction.Approve, CommuneApprover);

    [Fact]
    public void UnknownAction_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportWorkflow.Decide(Report(SubmissionState.Draft), (WorkflowAction)9, Reporter));

    // ---- a whole round ----

    [Fact]
    public void ARound_DraftSubmitReturnResubmitAndTwoLevels_EndsApprovedAndClosed()
    {
        var report = Report(SubmissionState.Draft);
        report = Apply(report, WorkflowAction.Save, Reporter);
        report = Apply(report, WorkflowAction.Submit, Reporter);
        report = Apply(report, WorkflowAction.Return, CommuneApprover);
        Assert.Equal(SubmissionState.Returned, report.State);
        report = Apply(report, WorkflowAction.Submit, Reporter);
        report = Apply(report, WorkflowAction.Approve, CommuneApprover) with { LastApproval = new("commune", 1) };
        Assert.Equal((SubmissionState.Submitted, 1), (report.State, report.ApprovedLevels));
        Refused(WorkflowRefusal.NeedsHigherLevel, report, WorkflowAction.Approve, CommuneApprover with { UserId = "other commune" });
        report = Apply(report, WorkflowAction.Approve, ProvinceApprover);
        Assert.Equal((SubmissionState.Approved, 2), (report.State, report.ApprovedLevels));
        Refused(WorkflowRefusal.Approved, report, WorkflowAction.Save, Manager);
        Refused(WorkflowRefusal.NotAwaitingDecision, report, WorkflowAction.Return, ProvinceApprover);
    }

    private static WorkflowReport Apply(WorkflowReport report, WorkflowAction action, WorkflowActor actor)
    {
        var step = Allowed(report, action, actor);
        return report with { State = step.State, ApprovedLevels = step.ApprovedLevels };
    }
}
