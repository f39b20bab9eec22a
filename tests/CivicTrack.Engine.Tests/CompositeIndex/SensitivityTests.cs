using CivicTrack.Engine.CompositeIndex;

namespace CivicTrack.Engine.Tests.CompositeIndex;

public sealed class SensitivityTests
{
    // Two pillars pulling apart: A is strong in P, B in Q, C middling in both, D weak everywhere.
    private static readonly IndexSpec Spec = new(
    [
        new("P", 100, [new("p1", 1, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 100), new("p2", 1, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 100)]),
        new("Q", 100, [new("q1", 1, Direction.HigherIsBetter, Normalisation.DistanceToTarget, 100)]),
    ], Aggregation.Linear, MissingRule.Skip);

    private static IndexValues Values() => new IndexValues()
        .Set("A", "p1", 90).Set("A", "p2", 80).Set("A", "q1", 40)
        .Set("B", "p1", 40).Set("B", "p2", 50).Set("B", "q1", 90)
        .Set("C", "p1", 60).Set("C", "p2", 60).Set("C", "q1", 64)
        .Set("D", "p1", 10).Set("D", "p2", 10).Set("D", "q1", 10)
        .Add("E");

    [Fact]
    public void The_same_seed_gives_the_same_ranges_and_another_seed_may_differ_but_stays_within_bounds()
    {
        var first = Sensitivity.Run(Spec, Values(), 1000, 42);
        var second = Sensitivity.Run(Spec, Values(), 1000, 42);
        Assert.Equal(first, second);
        Assert.Equal(["A", "B", "C", "D"], first.Select(r => r.Unit)); // E has no total: no range
        // Unweighted: A 0.625, B 0.675, C 0.62 → close; weights ±20% reorder them, D is always last.
        var d = first.Single(r => r.Unit == "D");
        Assert.Equal((4, 4, 4.0), (d.Min, d.Max, d.Median));
        var a = first.Single(r => r.Unit == "A");
        Assert.True(a.Min < a.Max, $"A {a.Min}–{a.Max}");
        Assert.All(first, r => Assert.InRange(r.Median, r.Min, r.Max));
        var other = Sensitivity.Run(Spec, Values(), 1000, 7);
        Assert.All(other, r => Assert.InRange(r.Min, 1, 4));
    }

    [Fact]
    public void Without_room_to_move_every_unit_keeps_a_single_rank()
    {
        // One pillar with one component: weights change nothing, so every draw gives the same ranks.
        var spec = new IndexSpec([new("P", 100, [new("p1", 3, Direction.HigherIsBetter, Normalisation.MinMax)])], Aggregation.Geometric, MissingRule.Skip);
        var ranges = Sensitivity.Run(spec, Values(), 500, 1);
        Assert.Equal([("A", 1, 1, 1.0), ("B", 3, 3, 3.0), ("C", 2, 2, 2.0), ("D", 4, 4, 4.0)], ranges.Select(r => (r.Unit, r.Min, r.Max, r.Median)));
    }

    [Fact]
    public void Draws_are_bounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sensitivity.Run(Spec, Values(), 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sensitivity.Run(Spec, Values(), Sensitivity.MaxDraws + 1, 1));
    }
}
