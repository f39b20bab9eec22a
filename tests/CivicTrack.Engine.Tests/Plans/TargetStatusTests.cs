using CivicTrack.Engine.Plans;
using static CivicTrack.Engine.Plans.TargetComparison;
using static CivicTrack.Engine.Plans.TargetStatus;

namespace CivicTrack.Engine.Tests.Plans;

public sealed class TargetStatusTests
{
    private static DateOnly Jan(int d) => new(2025, 1, d);

    // Ten days from Jan 1 to Jan 11, so that Jan 6 is half way along the line.
    private static TargetRule Rule(TargetComparison c, double value, double? baseline) => new(c, value, baseline, Jan(1), Jan(11));

    private static TargetStatus At(TargetRule rule, double? actual, DateOnly asOf) => TargetStatuses.Evaluate(rule, actual, asOf);

    [Theory]
    [InlineData(AtLeast)]
    [InlineData(AtMost)]
    [InlineData(Equal)]
    [InlineData(Done)]
    public void NoActual_IsNoData_WhateverTheDate(TargetComparison c)
    {
        Assert.Equal(NoData, At(Rule(c, 100, 0), null, Jan(6)));
        Assert.Equal(NoData, At(Rule(c, 100, 0), null, Jan(20)));
        Assert.Equal(NoData, At(Rule(c, 100, 0), double.NaN, Jan(6)));
    }

    // ---- AtLeast: 0 → 100 ----

    [Theory]
    [InlineData(100, Achieved)]
    [InlineData(109.9, Achieved)]
    [InlineData(110, Exceeded)]          // exactly 10% better
    [InlineData(150, Exceeded)]
    public void AtLeast_WhenItHolds_IsAchievedOrExceeded_BeforeAndAfterTheDeadline(double actual, TargetStatus expected)
    {
        Assert.Equal(expected, At(Rule(AtLeast, 100, 0), actual, Jan(6)));
        Assert.Equal(expected, At(Rule(AtLeast, 100, 0), actual, Jan(11)));
        Assert.Equal(expected, At(Rule(AtLeast, 100, 0), actual, Jan(30)));
    }

    [Theory]
    [InlineData(50, OnTrack)]             // on the line
    [InlineData(70, OnTrack)]
    [InlineData(45, AtRisk)]              // exactly 10% below the line
    [InlineData(47, AtRisk)]
    [InlineData(44.9, Behind)]
    [InlineData(0, Behind)]
    public void AtLeast_BeforeTheDeadline_ComparesWithTheLine(double actual, TargetStatus expected) =>
        Assert.Equal(expected, At(Rule(AtLeast, 100, 0), actual, Jan(6)));

    [Theory]
    [InlineData(99, AtRisk)]
    [InlineData(90, AtRisk)]
    [InlineData(89.9, Behind)]
    public void AtLeast_OnTheDeadlineDay_StillCountsAsBefore(double actual, TargetStatus expected) =>
        Assert.Equal(expected, At(Rule(AtLeast, 100, 0), actual, Jan(11)));

    [Fact]
    public void AtLeast_TheDayAfterTheDeadline_IsBehindUnlessItHolds()
    {
        Assert.Equal(Behind, At(Rule(AtLeast, 100, 0), 99.9, Jan(12)));
        Assert.Equal(Achieved, At(Rule(AtLeast, 100, 0), 100, Jan(12)));
    }

    [Fact]
    public void AtLeast_BeforeTheStart_IsMeasuredAgainstTheBaseline()
    {
        var rule = new TargetRule(AtLeast, 100, 20, Jan(10), Jan(20));
        Assert.Equal(OnTrack, At(rule, 20, Jan(1)));
        Assert.Equal(AtRisk, At(rule, 18, Jan(1)));
        Assert.Equal(Behind, At(rule, 17, Jan(1)));
    }

    [Fact]
    public void AtLeast_WithABaseline_DrawsTheLineFromIt()
    {
        var rule = Rule(AtLeast, 120, 20);
        Assert.Equal(70, TargetStatuses.Expected(rule, Jan(6)));
        Assert.Equal(OnTrack, At(rule, 70, Jan(6)));
        Assert.Equal(AtRisk, At(rule, 63, Jan(6)));
        Assert.Equal(Behind, At(rule, 62.9, Jan(6)));
    }

    [Fact]
    public void AtLeast_WithoutABaseline_StartsTheLineAtZero()
    {
        var rule = Rule(AtLeast, 100, null);
        Assert.Null(TargetStatuses.Expected(rule, Jan(6)));
        Assert.Equal(OnTrack, At(rule, 50, Jan(6)));
        Assert.Equal(AtRisk, At(rule, 45, Jan(6)));
        Assert.Equal(Behind, At(rule, 44, Jan(6)));
        Assert.Equal(OnTrack, At(rule, 0, Jan(1)));
    }

