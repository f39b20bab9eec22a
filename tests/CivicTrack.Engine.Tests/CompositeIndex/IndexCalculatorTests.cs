using CivicTrack.Engine.CompositeIndex;

namespace CivicTrack.Engine.Tests.CompositeIndex;

public sealed class IndexCalculatorTests
{
    // Worked example: four units, two pillars.
    //   Pillar P (100 points): x1 (weight 1, higher is better, min-max), x2 (weight 1, lower is better, min-max).
    //   Pillar Q (200 points): y1 (weight 2, distance to target 80), y2 (weight 1, distance to target 50).
    //          x1   x2   y1   y2
    //   A      10    5   80   25
    //   B      20   15   40   50
    //   C      30   10   60   10
    //   D      50   25  100    0
    // Normalised:
    //   x1: min 10, max 50, span 40 → A 0, B 0.25, C 0.5, D 1
    //   x2: lower is better, (25 − x) / 20 → A 1, B 0.5, C 0.75, D 0
    //   y1: min(1, y / 80) → A 1, B 0.5, C 0.75, D 1 (100/80 capped)
    //   y2: min(1, y / 50) → A 0.5, B 1, C 0.2, D 0
    private static IndexSpec Worked(Aggregation aggregation, MissingRule missing = MissingRule.Skip) => new(
    [
        new("P", 100, [new("x1", 1, Direction.HigherIsBetter, Normalisation.MinMax), new("x2", 1, Direction.LowerIsBetter, Normalisation.MinMax)]),
        new("Q", 200, [new("y1", 2, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 80), new("y2", 1, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 50)]),
    ], aggregation, missing);

    private static IndexValues WorkedValues()
    {
        var v = new IndexValues();
        void Row(string u, double x1, double x2, double y1, double y2) => v.Set(u, "x1", x1).Set(u, "x2", x2).Set(u, "y1", y1).Set(u, "y2", y2);
        Row("A", 10, 5, 80, 25);
        Row("B", 20, 15, 40, 50);
        Row("C", 30, 10, 60, 10);
        Row("D", 50, 25, 100, 0);
        return v;
    }

    private static UnitScore Of(IReadOnlyList<UnitScore> r, string unit) => r.Single(s => s.Unit == unit);

    [Fact]
    public void Worked_example_linear_matches_the_hand_computation()
    {
        // P = (x1 + x2) / 2: A 0.5, B 0.375, C 0.625, D 0.5
        // Q = (2·y1 + y2) / 3: A (2 + 0.5)/3 = 0.833333, B (1 + 1)/3 = 0.666667, C (1.5 + 0.2)/3 = 0.566667, D 2/3 = 0.666667
        // Total = (100·P + 200·Q) / 300:
        //   A (50 + 166.6667)/300 = 0.722222   B (37.5 + 133.3333)/300 = 0.569444
        //   C (62.5 + 113.3333)/300 = 0.586111 D (50 + 133.3333)/300 = 0.611111
        // Ranks: A 1, D 2, C 3, B 4. Points = total × 300: A 216.6667.
        var r = IndexCalculator.Compute(Worked(Aggregation.Linear), WorkedValues());
        Assert.Equal(["A", "D", "C", "B"], r.Select(s => s.Unit));
        Assert.Equal([1, 2, 3, 4], r.Select(s => s.Rank!.Value));
        Assert.Equal(0.7222, Of(r, "A").Score!.Value, 4);
        Assert.Equal(0.5694, Of(r, "B").Score!.Value, 4);
        Assert.Equal(0.5861, Of(r, "C").Score!.Value, 4);
        Assert.Equal(0.6111, Of(r, "D").Score!.Value, 4);
        Assert.Equal(216.6667, Of(r, "A").Points!.Value, 4);
        Assert.Equal(0.3750, Of(r, "B").Pillars[0].Score!.Value, 4);
        Assert.Equal(37.5, Of(r, "B").Pillars[0].Points!.Value, 4);
        Assert.Equal(0.5667, Of(r, "C").Pillars[1].Score!.Value, 4);
        Assert.Equal(0.2, Of(r, "C").Pillars[1].Components[1].Score!.Value, 4);
        Assert.Equal(10, Of(r, "C").Pillars[1].Components[1].Raw);
    }

