using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Tests.Analytics;

public sealed class ValueStoreTests
{
    // 1 province ─ 2 communes (10, 20) ─ villages (11, 12 under 10; 21 under 20); 30 merged into 10 on 2025-07-01.
    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new OrgNode(1, "P", "Tỉnh", OrgUnitKind.Province, null),
        new OrgNode(10, "C1", "Xã A", OrgUnitKind.Commune, 1),
        new OrgNode(11, "V11", "Thôn 1", OrgUnitKind.Village, 10),
        new OrgNode(12, "V12", "Thôn 2", OrgUnitKind.Village, 10),
        new OrgNode(20, "C2", "Xã B", OrgUnitKind.Commune, 1),
        new OrgNode(21, "V21", "Thôn 3", OrgUnitKind.Village, 20),
        new OrgNode(30, "C3", "Xã C (cũ)", OrgUnitKind.Commune, 1, ClosedOn: new DateOnly(2025, 7, 1), MergedIntoId: 10, MergedOn: new DateOnly(2025, 7, 1)),
    ]);

    private static readonly ElementDef Reached = new(1, "REACHED", AggregationType.Sum);
    private static readonly ElementDef Households = new(2, "HH", AggregationType.Last);
    private static readonly ElementDef Score = new(3, "SCORE", AggregationType.Average);
    private static readonly ElementDef Lowest = new(4, "LOW", AggregationType.Min);
    private static readonly ElementDef Highest = new(5, "HIGH", AggregationType.Max);

    private static ValueStore NewStore() => new(Tree, [Reached, Households, Score, Lowest, Highest]);

    private static PeriodRange R(string text) => PeriodRange.Parse(text);
    private static Period P(string id) => Period.Parse(id);

    [Fact]
    public void Sum_adds_the_subtree_over_the_periods_inside_the_range()
    {
        var s = NewStore();
        s.Set(1, 11, P("2025-01"), 5);
        s.Set(1, 12, P("2025-01"), 7);
        s.Set(1, 12, P("2025-02"), 1);
        s.Set(1, 21, P("2025-01"), 100);
        Assert.Equal(new Aggregate(13, 3), s.Get(1, 10, R("2025Q1")));
        Assert.Equal(new Aggregate(113, 4), s.Get(1, 1, R("2025Q1")));
        Assert.Equal(new Aggregate(12, 2), s.Get(1, 10, R("2025-01")));
        Assert.Equal(Aggregate.None, s.Get(1, 10, R("2025-03")));
        Assert.Equal(Aggregate.None, s.Get(1, 20, R("2024")));
    }

    [Fact]
    public void A_period_reaching_past_the_range_is_left_out()
    {
        var s = NewStore();
        s.Set(1, 11, P("2025Q1"), 9);
        Assert.Equal(Aggregate.None, s.Get(1, 11, R("2025-01..2025-02")));
        Assert.Equal(9, s.Get(1, 11, R("2025-01..2025-03")).Value);
        Assert.Equal(9, s.Get(1, 1, R("2025")).Value);
    }

    [Fact]
    public void Last_takes_the_latest_period_with_data_and_sums_its_units()
    {
        var s = NewStore();
        s.Set(2, 11, P("2025-01"), 40);
        s.Set(2, 12, P("2025-01"), 60);
        s.Set(2, 11, P("2025-02"), 41);
        s.Set(2, 12, P("2025-02"), 61);
        Assert.Equal(102, s.Get(2, 10, R("2025Q1")).Value);
        Assert.Equal(100, s.Get(2, 10, R("2025-01")).Value);
    }

    [Fact]
    public void Average_divides_by_the_number_of_reported_values()
    {
        var s = NewStore();
        s.Set(3, 11, P("2025-01"), 2);
        s.Set(3, 12, P("2025-01"), 4);
        s.Set(3, 21, P("2025-02"), 9);
        Assert.Equal(5, s.Get(3, 1, R("2025Q1")).Value);
        Assert.Equal(3, s.Get(3, 10, R("2025Q1")).Value);
    }

    [Fact]
    public void Min_and_max_follow_changes_in_both_directions()
    {
        var s = NewStore();
        foreach (var (unit, v) in new[] { (11, 5.0), (12, 3.0), (21, 8.0) })
        {
            s.Set(4, unit, P("2025-01"), v);
            s.Set(5, unit, P("2025-01"), v);
        }
        Assert.Equal(3, s.Get(4, 1, R("2025")).Value);
        Assert.Equal(8, s.Get(5, 1, R("2025")).Value);
        s.Set(4, 12, P("2025-01"), 6);   // the minimum rises
        s.Set(5, 21, P("2025-01"), 1);   // the maximum falls
        Assert.Equal(5, s.Get(4, 1, R("2025")).Value);   // 5, 6, 8
        Assert.Equal(5, s.Get(5, 1, R("2025")).Value);   // 5, 3, 1
        Assert.True(s.Remove(4, 11, P("2025-01")));
        Assert.Equal(6, s.Get(4, 1, R("2025")).Value);   // 6, 8
    }

    [Fact]
    public void Replacing_and_removing_a_value_updates_every_total_above_it()
    {
        var s = NewStore();
        s.Set(1, 11, P("2025-01"), 5);
        s.Set(1, 21, P("2025-01"), 1);
        s.Set(1, 11, P("2025-01"), 8);
        Assert.Equal(new Aggregate(9, 2), s.Get(1, 1, R("2025")));
        Assert.True(s.Remove(1, 11, P("2025-01")));
        Assert.False(s.Remove(1, 11, P("2025-01")));
        Assert.Equal(new Aggregate(1, 1), s.Get(1, 1, R("2025")));
        Assert.Equal(Aggregate.None, s.Get(1, 10, R("2025")));
        Assert.Equal(1, s.Count);
    }

    [Fact]
    public void A_merged_unit_counts_toward_its_successor_after_the_merger_and_stays_itself_before()
    {
        var s = NewStore();
        s.Set(1, 30, P("2025-06"), 4);   // before the merger: the old commune
        s.Set(1, 30, P("2025-07"), 6);   // after: the commune it merged into
        Assert.Equal(4, s.Get(1, 30, R("2025")).Value);
        Assert.Equal(6, s.Get(1, 10, R("2025")).Value);
        Assert.Equal(10, s.Get(1, 1, R("2025")).Value);
        Assert.Equal(Aggregate.None, s.Get(1, 30, R("2025-07")));
    }

    [Fact]
    public void Version_grows_with_each_change()
    {
        var s = NewStore();
        var v0 = s.Version;
        s.Set(1, 11, P("2025-01"), 1);
        Assert.True(s.Version > v0);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var s = NewStore();
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Set(1, 11, P("2025-01"), double.NaN));
        Assert.Throws<KeyNotFoundException>(() => s.Set(99, 11, P("2025-01"), 1));
        Assert.Throws<KeyNotFoundException>(() => s.Set(1, 999, P("2025-01"), 1));
    }

    [Fact]
    public void Changing_an_element_to_min_keeps_its_values()
    {
        var s = NewStore();
        s.Set(1, 11, P("2025-01"), 5);
        s.Set(1, 12, P("2025-01"), 2);
        s.Define(Reached with { Aggregation = AggregationType.Min, Code = "REACHED_MIN" });
        Assert.Equal(2, s.Get("REACHED_MIN", 1, R("2025")).Value);
        Assert.Null(s.Element("REACHED"));
    }

    /// <summary>Random trees, values, changes and queries: the store agrees with a plain scan of every value.</summary>
    [Fact]
    public void Agrees_with_a_full_scan_for_random_trees_values_and_queries()
    {
        for (var seed = 1; seed <= 150; seed++)
        {
            var rng = new Random(seed);
            var nodes = new List<OrgNode> { new(1, "U1", "U1", OrgUnitKind.Province, null) };
            var count = rng.Next(2, 40);
            for (var id = 2; id <= count; id++) nodes.Add(new OrgNode(id, "U" + id, "U" + id, OrgUnitKind.Commune, rng.Next(1, id)));
            // Merge a few units into others that are not below them.
            for (var m = 0; m < 3 && count > 4; m++)
            {
                var from = rng.Next(2, count + 1);
                var into = rng.Next(1, count + 1);
                if (into == from || nodes[from - 1].MergedIntoId is not null || nodes[into - 1].MergedIntoId is not null) continue;
                var day = new DateOnly(2025, rng.Next(1, 13), 1);
                nodes[from - 1] = nodes[from - 1] with { ClosedOn = day, MergedIntoId = into, MergedOn = day };
            }
            OrgTree tree;
            try { tree = OrgTree.Build(nodes); } catch (OrgTreeException) { continue; }
            var elements = Enum.GetValues<AggregationType>().Select((a, i) => new ElementDef(i + 1, "E" + i, a)).ToArray();
            var store = new ValueStore(tree, elements);
            var model = new Dictionary<(int E, int U, Period P), double>();
            var periods = Enumerable.Range(1, 12).Select(m => Period.Month(2025, m))
                .Concat([Period.Quarter(2025, 2), Period.Year(2025), Period.Day(new DateOnly(2025, 3, 5)), Period.Week(2025, 10)]).ToArray();
            var bulk = new List<ValueRow>();
            for (var op = 0; op < 200; op++)
            {
                var key = (E: rng.Next(1, elements.Length + 1), U: rng.Next(1, count + 1), P: periods[rng.Next(periods.Length)]);
                if (op < 80)
                {
                    var v = Math.Round(rng.NextDouble() * 100 - 20, 1);
                    if (!model.ContainsKey(key)) bulk.Add(new ValueRow(key.E, key.U, key.P, v));
                    model.TryAdd(key, v);
                    continue;
                }
                if (op == 80) store.Load(bulk);
                if (rng.Next(4) == 0)
                {
                    Assert.Equal(model.Remove(key), store.Remove(key.E, key.U, key.P));
                }
                else
                {
                    var v = Math.Round(rng.NextDouble() * 100 - 20, 1);
                    model[key] = v;
                    store.Set(key.E, key.U, key.P, v);
                }
                if (op % 5 != 0) continue;
                for (var q = 0; q < 10; q++)
                {
                    var unit = rng.Next(1, count + 1);
                    var e = elements[rng.Next(elements.Length)];
                    var a = rng.Next(1, 13);
                    var b = rng.Next(a, 13);
                    var range = new PeriodRange(Period.Month(2025, a).Start, Period.Month(2025, b).End);
                    var expected = Scan(tree, model, e, unit, range);
                    var actual = store.Get(e.Id, unit, range);
                    Assert.True(expected.Count == actual.Count && Close(expected.Value, actual.Value),
                        $"seed {seed} op {op}: {e.Aggregation} unit {unit} {range}: expected {expected}, got {actual}; "
                        + string.Join(" ", model.Where(kv => kv.Key.E == e.Id && range.Contains(kv.Key.P)).Select(kv => $"[{kv.Key.U}->{tree.MergeTarget(kv.Key.U, kv.Key.P.Start).Id} {kv.Key.P} {kv.Value}]"))
                        + " tree: " + string.Join(" ", tree.All.Select(n => $"{n.Id}<{n.ParentId}{(n.MergedIntoId is { } m ? $"=>{m}@{n.MergedOn}" : "")}")));
                }
            }
        }
    }

    private static bool Close(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-6;

    private static Aggregate Scan(OrgTree tree, Dictionary<(int E, int U, Period P), double> model, ElementDef e, int unit, PeriodRange range)
    {
        var hits = model.Where(kv => kv.Key.E == e.Id && range.Contains(kv.Key.P)
                && tree.IsWithin(tree.MergeTarget(kv.Key.U, kv.Key.P.Start).Id, unit))
            .Select(kv => (kv.Key.P, kv.Value)).ToList();
        if (hits.Count == 0) return Aggregate.None;
        switch (e.Aggregation)
        {
            case AggregationType.Sum: return new(hits.Sum(h => h.Value), hits.Count);
            case AggregationType.Average: return new(hits.Average(h => h.Value), hits.Count);
            case AggregationType.Min: return new(hits.Min(h => h.Value), hits.Count);
            case AggregationType.Max: return new(hits.Max(h => h.Value), hits.Count);
            default:
                var last = hits.Select(h => h.P).OrderByDescending(p => p.End).ThenByDescending(p => p.Start).First();
                var atLast = hits.Where(h => h.P == last).ToList();
                return new(atLast.Sum(h => h.Value), atLast.Count);
        }
    }
}