    [Fact]
    public void AtLeast_ZeroTarget_IsNeverExceeded() =>
        Assert.Equal(Achieved, At(Rule(AtLeast, 0, null), 1000, Jan(6)));

    // ---- AtMost: 110 → 10 ----

    [Theory]
    [InlineData(10, Achieved)]
    [InlineData(9.5, Achieved)]
    [InlineData(9, Exceeded)]            // exactly 10% better
    [InlineData(0, Exceeded)]
    public void AtMost_WhenItHolds_IsAchievedOrExceeded(double actual, TargetStatus expected)
    {
        Assert.Equal(expected, At(Rule(AtMost, 10, 110), actual, Jan(6)));
        Assert.Equal(expected, At(Rule(AtMost, 10, 110), actual, Jan(30)));
    }

    [Theory]
    [InlineData(60, OnTrack)]             // on the line
    [InlineData(40, OnTrack)]
    [InlineData(66, AtRisk)]              // exactly 10% above the line
    [InlineData(63, AtRisk)]
    [InlineData(66.1, Behind)]
    [InlineData(200, Behind)]
    public void AtMost_BeforeTheDeadline_ComparesWithTheLine(double actual, TargetStatus expected) =>
        Assert.Equal(expected, At(Rule(AtMost, 10, 110), actual, Jan(6)));

    [Fact]
    public void AtMost_AroundTheDeadline()
    {
        var rule = Rule(AtMost, 10, 110);
        Assert.Equal(AtRisk, At(rule, 11, Jan(11)));
        Assert.Equal(Behind, At(rule, 11.5, Jan(11)));
        Assert.Equal(Behind, At(rule, 10.5, Jan(12)));
    }

    [Fact]
    public void AtMost_WithoutABaseline_IsOnTrackUntilTheDeadline()
    {
        var rule = Rule(AtMost, 10, null);
        Assert.Equal(OnTrack, At(rule, 1000, Jan(1)));
        Assert.Equal(OnTrack, At(rule, 1000, Jan(11)));
        Assert.Equal(Behind, At(rule, 1000, Jan(12)));
        Assert.Equal(Exceeded, At(rule, 5, Jan(12)));
        Assert.Null(TargetStatuses.Expected(rule, Jan(6)));
    }

    [Fact]
    public void AtMost_ZeroTarget_IsAchievedNotExceeded() =>
        Assert.Equal(Achieved, At(Rule(AtMost, 0, 10), 0, Jan(6)));

    // ---- Equal ----

    [Fact]
    public void Equal_HoldsWithinARelativeTolerance_AndIsNeverExceeded()
    {
        var rule = Rule(Equal, 50, 0);
        Assert.Equal(Achieved, At(rule, 50, Jan(6)));
        Assert.Equal(Achieved, At(rule, 50 * (1 + 1e-12), Jan(30)));
        Assert.NotEqual(Achieved, At(rule, 50.001, Jan(6)));
        Assert.Equal(Behind, At(rule, 55, Jan(30)));
    }

    [Theory]
    [InlineData(25, OnTrack)]
    [InlineData(30, OnTrack)]
    [InlineData(22.5, AtRisk)]
    [InlineData(22, Behind)]
    public void Equal_AboveTheBaseline_BehavesAsAtLeast(double actual, TargetStatus expected) =>
        Assert.Equal(expected, At(Rule(Equal, 50, 0), actual, Jan(6)));

    [Theory]
    [InlineData(60, OnTrack)]
    [InlineData(66, AtRisk)]
    [InlineData(67, Behind)]
    public void Equal_BelowTheBaseline_BehavesAsAtMost(double actual, TargetStatus expected) =>
        Assert.Equal(expected, At(Rule(Equal, 10, 110), actual, Jan(6)));

    [Fact]
    public void Equal_WithoutABaseline_RisesFromZero()
    {
        Assert.Equal(OnTrack, At(Rule(Equal, 50, null), 25, Jan(6)));
        Assert.Equal(Behind, At(Rule(Equal, 50, null), 10, Jan(6)));
        Assert.Equal(OnTrack, At(Rule(Equal, -50, null), -10, Jan(6)));   // falling without a line
    }

    // ---- Done (milestone) ----

    // 100 days from Jan 1 to Apr 11: at risk once fewer than 10 days remain.
    private static readonly TargetRule Milestone = new(Done, 1, null, Jan(1), new DateOnly(2025, 4, 11));

    [Theory]
    [InlineData(1, "2025-01-05", Achieved)]
    [InlineData(2, "2025-06-01", Achieved)]
    [InlineData(0, "2025-01-05", OnTrack)]
    [InlineData(0, "2025-04-01", OnTrack)]      // exactly 10 days remain
    [InlineData(0, "2025-04-02", AtRisk)]
    [InlineData(0.5, "2025-04-11", AtRisk)]     // the deadline day
    [InlineData(0, "2025-04-12", Behind)]
    public void Done_IsAchievedWhenDone_ElseByTimeLeft(double actual, string asOf, TargetStatus expected) =>
        Assert.Equal(expected, At(Milestone, actual, DateOnly.Parse(asOf)));

