namespace CivicTrack.Engine.CompositeIndex;

/// <summary>The raw values of the units to rank: per unit, per component code, a value (absent or non-finite = missing).</summary>
public sealed class IndexValues
{
    private readonly Dictionary<string, Dictionary<string, double>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _units = [];

    /// <summary>The units in the order they were added.</summary>
    public IReadOnlyList<string> Units => _units;

    /// <summary>Adds a unit (once) without values; it is ranked with missing values.</summary>
    /// <param name="unit">The unit's code.</param>
    public IndexValues Add(string unit)
    {
        if (!_values.ContainsKey(unit))
        {
            _values[unit] = new(StringComparer.Ordinal);
            _units.Add(unit);
        }
        return this;
    }

    /// <summary>Sets a unit's value of a component (adding the unit if new); a null or non-finite value stays missing.</summary>
    /// <param name="unit">The unit's code.</param>
    /// <param name="code">The component's code.</param>
    /// <param name="value">The raw value.</param>
    public IndexValues Set(string unit, string code, double? value)
    {
        Add(unit);
        if (value is { } v && double.IsFinite(v)) _values[unit][code] = v;
        return this;
    }

    /// <summary>A unit's value of a component, or null when missing.</summary>
    /// <param name="unit">The unit's code.</param>
    /// <param name="code">The component's code.</param>
    public double? Get(string unit, string code) =>
        _values.TryGetValue(unit, out var row) && row.TryGetValue(code, out var v) ? v : null;
}

/// <summary>Computes a composite index: normalisation per component, aggregation within and across pillars, missing-value
/// rule, points, ranks; and the rank ranges under random weights (<see cref="Sensitivity"/>).</summary>
public static class IndexCalculator
{
    /// <summary>The floor a score is raised to before a geometric mean, so a zero lowers the mean without annulling it.</summary>
    public const double GeometricFloor = 0.01;

