using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Tests.Analytics;

/// <summary>Totals stay exact whatever is written and removed, and no value can push a total out of range.</summary>
public sealed class ValueStoreExactnessTests
{
    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new OrgNode(1, "P", "Tỉnh", OrgUnitKind.Province, null),
        new OrgNode(10, "C1", "Xã A", OrgUnitKind.Commune, 1),
        new OrgNode(11, "V11", "Thôn 1", OrgUnitKind.Village, 10),
        new OrgNode(12, "V12", "Thôn 2", OrgUnitKind.Village, 10),
        new OrgNode(13, "V13", "Thôn 3", OrgUnitKind.Village, 10),
    ]);

    private static readonly ElementDef Count = new(1, "COUNT", AggregationType.Sum, Whole: true);
    private static readonly ElementDef Amount = new(2, "AMOUNT", AggregationType.Sum);
    private static readonly ElementDef Stock = new(3, "STOCK", AggregationType.Last);

    private static ValueStore NewStore() => new(Tree, [Count, Amount, Stock]);
    private static readonly Period Jan = Period.Parse("2025-01");

    [Fact]
    public void A_small_whole_number_survives_a_huge_one_written_and_removed_beside_it()
    {
        var s = NewStore();
        s.Set(1, 11, Jan, 1);
        s.Set(1, 12, Jan, ValueBounds.WholeLimit);
        s.Set(1, 13, Jan, ValueBounds.WholeLimit - 1);
        Assert.Equal(2 * ValueBounds.WholeLimit, s.Get(1, 1, PeriodRange.Parse("2025-01")).Value);
        s.Remove(1, 12, Jan);
        s.Set(1, 13, Jan, 0);
        Assert.Equal(new Aggregate(1, 2), s.Get(1, 10, PeriodRange.Parse("2025-01")));
    }

    [Fact]
    public void Whole_totals_over_many_periods_are_added_exactly_beyond_two_to_the_53()
    {
        var s = NewStore();
        for (var m = 1; m <= 12; m++)
        {
            s.Set(1, 11, Period.Month(2025, m), ValueBounds.WholeLimit);
            s.Set(1, 12, Period.Month(2025, m), ValueBounds.WholeLimit);
        }
        s.Set(1, 13, Jan, 1);
        // 2.4e11 + 1 is exact in a double; what matters is that no step rounded on the way.
        Assert.Equal(24 * ValueBounds.WholeLimit + 1, s.Get(1, 1, PeriodRange.Parse("2025")).Value);
    }

    [Fact]
    public void Fractions_keep_their_total_after_a_large_value_comes_and_goes()
    {
        var s = NewStore();
        s.Set(2, 11, Jan, 0.1);
        s.Set(2, 12, Jan, 0.2);
        s.Set(2, 13, Jan, ValueBounds.Limit);
        s.Set(2, 13, Jan, ValueBounds.Limit / 3);
        s.Remove(2, 13, Jan);
        // Plain running sums would give 0.30000762939453125 here.
        Assert.Equal(0.1 + 0.2, s.Get(2, 1, PeriodRange.Parse("2025-01")).Value!.Value, 15);
        s.Set(3, 11, Jan, 0.25);
        s.Set(3, 12, Jan, ValueBounds.Limit);
        s.Remove(3, 12, Jan);
        Assert.Equal(0.25, s.Get(3, 10, PeriodRange.Parse("2025")).Value);
    }

    [Theory]
    [InlineData(1, 1e17)]
    [InlineData(1, double.MaxValue)]
    [InlineData(1, double.PositiveInfinity)]
    [InlineData(1, double.NaN)]
    [InlineData(1, 0.5)]
    [InlineData(2, 1e13)]
    [InlineData(2, double.NegativeInfinity)]
    public void A_value_the_store_cannot_hold_is_refused_and_changes_nothing(int element, double value)
    {
        var s = NewStore();
        s.Set(element, 11, Jan, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Set(element, 12, Jan, value));
        Assert.Equal(new Aggregate(3, 1), s.Get(element, 1, PeriodRange.Parse("2025-01")));
    }

    [Fact]
    public void Loading_leaves_out_values_stored_before_they_were_bounded()
    {
        var s = NewStore();
        s.Load([new(1, 11, Jan, 4), new(1, 12, Jan, 1.7e308), new(1, 13, Jan, 1.7e308), new(2, 11, Jan, double.PositiveInfinity), new(2, 12, Jan, 2.5)]);
        Assert.Equal(3, s.Skipped);
        Assert.Equal(new Aggregate(4, 1), s.Get(1, 1, PeriodRange.Parse("2025-01")));
        Assert.Equal(new Aggregate(2.5, 1), s.Get(2, 1, PeriodRange.Parse("2025-01")));
    }

    [Fact]
    public void Random_writes_and_removals_of_whole_numbers_always_equal_a_fresh_sum()
    {
        var s = NewStore();
        var rng = new Random(20261202);
        var own = new Dictionary<(int Unit, int Month), double>();
        for (var i = 0; i < 20_000; i++)
        {
            var unit = 11 + rng.Next(3);
            var month = 1 + rng.Next(12);
            if (rng.Next(4) == 0) { s.Remove(1, unit, Period.Month(2025, month)); own.Remove((unit, month)); }
            else
            {
                var v = rng.Next(3) == 0 ? Math.Floor(rng.NextDouble() * ValueBounds.WholeLimit) : rng.Next(100);
                s.Set(1, unit, Period.Month(2025, month), v);
                own[(unit, month)] = v;
            }
        }
        var expected = own.Values.Aggregate(0L, (a, v) => a + (long)v);
        Assert.Equal(own.Count == 0 ? null : expected, s.Get(1, 1, PeriodRange.Parse("2025")).Value);
    }
}