    [Fact]
    public void Worked_example_geometric_floors_zeros_and_matches_the_hand_computation()
    {
        // Zeros are raised to ε = 0.01 first.
        // P = √(x1·x2): A √(0.01·1) = 0.1, B √(0.25·0.5) = 0.353553, C √(0.5·0.75) = 0.612372, D √(1·0.01) = 0.1
        // Q = y1^(2/3)·y2^(1/3): A 0.5^(1/3) = 0.793701, B 0.5^(2/3) = 0.629961,
        //     C exp((2/3)·ln 0.75 + (1/3)·ln 0.2) = exp(−0.191788 − 0.536479) = 0.482745, D 0.01^(1/3) = 0.215443
        // Total = P^(1/3)·Q^(2/3): A exp((−2.302585 + 2·(−0.231049))/3) = 0.397897
        //   B exp((ln 0.353553 + 2·ln 0.629961)/3) = exp((−1.039721 − 0.924196)/3) = 0.519630
        //   C exp((−0.490415 + 2·(−0.728267))/3) = 0.522577, D exp((−2.302585 + 2·(−1.535057))/3) = 0.166810
        // Ranks: C 1, B 2, A 3, D 4 (the geometric mean punishes the low pillars of A and D).
        var r = IndexCalculator.Compute(Worked(Aggregation.Geometric), WorkedValues());
        Assert.Equal(["C", "B", "A", "D"], r.Select(s => s.Unit));
        Assert.Equal(0.3979, Of(r, "A").Score!.Value, 4);
        Assert.Equal(0.5196, Of(r, "B").Score!.Value, 4);
        Assert.Equal(0.5226, Of(r, "C").Score!.Value, 4);
        Assert.Equal(0.1668, Of(r, "D").Score!.Value, 4);
        Assert.Equal(0.1000, Of(r, "A").Pillars[0].Score!.Value, 4);
        Assert.Equal(0.3536, Of(r, "B").Pillars[0].Score!.Value, 4);
        Assert.Equal(0.4827, Of(r, "C").Pillars[1].Score!.Value, 4);
        Assert.Equal(156.7731, Of(r, "C").Points!.Value, 4);
    }

    // Following the OECD/JRC Handbook on Constructing Composite Indicators (2008), section 5 (normalisation:
    // standardisation and min-max) and section 6 (linear and geometric aggregation), three units, two equally
    // weighted indicators in one pillar:
    //        c1   c2
    //   X     2   30
    //   Y     4   10
    //   Z     9   20
    // Standardisation (population σ): c1 mean 5, σ = √((9 + 1 + 16)/3) = 2.943920 → z X −1.019049, Y −0.339683, Z 1.358732
    //   mapped (z + 3)/6 → X 0.330158, Y 0.443386, Z 0.726455
    //   c2 mean 20, σ = √((100 + 100 + 0)/3) = 8.164966 → z X 1.224745, Y −1.224745, Z 0 → X 0.704124, Y 0.295876, Z 0.5
    // Min-max: c1 (x − 2)/7 → X 0, Y 0.285714, Z 1; c2 (x − 10)/20 → X 1, Y 0, Z 0.5
    private static IndexValues HandbookValues() => new IndexValues()
        .Set("X", "c1", 2).Set("X", "c2", 30)
        .Set("Y", "c1", 4).Set("Y", "c2", 10)
        .Set("Z", "c1", 9).Set("Z", "c2", 20);

    private static IndexSpec Handbook(Normalisation n, Aggregation a) =>
        new([new("all", 1, [new("c1", 1, Direction.HigherIsBetter, n), new("c2", 1, Direction.HigherIsBetter, n)])], a, MissingRule.Skip);