    /// <summary>Scores and ranks every unit of <paramref name="values"/> under <paramref name="spec"/>; the answer is sorted
    /// by rank (units without a total last), then by unit code.</summary>
    /// <param name="spec">The index definition.</param>
    /// <param name="values">The raw values of the units ranked.</param>
    public static IReadOnlyList<UnitScore> Compute(IndexSpec spec, IndexValues values)
    {
        var normalised = Normalise(spec, values);
        var pillarWeights = spec.Pillars.Select(p => p.Points).ToArray();
        var componentWeights = spec.Pillars.Select(p => p.Components.Select(c => c.Weight).ToArray()).ToArray();
        var units = values.Units;
        var pillarScores = new double?[units.Count][];
        var totals = new double?[units.Count];
        for (var u = 0; u < units.Count; u++)
            (pillarScores[u], totals[u]) = Aggregate(spec, normalised[u], pillarWeights, componentWeights);
        var ranks = Rank(totals);
        var totalPoints = spec.TotalPoints;
        var result = new List<UnitScore>(units.Count);
        for (var u = 0; u < units.Count; u++)
        {
            var pillars = new List<PillarScore>(spec.Pillars.Count);
            for (var p = 0; p < spec.Pillars.Count; p++)
            {
                var pillar = spec.Pillars[p];
                var components = pillar.Components.Select((c, i) => new ComponentScore(c.Code, values.Get(units[u], c.Code), normalised[u][p][i])).ToList();
                pillars.Add(new(pillar.Code, pillarScores[u][p], pillarScores[u][p] * pillar.Points, components));
            }
            result.Add(new(units[u], totals[u], totals[u] * totalPoints, ranks[u], pillars));
        }
        return [.. result.OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Unit, StringComparer.Ordinal)];
    }

    /// <summary>Each unit's change against an earlier result: score now minus before, rank before minus now.</summary>
    /// <param name="current">This period's result.</param>
    /// <param name="previous">The previous period's result (units absent there have no change).</param>
    public static IReadOnlyList<UnitChange> Change(IReadOnlyList<UnitScore> current, IReadOnlyList<UnitScore> previous)
    {
        var before = previous.ToDictionary(p => p.Unit, StringComparer.Ordinal);
        return [.. current.Select(c => before.TryGetValue(c.Unit, out var b)
            ? new UnitChange(c.Unit, c.Score - b.Score, b.Rank - c.Rank)
            : new UnitChange(c.Unit, null, null))];
    }

    /// <summary>Competition ranks of totals, highest first: ties share the better rank (1, 2, 2, 4); nulls get none.
    /// Totals equal to 10 decimals are ties, so rounding noise does not split them.</summary>
    /// <param name="totals">The totals, one per unit.</param>
    public static int?[] Rank(IReadOnlyList<double?> totals)
    {
        var ranks = new int?[totals.Count];
        var keyed = new double[totals.Count];
        for (var i = 0; i < totals.Count; i++) keyed[i] = totals[i] is { } t ? Math.Round(t, 10) : double.NaN;
        for (var i = 0; i < totals.Count; i++)
        {
            if (double.IsNaN(keyed[i])) continue;
            var better = 0;
            for (var j = 0; j < totals.Count; j++)
                if (!double.IsNaN(keyed[j]) && keyed[j] > keyed[i]) better++;
            ranks[i] = better + 1;
        }
        return ranks;
    }

    /// <summary>Scores per unit, pillar and component (null where the value is missing).</summary>
    internal static double?[][][] Normalise(IndexSpec spec, IndexValues values)
    {
        var units = values.Units;
        var result = new double?[units.Count][][];
        for (var u = 0; u < units.Count; u++)
            result[u] = [.. spec.Pillars.Select(p => new double?[p.Components.Count])];
        for (var p = 0; p < spec.Pillars.Count; p++)
            for (var c = 0; c < spec.Pillars[p].Components.Count; c++)
            {
                var component = spec.Pillars[p].Components[c];
                var raw = units.Select(u => values.Get(u, component.Code)).ToArray();
                var scores = NormaliseComponent(component, raw);
                for (var u = 0; u < units.Count; u++) result[u][p][c] = scores[u];
            }
        return result;
    }

    /// <summary>One component's scores across the units (null stays null).</summary>
    /// <param name="component">The component, with its direction, normalisation and target.</param>
    /// <param name="raw">The units' raw values.</param>
    public static double?[] NormaliseComponent(IndexComponent component, IReadOnlyList<double?> raw)
    {
        var present = raw.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        var lower = component.Direction == Direction.LowerIsBetter;
        var scores = new double?[raw.Count];
        if (present.Length == 0) return scores;
        switch (component.Normalisation)
        {
            case Normalisation.MinMax:
                {
                    double min = present.Min(), max = present.Max(), span = max - min;
                    for (var i = 0; i < raw.Count; i++)
                        if (raw[i] is { } x) scores[i] = span <= 0 ? 1 : lower ? (max - x) / span : (x - min) / span;
                    break;
                }
            case Normalisation.DistanceToTarget:
                {
                    var target = component.Target ?? throw new ArgumentException($"Component {component.Code} needs a target.", nameof(component));
                    for (var i = 0; i < raw.Count; i++)
                        if (raw[i] is { } x)
                            scores[i] = lower ? (x <= 0 ? 1 : Math.Min(1, target / x)) : (x <= 0 ? 0 : Math.Min(1, x / target));
                    break;
                }
            case Normalisation.ZScore:
                {
                    var mean = present.Average();
                    var sd = Math.Sqrt(present.Sum(x => (x - mean) * (x - mean)) / present.Length);
                    for (var i = 0; i < raw.Count; i++)
                        if (raw[i] is { } x)
                        {
                            if (sd <= 0) { scores[i] = 0.5; continue; }
                            var z = (x - mean) / sd * (lower ? -1 : 1);
                            scores[i] = Math.Clamp((z + 3) / 6, 0, 1);
                        }
                    break;
                }
        }
        return scores;
    }

    /// <summary>A unit's pillar scores and total from its component scores and the given weights.</summary>
    internal static (double?[] Pillars, double? Total) Aggregate(IndexSpec spec, double?[][] scores, double[] pillarWeights, double[][] componentWeights)
    {
        var pillars = new double?[spec.Pillars.Count];
        for (var p = 0; p < pillars.Length; p++)
            pillars[p] = Combine(scores[p], componentWeights[p], spec.Aggregation, spec.Missing);
        return (pillars, Combine(pillars, pillarWeights, spec.Aggregation, spec.Missing));
    }

    /// <summary>The weighted mean of the scores present; null when none is. Under <see cref="MissingRule.Zero"/> a missing
    /// score counts as 0 with its weight.</summary>
    private static double? Combine(double?[] scores, double[] weights, Aggregation aggregation, MissingRule missing)
    {
        if (!scores.Any(s => s.HasValue)) return null;
        double weightSum = 0, sum = 0, logSum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] is not { } s)
            {
                if (missing == MissingRule.Skip) continue;
                s = 0;
            }
            weightSum += weights[i];
            sum += weights[i] * s;
            logSum += weights[i] * Math.Log(Math.Max(s, GeometricFloor));
        }
        if (weightSum <= 0) return null;
        var mean = aggregation == Aggregation.Geometric ? Math.Exp(logSum / weightSum) : sum / weightSum;
        return Math.Clamp(mean, 0, 1);
    }
}
