using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Reporting;

/// <summary>Expected reports of a form and their completeness and timeliness, per unit and rolled up the tree.</summary>
public static class ReportingRates
{
    /// <summary>The reports a form expects in <paramref name="range"/>, each with its submission and timing.</summary>
    /// <remarks>Expected = assigned units open during the period × the form's periods inside the range; a unit counts
    /// as open during a period when it is open, and not merged away, on the period's last day, so a unit closed or
    /// merged during the period is not expected while its successor is. Only counting submissions are used; one
    /// made on or before the due date is on time. A submission of a unit that had merged by the period's last day
    /// counts toward the unit it merged into, and each expected report takes the earliest submission made for it,
    /// so it is counted once. Submissions for units or periods that are not expected are ignored, as are assigned
    /// ids the tree does not know. <paramref name="asOf"/> only tells a report not yet due from a missing one.
    /// Runs in O(assigned × periods + submissions). Results are ordered by period, then by assigned order.</remarks>
    public static IReadOnlyList<ExpectedReport> Expected(OrgTree tree, IEnumerable<int> assignedUnitIds, ReportSchedule schedule,
        PeriodRange range, IEnumerable<SubmissionFact> submissions, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(assignedUnitIds);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(submissions);

        var units = new List<OrgNode>();
        var seen = new HashSet<int>();
        foreach (var id in assignedUnitIds)
            if (seen.Add(id) && tree.Find(id) is { } node) units.Add(node);

        var slots = new List<(int UnitId, Period Period, DateOnly Due)>();
        var slotOf = new Dictionary<(int UnitId, Period Period), int>();
        foreach (var period in schedule.PeriodsIn(range))
        {
            var end = period.End;
            var due = schedule.DueDate(period);
            foreach (var node in units)
            {
                if (!node.IsOpenOn(end)) continue;
                if (node.MergedIntoId is not null && tree.MergeTarget(node.Id, end).Id != node.Id) continue;
                slotOf[(node.Id, period)] = slots.Count;
                slots.Add((node.Id, period, due));
            }
        }

        var submittedOn = new DateOnly?[slots.Count];
        if (slots.Count > 0)
        {
            foreach (var s in submissions)
            {
                if (!s.Counts || !schedule.IsPeriodOf(s.Period)) continue;
                var unitId = tree.Contains(s.UnitId) ? tree.MergeTarget(s.UnitId, s.Period.End).Id : s.UnitId;
                if (!slotOf.TryGetValue((unitId, s.Period), out var slot)) continue;
                if (submittedOn[slot] is not { } first || s.SubmittedOn < first) submittedOn[slot] = s.SubmittedOn;
            }
        }

        var reports = new ExpectedReport[slots.Count];
        for (var i = 0; i < slots.Count; i++)
        {
            var (unitId, period, due) = slots[i];
            var on = submittedOn[i];
            reports[i] = new ExpectedReport(unitId, period, due, on, Timeliness.Of(on, due, asOf));
        }
        return reports;
    }

    /// <summary>Counts expected, submitted and on-time reports.</summary>
    public static RateCounts Count(IEnumerable<ExpectedReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        int expected = 0, submitted = 0, onTime = 0;
        foreach (var r in reports)
        {
            expected++;
            if (r.SubmittedOn is not null) submitted++;
            if (IsOnTime(r)) onTime++;
        }
        return new RateCounts(expected, submitted, onTime);
    }

    /// <summary>Rolls the expected reports up the tree: for each asked unit, the counts of every expected report at
    /// it or under it (zero counts when there are none).</summary>
    /// <remarks>Reports are first counted per unit, then each unit's counts are added to itself and its ancestors
    /// that were asked for: O(reports + reporting units × depth), whatever the number of asked units.</remarks>
    public static IReadOnlyDictionary<int, RateCounts> RollUp(OrgTree tree, IEnumerable<ExpectedReport> reports, IEnumerable<int> unitIds)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(unitIds);

        var result = new Dictionary<int, RateCounts>();
        foreach (var id in unitIds) result.TryAdd(id, default);
        if (result.Count == 0) return result;

        var perUnit = new Dictionary<int, RateCounts>();
        foreach (var r in reports)
        {
            perUnit.TryGetValue(r.UnitId, out var c);
            perUnit[r.UnitId] = c + One(r);
        }
        foreach (var (unitId, counts) in perUnit)
            foreach (var id in SelfAndAncestors(tree, unitId))
                if (result.TryGetValue(id, out var c)) result[id] = c + counts;
        return result;
    }

    /// <summary>The same as <see cref="RollUp"/>, split by period: unit → period → counts. A unit with no expected
    /// reports at or under it maps to an empty dictionary.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyDictionary<Period, RateCounts>> RollUpByPeriod(OrgTree tree,
        IEnumerable<ExpectedReport> reports, IEnumerable<int> unitIds)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(unitIds);

        var byUnit = new Dictionary<int, Dictionary<Period, RateCounts>>();
        foreach (var id in unitIds) byUnit.TryAdd(id, []);
        if (byUnit.Count > 0)
        {
            var perUnit = new Dictionary<int, Dictionary<Period, RateCounts>>();
            foreach (var r in reports)
            {
                if (!perUnit.TryGetValue(r.UnitId, out var periods)) perUnit[r.UnitId] = periods = [];
                periods.TryGetValue(r.Period, out var c);
                periods[r.Period] = c + One(r);
            }
            foreach (var (unitId, periods) in perUnit)
                foreach (var id in SelfAndAncestors(tree, unitId))
                {
                    if (!byUnit.TryGetValue(id, out var target)) continue;
                    foreach (var (period, counts) in periods)
                    {
                        target.TryGetValue(period, out var c);
                        target[period] = c + counts;
                    }
                }
        }
        var result = new Dictionary<int, IReadOnlyDictionary<Period, RateCounts>>(byUnit.Count);
        foreach (var (id, periods) in byUnit) result[id] = periods;
        return result;
    }

    private static RateCounts One(ExpectedReport r) =>
        new(1, r.SubmittedOn is null ? 0 : 1, IsOnTime(r) ? 1 : 0);

    // A report marked on time without a submission date is not counted as on time, so on time never exceeds submitted.
    private static bool IsOnTime(ExpectedReport r) => r.SubmittedOn is not null && r.Timing == ReportTiming.OnTime;

    // A unit the tree does not know still counts for itself.
    private static IEnumerable<int> SelfAndAncestors(OrgTree tree, int unitId)
    {
        yield return unitId;
        if (!tree.Contains(unitId)) yield break;
        for (var p = tree.Parent(unitId); p is not null; p = tree.Parent(p.Id)) yield return p.Id;
    }
}
