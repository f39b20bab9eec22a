using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Engine.Tests.Dossiers;

public sealed class ServiceIndexTests
{
    private static readonly ServiceIndexRules Rules = ServiceIndexRules.Default;

    [Fact]
    public void The_default_points_are_those_of_decision_766_and_add_up_to_100()
    {
        Assert.Equal(18, Rules[ServiceComponent.Transparency].Points);
        Assert.Equal(20, Rules[ServiceComponent.Progress].Points);
        Assert.Equal(12, Rules[ServiceComponent.Online].Points);
        Assert.Equal(10, Rules[ServiceComponent.Payment].Points);
        Assert.Equal(22, Rules[ServiceComponent.Digitization].Points);
        Assert.Equal(18, Rules[ServiceComponent.Satisfaction].Points);
        Assert.Equal(100, Rules.MaxTotal);
    }

    [Theory]
    // points × min(1, rate ÷ target), by hand:
    [InlineData(20, 100, 95, 19)]          // 20 × 0.95
    [InlineData(12, 80, 40, 6)]            // 12 × 0.5
    [InlineData(10, 50, 12.5, 2.5)]        // 10 × 0.25
    [InlineData(18, 90, 60, 12)]           // 18 × 2/3
    [InlineData(22, 100, 33.33, 7.33)]     // 22 × 0.3333 = 7.3326
    [InlineData(18, 90, 1, 0.2)]           // 18 × 1/90
    [InlineData(10, 30, 1, 0.33)]          // 10 ÷ 30 = 0.3333…
    [InlineData(10, 8, 1, 1.25)]           // 10 × 0.125
    [InlineData(20, 100, 0, 0)]
    public void A_component_scores_its_points_times_the_share_of_its_target(double points, double target, double rate, double expected) =>
        Assert.Equal(expected, ServiceIndex.Points(rate, new(points, target)));

    [Theory]
    [InlineData(12, 80, 80)]
    [InlineData(12, 80, 81)]
    [InlineData(12, 80, 100)]
    [InlineData(10, 50, 99.99)]
    public void A_rate_at_or_above_its_target_earns_the_full_points_and_no_more(double points, double target, double rate) =>
        Assert.Equal(points, ServiceIndex.Points(rate, new(points, target)));

    [Fact]
    public void A_worked_example_totals_the_six_components()
    {
        // transparency 90/100 × 18 = 16.2; progress 95/100 × 20 = 19; online 60/80 × 12 = 9;
        // payment 25/50 × 10 = 5; digitization 50/100 × 22 = 11; satisfaction 99/90 → capped, 18.
        var score = ServiceIndex.Score(new ServiceRates(90, 95, 60, 25, 50, 99), Rules);
        Assert.Equal([16.2, 19, 9, 5, 11, 18], score.Components.Select(c => c.Points));
        Assert.Equal(78.2, score.Total, 10);
        Assert.Equal(100, score.MaxTotal);
        Assert.Equal(0, score.MissingCount);
        Assert.Equal(ServiceIndexRules.Components, score.Components.Select(c => c.Component));
    }

    [Fact]
    public void A_missing_rate_scores_zero_and_is_marked_missing()
    {
        // No satisfaction ratings and no transparency figure: only the four counted components score.
        var score = ServiceIndex.Score(new ServiceRates(null, 100, 80, 50, 100, null), Rules);
        Assert.True(score[ServiceComponent.Transparency].Missing);
        Assert.True(score[ServiceComponent.Satisfaction].Missing);
        Assert.Equal(0, score[ServiceComponent.Transparency].Points);
        Assert.Null(score[ServiceComponent.Satisfaction].Rate);
        Assert.False(score[ServiceComponent.Progress].Missing);
        Assert.Equal(2, score.MissingCount);
        Assert.Equal(20 + 12 + 10 + 22, score.Total);
    }

