namespace CivicTrack.Engine.Plans;

/// <summary>A task counted in the monthly KPI: its weight, due date and the day it was completed, if any.</summary>
public sealed record KpiTask(double Weight, DateOnly Due, DateOnly? CompletedOn);

/// <summary>A month's KPI: the weighted percentage of due tasks done on time (late ones count half), with the
/// weights and task counts behind it. <see cref="Percent"/> is null when no task was due.</summary>
public sealed record KpiScore(double? Percent, double WeightDue, double WeightOnTime, double WeightLate,
    int TasksDue, int TasksOnTime, int TasksLate, int TasksOpen);

/// <summary>The monthly KPI of a person or unit from its tasks.</summary>
public static class Kpi
{
    /// <summary>Credit for a task completed after its due date.</summary>
    public const double LateCredit = 0.5;

    /// <summary>Scores the tasks due in <paramref name="month"/> of <paramref name="year"/> up to
    /// <paramref name="today"/>: 100 × Σ(credit × weight) / Σ weight, where credit is 1 when completed on or
    /// before the due date, 0.5 when completed later (by today) and 0 when not completed. Tasks with a weight
    /// of zero or less are not counted.</summary>
    public static KpiScore Score(IEnumerable<KpiTask> tasks, int year, int month, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        double weightDue = 0, weightOnTime = 0, weightLate = 0;
        int due = 0, onTime = 0, late = 0, open = 0;
        foreach (var t in tasks)
        {
            // "!(w > 0)" also drops NaN weights.
            if (!(t.Weight > 0) || double.IsInfinity(t.Weight)) continue;
            if (t.Due < first || t.Due > last || t.Due > today) continue;
            due++;
            weightDue += t.Weight;
            // A completion dated after today has not happened yet as far as this score knows.
            if (t.CompletedOn is { } done && done <= today)
            {
                if (done <= t.Due)
                {
                    onTime++;
                    weightOnTime += t.Weight;
                }
                else
                {
                    late++;
                    weightLate += t.Weight;
                }
            }
            else
            {
                open++;
            }
        }
        double? percent = weightDue > 0 ? 100 * (weightOnTime + LateCredit * weightLate) / weightDue : null;
        return new KpiScore(percent, weightDue, weightOnTime, weightLate, due, onTime, late, open);
    }
}