    [Fact]
    public void Done_HasNoExpectedLine() => Assert.Null(TargetStatuses.Expected(Milestone with { Baseline = 0 }, Jan(5)));

    // ---- Start == Deadline ----

    [Fact]
    public void StartEqualsDeadline_TheTargetIsDueThatDay()
    {
        var rule = new TargetRule(AtLeast, 100, 0, Jan(5), Jan(5));
        Assert.Equal(0, TargetStatuses.Expected(rule, Jan(4)));
        Assert.Equal(100, TargetStatuses.Expected(rule, Jan(5)));
        Assert.Equal(OnTrack, At(rule, 0, Jan(4)));
        Assert.Equal(AtRisk, At(rule, 95, Jan(5)));
        Assert.Equal(Behind, At(rule, 50, Jan(5)));
        Assert.Equal(Behind, At(rule, 95, Jan(6)));
        Assert.Equal(Achieved, At(rule, 100, Jan(6)));

        var milestone = new TargetRule(Done, 1, null, Jan(5), Jan(5));
        Assert.Equal(OnTrack, At(milestone, 0, Jan(4)));
        Assert.Equal(AtRisk, At(milestone, 0, Jan(5)));
        Assert.Equal(Behind, At(milestone, 0, Jan(6)));
    }

    [Fact]
    public void Expected_IsClampedToStartAndDeadline()
    {
        var rule = Rule(AtLeast, 100, 20);
        Assert.Equal(20, TargetStatuses.Expected(rule, new DateOnly(2024, 6, 1)));
        Assert.Equal(20, TargetStatuses.Expected(rule, Jan(1)));
        Assert.Equal(28, TargetStatuses.Expected(rule, Jan(2)));
        Assert.Equal(100, TargetStatuses.Expected(rule, Jan(11)));
        Assert.Equal(100, TargetStatuses.Expected(rule, new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData(AtLeast, 5, 5, true)]
    [InlineData(AtLeast, 4.99, 5, false)]
    [InlineData(AtMost, 5, 5, true)]
    [InlineData(AtMost, 5.01, 5, false)]
    [InlineData(Equal, 0.30000000000000004, 0.3, true)]
    [InlineData(Equal, 0, 0, true)]
    [InlineData(Equal, 1e-6, 0, false)]
    [InlineData(Equal, 1.0001, 1, false)]
    [InlineData(Done, 1, 1, true)]
    [InlineData(Done, 0.99, 1, false)]
    [InlineData(Done, 0, 0, false)]
    public void Holds_ComparesAsDocumented(TargetComparison c, double actual, double value, bool holds) =>
        Assert.Equal(holds, TargetStatuses.Holds(c, actual, value));

    [Fact]
    public void IsAchieved_OnlyForAchievedAndExceeded() =>
        Assert.Equal([Achieved, Exceeded], Enum.GetValues<TargetStatus>().Where(TargetStatuses.IsAchieved));

    [Fact]
    public void Combine_OverEveryUnit_IsNotAchievedWhileAUnitIsSilent()
    {
        var deadline = new DateOnly(2025, 12, 31);
        Assert.Equal(AtRisk, TargetStatuses.Combine([Exceeded, NoData, Achieved], deadline, new DateOnly(2025, 6, 30)));
        Assert.Equal(Behind, TargetStatuses.Combine([Exceeded, NoData, Achieved], deadline, new DateOnly(2026, 1, 1)));
        Assert.Equal(Behind, TargetStatuses.Combine([NoData, Behind], deadline, new DateOnly(2025, 6, 30)));
        Assert.Equal(Achieved, TargetStatuses.Combine([Exceeded, Achieved], deadline, new DateOnly(2025, 6, 30)));
        Assert.Equal(NoData, TargetStatuses.Combine([NoData, NoData], deadline, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Combine_TakesTheWorstStatusAmongUnitsWithData()
    {
        Assert.Equal(NoData, TargetStatuses.Combine([]));
        Assert.Equal(NoData, TargetStatuses.Combine([NoData, NoData]));
        Assert.Equal(OnTrack, TargetStatuses.Combine([NoData, OnTrack, Exceeded]));
        Assert.Equal(Exceeded, TargetStatuses.Combine([Exceeded, NoData, Exceeded]));
        Assert.Equal(Achieved, TargetStatuses.Combine([Exceeded, Achieved, Exceeded]));
        Assert.Equal(Behind, TargetStatuses.Combine([Exceeded, Behind, AtRisk]));
        Assert.Equal(AtRisk, TargetStatuses.Combine([OnTrack, AtRisk, Achieved]));
    }
}