    [Fact]
    public void A_rate_of_zero_is_not_missing_but_scores_zero()
    {
        var score = ServiceIndex.Score(new ServiceRates(0, 0, 0, 0, 0, 0), Rules);
        Assert.All(score.Components, c => Assert.False(c.Missing));
        Assert.Equal(0, score.Total);
    }

    [Fact]
    public void The_rates_from_counts_follow_the_dossier_rules()
    {
        // 10 received, 4 online; 8 finished, 6 on time or early, 2 paid online, 4 digitized.
        var counts = new DossierCounts(Received: 10, CarriedOver: 0, Finished: 8, Early: 2, OnTime: 4, Late: 2, OpenOverdue: 2,
            Online: 4, CrossBoundary: 1, VneidVerified: 0, Digitized: 4, PaidOnline: 2);
        var rates = ServiceRates.Of(counts, DossierRules.Default, transparency: null, satisfaction: 88);
        Assert.Equal(new ServiceRates(null, 75, 40, 25, 50, 88), rates);
        // Open overdue dossiers in the base: 6 ÷ (8 + 2).
        Assert.Equal(60, ServiceRates.Of(counts, new DossierRules(OverdueInOnTimeBase: true), null, null).Progress);
        // progress 75/100 × 20 = 15; online 40/80 × 12 = 6; payment 25/50 × 10 = 5; digitization 50/100 × 22 = 11;
        // satisfaction 88/90 × 18 = 17.6.
        Assert.Equal(15 + 6 + 5 + 11 + 17.6, ServiceIndex.Score(rates, Rules).Total, 10);
    }

    [Fact]
    public void A_unit_without_dossiers_has_its_counted_components_missing()
    {
        var rates = ServiceRates.Of(default, DossierRules.Default, 100, 100);
        var score = ServiceIndex.Score(rates, Rules);
        Assert.Equal(4, score.MissingCount);
        Assert.Equal(36, score.Total);
    }

    [Fact]
    public void Settings_replace_points_and_targets_and_keep_defaults_for_the_rest()
    {
        var rules = new ServiceIndexRules(new Dictionary<ServiceComponent, ServiceComponentRule> { [ServiceComponent.Online] = new(20, 50) });
        Assert.Equal(new ServiceComponentRule(20, 50), rules[ServiceComponent.Online]);
        Assert.Equal(Rules[ServiceComponent.Progress], rules[ServiceComponent.Progress]);
        Assert.Equal(108, rules.MaxTotal);
        Assert.Equal(10, ServiceIndex.Score(new ServiceRates(null, null, 25, null, null, null), rules).Total);
    }

    [Theory]
    [InlineData(-1, 50)]
    [InlineData(10, 0)]
    [InlineData(10, -5)]
    [InlineData(10, 101)]
    [InlineData(double.NaN, 50)]
    public void Impossible_points_or_targets_are_refused(double points, double target) =>
        Assert.Throws<ArgumentException>(() => new ServiceIndexRules(
            new Dictionary<ServiceComponent, ServiceComponentRule> { [ServiceComponent.Payment] = new(points, target) }));

    [Fact]
    public void Equal_totals_share_a_place_and_the_next_place_skips()
    {
        var units = new[] { ("08053", 70.5), ("08051", 88.0), ("08054", 70.5), ("08052", 88.0), ("08055", 12.0), ("08056", 70.5) };
        var ranked = ServiceIndex.Rank(units, u => u.Item2, u => u.Item1);
        Assert.Equal(["08051", "08052", "08053", "08054", "08056", "08055"], ranked.Select(r => r.Item.Item1));
        Assert.Equal([1, 1, 3, 3, 3, 6], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Ranking_nothing_gives_nothing_and_one_unit_is_first()
    {
        Assert.Empty(ServiceIndex.Rank(Array.Empty<(string, double)>(), u => u.Item2, u => u.Item1));
        Assert.Equal(1, Assert.Single(ServiceIndex.Rank(new[] { ("08051", 0.0) }, u => u.Item2, u => u.Item1)).Rank);
    }
}