    [Theory]
    // z-score, linear: X (0.330158 + 0.704124)/2 = 0.517141, Y (0.443386 + 0.295876)/2 = 0.369631, Z (0.726455 + 0.5)/2 = 0.613228
    [InlineData(Normalisation.ZScore, Aggregation.Linear, 0.5171, 0.3696, 0.6132)]
    // z-score, geometric: X √(0.330158·0.704124) = 0.482154, Y √(0.443386·0.295876) = 0.362198, Z √(0.726455·0.5) = 0.602684
    [InlineData(Normalisation.ZScore, Aggregation.Geometric, 0.4822, 0.3622, 0.6027)]
    // min-max, linear: X 0.5, Y 0.142857, Z 0.75
    [InlineData(Normalisation.MinMax, Aggregation.Linear, 0.5, 0.1429, 0.75)]
    // min-max, geometric (zeros floored at 0.01): X √(0.01·1) = 0.1, Y √(0.285714·0.01) = 0.053452, Z √(1·0.5) = 0.707107
    [InlineData(Normalisation.MinMax, Aggregation.Geometric, 0.1, 0.0535, 0.7071)]
    public void Handbook_normalisations_and_aggregations_match_the_hand_computation(Normalisation n, Aggregation a, double x, double y, double z)
    {
        var r = IndexCalculator.Compute(Handbook(n, a), HandbookValues());
        Assert.Equal(x, Of(r, "X").Score!.Value, 4);
        Assert.Equal(y, Of(r, "Y").Score!.Value, 4);
        Assert.Equal(z, Of(r, "Z").Score!.Value, 4);
        Assert.Equal(1, Of(r, "Z").Rank);
    }

    [Fact]
    public void Zscore_is_reversed_when_lower_is_better_and_is_one_half_without_spread()
    {
        var lower = new IndexComponent("c", 1, Direction.LowerIsBetter, Normalisation.ZScore);
        var s = IndexCalculator.NormaliseComponent(lower, [2, 4, 9]);
        Assert.Equal(1 - 0.330158, s[0]!.Value, 4);
        Assert.Equal([0.5, 0.5, null], IndexCalculator.NormaliseComponent(lower, [3, 3, null]));
    }

    [Fact]
    public void Distance_to_target_for_lower_is_better_is_target_over_value_capped_at_one()
    {
        // A late rate: target 5%; 10% → 0.5, 4% → 1 (better than the target), 0 → 1.
        var late = new IndexComponent("late", 1, Direction.LowerIsBetter, Normalisation.DistanceToTarget, 5);
        Assert.Equal([0.5, 1, 1], IndexCalculator.NormaliseComponent(late, [10, 4, 0]));
    }

    [Fact]
    public void Skip_reweights_among_present_components_and_zero_counts_them_as_nothing()
    {
        // B has no y2. Skip: Q = y1 alone = 0.5 → total (37.5 + 100)/300 = 0.458333.
        // Zero: Q = (2·0.5 + 0)/3 = 0.333333 → total (37.5 + 66.6667)/300 = 0.347222.
        // y2 is re-normalised without B's value, which does not change the others' (targets do not depend on the set).
        var v = new IndexValues().Set("A", "x1", 10).Set("A", "x2", 5).Set("A", "y1", 80).Set("A", "y2", 25)
            .Set("B", "x1", 20).Set("B", "x2", 15).Set("B", "y1", 40)
            .Set("C", "x1", 30).Set("C", "x2", 10).Set("C", "y1", 60).Set("C", "y2", 10)
            .Set("D", "x1", 50).Set("D", "x2", 25).Set("D", "y1", 100).Set("D", "y2", 0);
        var skip = Of(IndexCalculator.Compute(Worked(Aggregation.Linear, MissingRule.Skip), v), "B");
        Assert.Equal(0.5, skip.Pillars[1].Score!.Value, 4);
        Assert.Equal(0.4583, skip.Score!.Value, 4);
        Assert.Null(skip.Pillars[1].Components[1].Raw);
        Assert.Null(skip.Pillars[1].Components[1].Score);
        var zero = Of(IndexCalculator.Compute(Worked(Aggregation.Linear, MissingRule.Zero), v), "B");
        Assert.Equal(0.3333, zero.Pillars[1].Score!.Value, 4);
        Assert.Equal(0.3472, zero.Score!.Value, 4);
    }

