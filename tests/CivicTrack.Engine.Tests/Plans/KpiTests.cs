using CivicTrack.Engine.Plans;

namespace CivicTrack.Engine.Tests.Plans;

public sealed class KpiTests
{
    private static DateOnly Oct(int d) => new(2025, 10, d);
    private static readonly DateOnly Today = Oct(20);

    private static KpiScore October(params KpiTask[] tasks) => Kpi.Score(tasks, 2025, 10, Today);

    [Fact]
    public void MixedWeights_LateCountsHalf_OpenCountsNothing()
    {
        var s = October(
            new KpiTask(3, Oct(5), Oct(5)),     // on time
            new KpiTask(1, Oct(6), Oct(9)),     // late
            new KpiTask(2, Oct(7), null));      // open
        Assert.Equal(100 * 3.5 / 6, s.Percent!.Value, 9);
        Assert.Equal(58.33, Math.Round(s.Percent.Value, 2));
        Assert.Equal((6.0, 3.0, 1.0), (s.WeightDue, s.WeightOnTime, s.WeightLate));
        Assert.Equal((3, 1, 1, 1), (s.TasksDue, s.TasksOnTime, s.TasksLate, s.TasksOpen));
    }

    [Fact]
    public void CompletedOnOrBeforeTheDueDate_IsOnTime()
    {
        var s = October(new KpiTask(1, Oct(10), Oct(10)), new KpiTask(1, Oct(10), new DateOnly(2025, 9, 1)));
        Assert.Equal(100, s.Percent);
        Assert.Equal(2, s.TasksOnTime);
    }

    [Fact]
    public void CompletedLate_IsHalfCredit()
    {
        var s = October(new KpiTask(2, Oct(10), Oct(11)));
        Assert.Equal(50, s.Percent);
        Assert.Equal(1, s.TasksLate);
    }

    [Fact]
    public void NotCompleted_IsOpen()
    {
        var s = October(new KpiTask(2, Oct(10), null));
        Assert.Equal(0, s.Percent);
        Assert.Equal(1, s.TasksOpen);
    }

    [Fact]
    public void CompletionDatedAfterToday_CountsAsOpen()
    {
        var s = October(new KpiTask(1, Oct(10), Oct(25)));
        Assert.Equal(0, s.Percent);
        Assert.Equal((1, 0, 0), (s.TasksOpen, s.TasksLate, s.TasksOnTime));
    }

    [Fact]
    public void TasksNotYetDue_OrOutsideTheMonth_AreNotCounted()
    {
        var s = October(
            new KpiTask(1, Oct(20), Oct(20)),                   // due today: counted
            new KpiTask(5, Oct(21), null),                      // later this month
            new KpiTask(5, new DateOnly(2025, 9, 30), null),    // last month
            new KpiTask(5, new DateOnly(2025, 11, 1), null));   // next month
        Assert.Equal(100, s.Percent);
        Assert.Equal(1, s.TasksDue);
        Assert.Equal(1, s.WeightDue);
    }

    [Fact]
    public void ZeroOrNegativeWeights_AreIgnored()
    {
        var s = October(new KpiTask(0, Oct(1), null), new KpiTask(-2, Oct(2), null), new KpiTask(double.NaN, Oct(3), null),
            new KpiTask(1, Oct(4), Oct(4)));
        Assert.Equal(100, s.Percent);
        Assert.Equal(1, s.TasksDue);
    }

    [Fact]
    public void NothingDue_HasNoPercent()
    {
        var s = October(new KpiTask(1, Oct(25), null), new KpiTask(0, Oct(1), null));
        Assert.Null(s.Percent);
        Assert.Equal(0, s.WeightDue);
        Assert.Equal(0, s.TasksDue);
        Assert.Null(Kpi.Score([], 2025, 10, Today).Percent);
    }

    [Fact]
    public void PastMonth_CountsLateCompletionsUpToToday()
    {
        var s = Kpi.Score([new KpiTask(1, new DateOnly(2025, 9, 15), Oct(5)), new KpiTask(1, new DateOnly(2025, 9, 30), null)],
            2025, 9, Today);
        Assert.Equal(25, s.Percent);
        Assert.Equal((2, 0, 1, 1), (s.TasksDue, s.TasksOnTime, s.TasksLate, s.TasksOpen));
    }

    [Fact]
    public void FutureMonth_HasNothingDue() =>
        Assert.Null(Kpi.Score([new KpiTask(1, new DateOnly(2025, 11, 3), null)], 2025, 11, Today).Percent);
}
