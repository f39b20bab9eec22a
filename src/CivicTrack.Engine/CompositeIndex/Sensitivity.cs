namespace CivicTrack.Engine.CompositeIndex;

/// <summary>How solid the ranks are: every weight (each component's and each pillar's) is multiplied by a factor drawn
/// uniformly from [0.8, 1.2], the index recomputed, and each unit's ranks over all draws summarised as min, max and median.
/// Draws come from <see cref="Random"/> with the given seed, in a fixed order (per draw: each pillar's factor, then each
/// of its components' factors), so the same seed gives the same ranges.</summary>
public static class Sensitivity
{
    /// <summary>The most draws one request may ask for.</summary>
    public const int MaxDraws = 5_000;

    /// <summary>The draws used when none are asked for.</summary>
    public const int DefaultDraws = 1_000;

    /// <summary>The half-width of the factor range: weights vary by ±20%.</summary>
    public const double Spread = 0.2;

    /// <summary>Each unit's rank range over <paramref name="draws"/> random weightings; units without a total are left out.</summary>
    /// <param name="spec">The index definition.</param>
    /// <param name="values">The raw values of the units ranked.</param>
    /// <param name="draws">How many weightings (1 to <see cref="MaxDraws"/>).</param>
    /// <param name="seed">The seed of the random draws.</param>
    public static IReadOnlyList<RankRange> Run(IndexSpec spec, IndexValues values, int draws, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(draws, MaxDraws);
        var normalised = IndexCalculator.Normalise(spec, values);
        var units = values.Units;
        var ranks = new int[units.Count][];
        for (var u = 0; u < units.Count; u++) ranks[u] = new int[draws];
        var random = new Random(seed);
        var pillarWeights = new double[spec.Pillars.Count];
        var componentWeights = spec.Pillars.Select(p => new double[p.Components.Count]).ToArray();
        var totals = new double?[units.Count];
        for (var d = 0; d < draws; d++)
        {
            for (var p = 0; p < spec.Pillars.Count; p++)
            {
                pillarWeights[p] = spec.Pillars[p].Points * Factor(random);
                for (var c = 0; c < componentWeights[p].Length; c++)
                    componentWeights[p][c] = spec.Pillars[p].Components[c].Weight * Factor(random);
            }
            for (var u = 0; u < units.Count; u++)
                totals[u] = IndexCalculator.Aggregate(spec, normalised[u], pillarWeights, componentWeights).Total;
            var drawn = IndexCalculator.Rank(totals);
            for (var u = 0; u < units.Count; u++) ranks[u][d] = drawn[u] ?? 0;
        }
        var result = new List<RankRange>();
        for (var u = 0; u < units.Count; u++)
        {
            if (ranks[u][0] == 0) continue;
            Array.Sort(ranks[u]);
            var median = draws % 2 == 1 ? ranks[u][draws / 2] : (ranks[u][draws / 2 - 1] + ranks[u][draws / 2]) / 2.0;
            result.Add(new(units[u], ranks[u][0], ranks[u][^1], median));
        }
        return result;
    }

    private static double Factor(Random random) => 1 - Spread + 2 * Spread * random.NextDouble();
}
