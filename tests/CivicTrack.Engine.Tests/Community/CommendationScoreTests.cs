using CivicTrack.Engine.Community;

namespace CivicTrack.Engine.Tests.Community;

public sealed class CommendationScoreTests
{
    private static CommendationCandidate C(string key, string name, double? x, double? y) =>
        new(key, name, new Dictionary<string, double?> { ["x"] = x, ["y"] = y });

    [Fact]
    public void A_hand_computed_ranking_normalises_min_max_reweights_without_a_missing_component_and_breaks_ties_by_name()
    {
        // x: 10, 20, 30 → 0, 0.5, 1.   y: 5, none, 1 → 1, 0 (no figure), 0.   z: no figures at all → dropped; weights 2 and 1 of 3.
        // Bản B: (2·0.5 + 1·0) / 3 = 1/3; Bản A: (2·0 + 1·1) / 3 = 1/3; Bản C: (2·1 + 1·0) / 3 = 2/3.
        var ranking = CommendationScore.Rank(
            [C("b", "Bản B", 20, null), C("a", "Bản A", 10, 5), C("c", "Bản C", 30, 1)],
            [new("x", 2), new("y", 1), new("z", 5)]);

        Assert.Equal(["c", "a", "b"], ranking.Places.Select(p => p.Key));
        Assert.Equal([1, 2, 3], ranking.Places.Select(p => p.Rank));
        Assert.Equal(2.0 / 3, ranking.Places[0].Score, 12);
        Assert.Equal(1.0 / 3, ranking.Places[1].Score, 12);
        Assert.Equal(1.0 / 3, ranking.Places[2].Score, 12);
        Assert.Equal(0.5, ranking.Places[2].Normalised["x"], 12);
        Assert.Equal(0.0, ranking.Places[2].Normalised["y"], 12);
        Assert.Equal(1.0, ranking.Places[1].Normalised["y"], 12);
        Assert.Equal(["z"], ranking.Dropped);
        Assert.Equal(["x", "y"], ranking.Used.Select(u => u.Key));
        Assert.Equal(2.0 / 3, ranking.Used[0].Weight, 12);
        Assert.Equal(1.0 / 3, ranking.Used[1].Weight, 12);
    }

    [Fact]
    public void Equal_figures_count_as_the_best_and_a_zero_or_negative_weight_drops_the_component()
    {
        var ranking = CommendationScore.Rank([C("1", "Xã Một", 7, 3), C("2", "Xã Hai", 7, 9)], [new("x", 1), new("y", 0)]);

        Assert.All(ranking.Places, p => Assert.Equal(1.0, p.Score, 12));
        Assert.Equal(["2", "1"], ranking.Places.Select(p => p.Key)); // "Xã Hai" < "Xã Một" ordinally
        Assert.Equal(["y"], ranking.Dropped);
    }

    [Fact]
    public void Nothing_to_go_on_scores_everyone_zero_in_name_order()
    {
        var ranking = CommendationScore.Rank([C("2", "B", null, null), C("1", "A", double.NaN, null)], [new("x", 1), new("y", 1)]);

        Assert.Equal(["1", "2"], ranking.Places.Select(p => p.Key));
        Assert.All(ranking.Places, p => Assert.Equal(0.0, p.Score));
        Assert.Empty(ranking.Used);
        Assert.Equal(["x", "y"], ranking.Dropped);
    }
}