    [Fact]
    public void A_unit_without_any_value_in_a_pillar_gets_no_pillar_score_and_skip_reweights_its_total()
    {
        // E has only Q values: y1 80 → 1, y2 50 → 1; P has no score; under skip its total is Q alone = 1 and it ranks first.
        // Under zero its missing pillar counts 0: total = 200·1/300 = 0.666667.
        // F has no value at all: no total, no rank, listed last.
        var v = WorkedValues().Set("E", "y1", 80).Set("E", "y2", 50).Add("F");
        var skip = IndexCalculator.Compute(Worked(Aggregation.Linear, MissingRule.Skip), v);
        var e = Of(skip, "E");
        Assert.Null(e.Pillars[0].Score);
        Assert.Null(e.Pillars[0].Points);
        Assert.Equal(1, e.Score!.Value, 4);
        Assert.Equal(1, e.Rank);
        var f = skip[^1];
        Assert.Equal("F", f.Unit);
        Assert.Null(f.Score);
        Assert.Null(f.Rank);
        var zero = Of(IndexCalculator.Compute(Worked(Aggregation.Linear, MissingRule.Zero), v), "E");
        Assert.Null(zero.Pillars[0].Score);
        Assert.Equal(0.6667, zero.Score!.Value, 4);
    }

    [Fact]
    public void Ties_share_the_better_rank()
    {
        Assert.Equal([1, 2, 2, 4, null], IndexCalculator.Rank([0.9, 0.5, 0.5, 0.1, null]));
        // Equal to 10 decimals is a tie: 0.1 + 0.2 and 0.3 differ only in the 17th digit.
        Assert.Equal([1, 1], IndexCalculator.Rank([0.1 + 0.2, 0.3]));
        var spec = new IndexSpec([new("p", 100, [new("c", 1, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 10)])], Aggregation.Linear, MissingRule.Skip);
        var r = IndexCalculator.Compute(spec, new IndexValues().Set("a", "c", 5).Set("b", "c", 12).Set("c", "c", 10).Set("d", "c", 1));
        Assert.Equal([("b", 1), ("c", 1), ("a", 3), ("d", 4)], r.Select(s => (s.Unit, s.Rank!.Value)));
    }

    [Fact]
    public void Change_compares_score_and_rank_with_the_previous_period()
    {
        // Now: linear, plus E with y1 = 0 only (score 0, rank 5; y1 is against a target, so the others keep their scores).
        // Before: geometric, without E. A: 0.722222 rank 1 now, 0.397897 rank 3 before → +0.324325, up 2.
        // B: 0.569444 rank 4 now, 0.519630 rank 2 before → +0.049814, down 2. E was not ranked before: no change.
        var now = IndexCalculator.Compute(Worked(Aggregation.Linear), WorkedValues().Set("E", "y1", 0));
        var before = IndexCalculator.Compute(Worked(Aggregation.Geometric), WorkedValues());
        var change = IndexCalculator.Change(now, before).ToDictionary(c => c.Unit);
        Assert.Equal(0.3243, change["A"].ScoreChange!.Value, 4);
        Assert.Equal(2, change["A"].RankChange);
        Assert.Equal(0.0498, change["B"].ScoreChange!.Value, 4);
        Assert.Equal(-2, change["B"].RankChange);
        Assert.Equal(5, now.Single(s => s.Unit == "E").Rank);
        Assert.Null(change["E"].ScoreChange);
        Assert.Null(change["E"].RankChange);
    }
}
