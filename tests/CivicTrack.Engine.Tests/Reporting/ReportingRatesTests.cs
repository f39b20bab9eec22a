using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Reporting;

public sealed class ReportingRatesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static Period P(string id) => Period.Parse(id);

    private const int Province = 1, C1 = 11, C2 = 12, C3 = 13, C4 = 14, V1 = 111, V2 = 112;

    // A province with four communes; the first has two villages.
    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new(Province, "P", "Tỉnh Tuyên Quang", OrgUnitKind.Province, null),
        new(C1, "C1", "Xã Minh Quang", OrgUnitKind.Commune, Province),
        new(C2, "C2", "Xã Lâm Bình", OrgUnitKind.Commune, Province),
        new(C3, "C3", "Xã Thượng Lâm", OrgUnitKind.Commune, Province),
        new(C4, "C4", "Xã Hồng Quang", OrgUnitKind.Commune, Province),
        new(V1, "V1", "Thôn Bản Khiển", OrgUnitKind.Village, C1),
        new(V2, "V2", "Thôn Nà Va", OrgUnitKind.Village, C1),
    ]);

    private static readonly int[] Communes = [C1, C2, C3, C4];
    private static readonly ReportSchedule Monthly25 = new(PeriodType.Month, DueRule.DayOfMonth(25));

    private static SubmissionFact Sub(int unit, string period, string day, bool counts = true) =>
        new(unit, P(period), D(day), counts);

    private static readonly SubmissionFact[] October =
    [
        Sub(C1, "2025-10", "2025-10-20"),
        Sub(C2, "2025-10", "2025-10-25"),
        Sub(C3, "2025-10", "2025-10-26"),
    ];

    [Fact]
    public void HandCount_FourCommunesInOctober()
    {
        var reports = ReportingRates.Expected(Tree, Communes, Monthly25, PeriodRange.Parse("2025-10"), October, D("2025-10-27"));

        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.Equal(D("2025-10-25"), r.DueDate));
        Assert.Equal(ReportTiming.OnTime, reports.Single(r => r.UnitId == C1).Timing);
        Assert.Equal(ReportTiming.OnTime, reports.Single(r => r.UnitId == C2).Timing);
        Assert.Equal(ReportTiming.Late, reports.Single(r => r.UnitId == C3).Timing);
        Assert.Equal(ReportTiming.Missing, reports.Single(r => r.UnitId == C4).Timing);
        Assert.Null(reports.Single(r => r.UnitId == C4).SubmittedOn);
        Assert.Equal(D("2025-10-26"), reports.Single(r => r.UnitId == C3).SubmittedOn);

        var counts = ReportingRates.Count(reports);
        Assert.Equal(new RateCounts(4, 3, 2), counts);
        Assert.Equal(0.75, counts.Completeness);
        Assert.Equal(0.5, counts.Timeliness);
        Assert.Equal(1, counts.Late);
        Assert.Equal(1, counts.NotSubmitted);
    }

    [Theory]
    [InlineData("2025-10-24", ReportTiming.NotDue)]
    [InlineData("2025-10-25", ReportTiming.NotDue)]
    [InlineData("2025-10-26", ReportTiming.Missing)]
    [InlineData("2025-10-27", ReportTiming.Missing)]
    public void SilentUnit_IsNotDueUntilTheDueDayHasPassed(string asOf, ReportTiming timing)
    {
        var reports = ReportingRates.Expected(Tree, Communes, Monthly25, PeriodRange.Parse("2025-10"), October, D(asOf));
        Assert.Equal(timing, reports.Single(r => r.UnitId == C4).Timing);
        // Submitted reports keep their timing whatever day is asked.
        Assert.Equal(ReportTiming.Late, reports.Single(r => r.UnitId == C3).Timing);
    }

    [Fact]
    public void RollUp_OfTheProvinceEqualsTheHandCount()
    {
        var reports = ReportingRates.Expected(Tree, Communes, Monthly25, PeriodRange.Parse("2025-10"), October, D("2025-10-27"));
        var rolled = ReportingRates.RollUp(Tree, reports, [Province, C1, C4, V1]);
        Assert.Equal(new RateCounts(4, 3, 2), rolled[Province]);
        Assert.Equal(new RateCounts(1, 1, 1), rolled[C1]);
        Assert.Equal(new RateCounts(1, 0, 0), rolled[C4]);
        Assert.Equal(new RateCounts(0, 0, 0), rolled[V1]);
        Assert.Null(rolled[V1].Completeness);
        Assert.Equal(4, rolled.Count);
    }

    [Fact]
    public void RollUp_AddsVillagesIntoTheirCommuneAndProvince()
    {
        var subs = new[] { Sub(V1, "2025-10", "2025-10-20"), Sub(V2, "2025-10", "2025-10-30") };
        var reports = ReportingRates.Expected(Tree, [V1, V2, C2], Monthly25, PeriodRange.Parse("2025-10"), subs, D("2025-11-01"));
        var rolled = ReportingRates.RollUp(Tree, reports, [Province, C1, C2, V2]);
        Assert.Equal(new RateCounts(3, 2, 1), rolled[Province]);
        Assert.Equal(new RateCounts(2, 2, 1), rolled[C1]);
        Assert.Equal(new RateCounts(1, 0, 0), rolled[C2]);
        Assert.Equal(new RateCounts(1, 1, 0), rolled[V2]);
    }

    [Fact]
    public void RollUpByPeriod_SplitsTheCountsByPeriod()
    {
        var subs = new[]
        {
            Sub(C1, "2025-10", "2025-10-20"), Sub(C1, "2025-11", "2025-11-26"),
            Sub(C2, "2025-11", "2025-11-02"),
        };
        var reports = ReportingRates.Expected(Tree, [C1, C2], Monthly25, PeriodRange.Parse("2025-10..2025-11"), subs, D("2025-12-01"));
        Assert.Equal(4, reports.Count);
        Assert.Equal([P("2025-10"), P("2025-10"), P("2025-11"), P("2025-11")], reports.Select(r => r.Period));

        var byPeriod = ReportingRates.RollUpByPeriod(Tree, reports, [Province, C2, V1]);
        Assert.Equal(new RateCounts(2, 1, 1), byPeriod[Province][P("2025-10")]);
        Assert.Equal(new RateCounts(2, 2, 1), byPeriod[Province][P("2025-11")]);
        Assert.Equal(new RateCounts(1, 0, 0), byPeriod[C2][P("2025-10")]);
        Assert.Equal(new RateCounts(1, 1, 1), byPeriod[C2][P("2025-11")]);
        Assert.Empty(byPeriod[V1]);
    }

    [Fact]
    public void Submissions_ThatDoNotCount_OrAreNotExpected_AreIgnored()
    {
        var subs = new[]
        {
            Sub(C1, "2025-10", "2025-10-20", counts: false),   // a draft or returned report
            Sub(C2, "2025-09", "2025-09-20"),                  // a period outside the range
            Sub(C3, "2025Q4", "2025-10-20"),                   // a period of another type
            Sub(V1, "2025-10", "2025-10-20"),                  // a unit not assigned
            Sub(999, "2025-10", "2025-10-20"),                 // a unit the tree does not know
        };
        var reports = ReportingRates.Expected(Tree, Communes, Monthly25, PeriodRange.Parse("2025-10"), subs, D("2025-11-01"));
        Assert.Equal(new RateCounts(4, 0, 0), ReportingRates.Count(reports));
        Assert.All(reports, r => Assert.Equal(ReportTiming.Missing, r.Timing));
    }

    [Fact]
    public void RepeatedSubmissions_CountOnce_FromTheEarliest()
    {
        var subs = new[] { Sub(C1, "2025-10", "2025-10-28"), Sub(C1, "2025-10", "2025-10-21"), Sub(C1, "2025-10", "2025-10-30") };
        var reports = ReportingRates.Expected(Tree, [C1, C1], Monthly25, PeriodRange.Parse("2025-10"), subs, D("2025-11-01"));
        var report = Assert.Single(reports);
        Assert.Equal(D("2025-10-21"), report.SubmittedOn);
        Assert.Equal(ReportTiming.OnTime, report.Timing);
    }

    [Fact]
    public void UnitsNotOpenOnThePeriodsLastDay_AreNotExpected()
    {
        var tree = OrgTree.Build(
        [
            new(Province, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(C1, "C1", "Xã mở sau", OrgUnitKind.Commune, Province, OpenedOn: D("2025-10-15")),
            new(C2, "C2", "Xã mở muộn", OrgUnitKind.Commune, Province, OpenedOn: D("2025-11-01")),
            new(C3, "C3", "Xã đã đóng", OrgUnitKind.Commune, Province, ClosedOn: D("2025-10-31")),
            new(C4, "C4", "Xã vẫn mở", OrgUnitKind.Commune, Province, ClosedOn: D("2025-11-01")),
        ]);
        var reports = ReportingRates.Expected(tree, Communes, Monthly25, PeriodRange.Parse("2025-10"), [], D("2025-10-01"));
        Assert.Equal([C1, C4], reports.Select(r => r.UnitId).Order());
        Assert.All(reports, r => Assert.Equal(ReportTiming.NotDue, r.Timing));
    }

    // Two communes merged into a third on 01/07/2025.
    private const int OldA = 21, OldB = 22, New = 23;
    private static readonly DateOnly MergeDay = new(2025, 7, 1);

    private static readonly OrgTree MergedTree = OrgTree.Build(
    [
        new(Province, "P", "Tỉnh Tuyên Quang", OrgUnitKind.Province, null),
        new(OldA, "A", "Xã Yên Nguyên", OrgUnitKind.Commune, Province, ClosedOn: MergeDay, MergedIntoId: New, MergedOn: MergeDay),
        new(OldB, "B", "Xã Hòa Phú", OrgUnitKind.Commune, Province, ClosedOn: MergeDay, MergedIntoId: New, MergedOn: MergeDay),
        new(New, "C", "Xã Chiêm Hóa", OrgUnitKind.Commune, Province, OpenedOn: MergeDay),
    ]);

    [Fact]
    public void Merge_JuneExpectsTheOldUnits_JulyOnlyTheSuccessor()
    {
        var reports = ReportingRates.Expected(MergedTree, [OldA, OldB, New], Monthly25, PeriodRange.Parse("2025-06..2025-07"),
            [], D("2025-08-01"));
        Assert.Equal([OldA, OldB], reports.Where(r => r.Period == P("2025-06")).Select(r => r.UnitId));
        Assert.Equal([New], reports.Where(r => r.Period == P("2025-07")).Select(r => r.UnitId));
    }

    [Fact]
    public void Merge_AnOldUnitsJulySubmissionCountsForTheSuccessor_Once()
    {
        var subs = new[]
        {
            Sub(OldA, "2025-06", "2025-06-20"),
            Sub(OldA, "2025-07", "2025-07-26"),
            Sub(OldB, "2025-07", "2025-07-24"),
        };
        var reports = ReportingRates.Expected(MergedTree, [OldA, OldB, New], Monthly25, PeriodRange.Parse("2025-06..2025-07"),
            subs, D("2025-08-01"));
        var july = Assert.Single(reports, r => r.Period == P("2025-07"));
        Assert.Equal(New, july.UnitId);
        Assert.Equal(D("2025-07-24"), july.SubmittedOn);
        Assert.Equal(ReportTiming.OnTime, july.Timing);
        // June stays with the old units: A reported, B did not.
        Assert.Equal(ReportTiming.OnTime, reports.Single(r => r.Period == P("2025-06") && r.UnitId == OldA).Timing);
        Assert.Equal(ReportTiming.Missing, reports.Single(r => r.Period == P("2025-06") && r.UnitId == OldB).Timing);

        var byPeriod = ReportingRates.RollUpByPeriod(MergedTree, reports, [Province]);
        Assert.Equal(new RateCounts(2, 1, 1), byPeriod[Province][P("2025-06")]);
        Assert.Equal(new RateCounts(1, 1, 1), byPeriod[Province][P("2025-07")]);
        Assert.Equal(new RateCounts(3, 2, 2), ReportingRates.RollUp(MergedTree, reports, [Province])[Province]);
    }

    [Fact]
    public void Merge_OldUnitsJuneSubmissionDoesNotMoveToTheSuccessor()
    {
        var reports = ReportingRates.Expected(MergedTree, [New], Monthly25, PeriodRange.Parse("2025-06..2025-07"),
            [Sub(OldA, "2025-06", "2025-06-20")], D("2025-08-01"));
        var july = Assert.Single(reports);
        Assert.Equal(P("2025-07"), july.Period);
        Assert.Null(july.SubmittedOn);
    }

    [Fact]
    public void Merge_AUnitMergedWithoutAClosingDate_IsNotExpectedAfterItsMerger()
    {
        var tree = OrgTree.Build(
        [
            new(Province, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(OldA, "A", "Xã cũ", OrgUnitKind.Commune, Province, MergedIntoId: New, MergedOn: MergeDay),
            new(New, "C", "Xã mới", OrgUnitKind.Commune, Province),
        ]);
        var reports = ReportingRates.Expected(tree, [OldA, New], Monthly25, PeriodRange.Parse("2025-06..2025-07"),
            [Sub(OldA, "2025-07", "2025-07-02")], D("2025-08-01"));
        Assert.Equal([(OldA, P("2025-06")), (New, P("2025-06")), (New, P("2025-07"))], reports.Select(r => (r.UnitId, r.Period)));
        Assert.Equal(D("2025-07-02"), reports[^1].SubmittedOn);
    }

    [Fact]
    public void OneOffForm_ExpectsItsSinglePeriod()
    {
        var census = ReportSchedule.OneOff(P("2025Q3"), DueRule.AfterEnd(10));
        var reports = ReportingRates.Expected(Tree, [C1, C2], census, PeriodRange.Parse("2025"),
            [Sub(C1, "2025Q3", "2025-10-10"), Sub(C2, "2025Q2", "2025-07-01")], D("2025-12-31"));
        Assert.Equal(new RateCounts(2, 1, 1), ReportingRates.Count(reports));
        Assert.All(reports, r => Assert.Equal(P("2025Q3"), r.Period));
    }

    [Fact]
    public void RateCounts_AreCappedAndAddUp()
    {
        Assert.Null(new RateCounts(0, 0, 0).Completeness);
        Assert.Null(new RateCounts(0, 0, 0).Timeliness);
        Assert.Equal(1.0, new RateCounts(2, 3, 3).Completeness);
        Assert.Equal(1.0, new RateCounts(2, 3, 3).Timeliness);
        Assert.Equal(new RateCounts(5, 3, 1), new RateCounts(2, 1, 0) + new RateCounts(3, 2, 1));
    }

    // ---- properties ----

    private sealed record Scenario(OrgTree Tree, int[] Assigned, ReportSchedule Schedule, PeriodRange Range,
        SubmissionFact[] Submissions, DateOnly AsOf);

    // A province with communes and villages, some communes merged into others, random assignments and submissions.
    private static Scenario Build(int seed)
    {
        var random = new Random(seed);
        var start = new DateOnly(2024, 1, 1);
        var nodes = new List<OrgNode> { new(1, "P", "Tỉnh", OrgUnitKind.Province, null) };
        var communes = random.Next(1, 8);
        for (var c = 0; c < communes; c++)
        {
            var id = 10 + c;
            DateOnly? merged = c > 0 && random.Next(3) == 0 ? start.AddDays(random.Next(0, 700)) : null;
            nodes.Add(new(id, $"C{id}", $"Xã {id}", OrgUnitKind.Commune, 1,
                ClosedOn: merged, MergedIntoId: merged is null ? null : 10, MergedOn: merged));
            for (var v = 0; v < random.Next(0, 4); v++)
                nodes.Add(new(id * 10 + v, $"V{id * 10 + v}", $"Thôn {v}", OrgUnitKind.Village, id));
        }
        var tree = OrgTree.Build(nodes);
        var ids = nodes.Select(n => n.Id).ToArray();
        var assigned = ids.Where(_ => random.Next(3) > 0).ToArray();
        var type = random.Next(3) switch { 0 => PeriodType.Week, 1 => PeriodType.Month, _ => PeriodType.Quarter };
        var due = random.Next(2) == 0 ? DueRule.DayOfMonth(random.Next(1, 32)) : DueRule.AfterEnd(random.Next(0, 40));
        var schedule = new ReportSchedule(type, due);
        var from = start.AddDays(random.Next(0, 300));
        var range = new PeriodRange(from, from.AddDays(random.Next(0, 400)));
        var periods = new PeriodRange(start, start.AddDays(800)).Periods(type).ToArray();
        var submissions = Enumerable.Range(0, random.Next(0, 60)).Select(_ =>
        {
            var period = periods[random.Next(periods.Length)];
            return new SubmissionFact(ids[random.Next(ids.Length)], period, period.Start.AddDays(random.Next(0, 150)), random.Next(4) > 0);
        }).ToArray();
        return new Scenario(tree, assigned, schedule, range, submissions, start.AddDays(random.Next(0, 900)));
    }

    private static Arbitrary<int> Seeds() => Arb.From(Gen.Choose(0, int.MaxValue));

    private static IReadOnlyList<ExpectedReport> Run(Scenario s) =>
        ReportingRates.Expected(s.Tree, s.Assigned, s.Schedule, s.Range, s.Submissions, s.AsOf);

    [Fact]
    public void Property_RatesAreWithinZeroAndOne_AndCountsAreOrdered() =>
        Prop.ForAll(Seeds(), seed =>
        {
            var s = Build(seed);
            var reports = Run(s);
            var all = new[] { ReportingRates.Count(reports) }
                .Concat(ReportingRates.RollUp(s.Tree, reports, s.Tree.All.Select(n => n.Id)).Values)
                .Concat(ReportingRates.RollUpByPeriod(s.Tree, reports, [1]).Values.SelectMany(d => d.Values));
            return all.All(c =>
                0 <= c.OnTime && c.OnTime <= c.Submitted && c.Submitted <= c.Expected
                && (c.Expected == 0 ? c.Completeness is null && c.Timeliness is null
                    : c.Completeness is >= 0 and <= 1 && c.Timeliness is >= 0 and <= 1 && c.Timeliness <= c.Completeness));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_RollUpOfTheRootEqualsCountOfAll() =>
        Prop.ForAll(Seeds(), seed =>
        {
            var s = Build(seed);
            var reports = Run(s);
            var total = ReportingRates.Count(reports);
            var byPeriod = ReportingRates.RollUpByPeriod(s.Tree, reports, [1])[1];
            return ReportingRates.RollUp(s.Tree, reports, [1])[1] == total
                && byPeriod.Values.Aggregate(default(RateCounts), (a, b) => a + b) == total;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_RollUpOfEachUnitCountsTheReportsInItsSubtree() =>
        Prop.ForAll(Seeds(), seed =>
        {
            var s = Build(seed);
            var reports = Run(s);
            var units = s.Tree.All.Select(n => n.Id).ToList();
            var rolled = ReportingRates.RollUp(s.Tree, reports, units);
            return units.All(u => rolled[u] == ReportingRates.Count(reports.Where(r => s.Tree.IsWithin(r.UnitId, u))));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_ExpectedIsOnePerOpenAssignedUnitAndPeriod() =>
        Prop.ForAll(Seeds(), seed =>
        {
            var s = Build(seed);
            var reports = Run(s);
            var periods = s.Schedule.PeriodsIn(s.Range).ToList();
            var wanted = periods.Sum(p => s.Assigned.Count(u =>
                s.Tree.Get(u).IsOpenOn(p.End) && s.Tree.MergeTarget(u, p.End).Id == u));
            var distinct = reports.Select(r => (r.UnitId, r.Period)).Distinct().Count();
            return reports.Count == wanted && distinct == wanted
                && reports.All(r => s.Assigned.Contains(r.UnitId) && s.Range.Contains(r.Period) && r.DueDate == s.Schedule.DueDate(r.Period)
                    && (r.SubmittedOn is { } on
                        ? r.Timing == (on <= r.DueDate ? ReportTiming.OnTime : ReportTiming.Late)
                        : r.Timing == (s.AsOf > r.DueDate ? ReportTiming.Missing : ReportTiming.NotDue)));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_EachSubmittedReportHasACountingSubmissionOfItsUnitOrAMergedOne() =>
        Prop.ForAll(Seeds(), seed =>
        {
            var s = Build(seed);
            return Run(s).All(r =>
            {
                var sources = s.Submissions.Where(f => f.Counts && f.Period == r.Period
                    && s.Tree.MergeTarget(f.UnitId, r.Period.End).Id == r.UnitId).ToList();
                return sources.Count == 0 ? r.SubmittedOn is null : r.SubmittedOn == sources.Min(f => f.SubmittedOn);
            });
        }).QuickCheckThrowOnFailure();
}
