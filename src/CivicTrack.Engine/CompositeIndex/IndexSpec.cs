namespace CivicTrack.Engine.CompositeIndex;

/// <summary>How a component's raw values become scores between 0 and 1.</summary>
public enum Normalisation
{
    /// <summary>(x − min) ÷ (max − min) across the units ranked; (max − x) ÷ (max − min) when lower is better; every unit
    /// scores 1 when all values are equal.</summary>
    MinMax,
    /// <summary>Distance to a target: min(1, x ÷ target) (0 for x ≤ 0); when lower is better min(1, target ÷ x) (1 for x ≤ 0).</summary>
    DistanceToTarget,
    /// <summary>z = (x − mean) ÷ σ (population σ across the units ranked, negated when lower is better), mapped to
    /// 0–1 by clamp((z + 3) ÷ 6, 0, 1); every unit scores 0.5 when σ is 0.</summary>
    ZScore,
}

/// <summary>How scores are combined, within a pillar and across pillars.</summary>
public enum Aggregation
{
    /// <summary>Weighted arithmetic mean: Σ wᵢsᵢ ÷ Σ wᵢ.</summary>
    Linear,
    /// <summary>Weighted geometric mean: Π max(sᵢ, ε)^(wᵢ ÷ Σ w), with the floor ε = <see cref="IndexCalculator.GeometricFloor"/>
    /// so that one zero does not wipe out every other score.</summary>
    Geometric,
}

/// <summary>What a missing value does to its pillar (and a missing pillar to the total).</summary>
public enum MissingRule
{
    /// <summary>Left out: the weights of the values present are re-scaled to sum to the whole.</summary>
    Skip,
    /// <summary>Counted as a score of 0 with its full weight (a pillar without any value still has no score, and counts 0 in the total).</summary>
    Zero,
}

/// <summary>Whether a larger raw value is better or worse.</summary>
public enum Direction
{
    /// <summary>A larger value is better.</summary>
    HigherIsBetter,
    /// <summary>A smaller value is better.</summary>
    LowerIsBetter,
}

/// <summary>One component of a pillar: the figure read (an indicator code), its weight inside the pillar, its direction,
/// its normalisation and, for <see cref="Normalisation.DistanceToTarget"/>, the target value.</summary>
/// <param name="Code">The indicator code whose value is read per unit.</param>
/// <param name="Weight">The weight inside the pillar, finite and above 0.</param>
/// <param name="Direction">Whether a larger value is better.</param>
/// <param name="Normalisation">How values become 0–1 scores.</param>
/// <param name="Target">The target (above 0) for distance to target; ignored otherwise.</param>
public sealed record IndexComponent(string Code, double Weight, Direction Direction, Normalisation Normalisation, double? Target = null);

/// <summary>A pillar: its points (which are also its weight in the total) and its components.</summary>
/// <param name="Code">The pillar's code, such as <c>digital-government</c>.</param>
/// <param name="Points">The points the pillar is worth (DTI: 100, 150 or 200), above 0.</param>
/// <param name="Components">Its components; a pillar without any has no score for any unit.</param>
public sealed record IndexPillar(string Code, double Points, IReadOnlyList<IndexComponent> Components);

/// <summary>A composite index: pillars, the aggregation used within and across them, and the missing-value rule.</summary>
/// <param name="Pillars">The pillars in the order they are shown.</param>
/// <param name="Aggregation">Linear or geometric, within pillars and across them.</param>
/// <param name="Missing">What a missing value does.</param>
public sealed record IndexSpec(IReadOnlyList<IndexPillar> Pillars, Aggregation Aggregation, MissingRule Missing)
{
    /// <summary>The sum of the pillars' points: the points of a unit scoring 1 everywhere.</summary>
    public double TotalPoints => Pillars.Sum(p => p.Points);
}

/// <summary>A component of one unit: its raw value (null when missing) and its 0–1 score.</summary>
/// <param name="Code">The component's indicator code.</param>
/// <param name="Raw">The value read, null when the unit has none.</param>
/// <param name="Score">The normalised score, null when the value is missing.</param>
public sealed record ComponentScore(string Code, double? Raw, double? Score);

/// <summary>A pillar of one unit: its 0–1 score and points (null when no component had a value) and its components.</summary>
/// <param name="Code">The pillar's code.</param>
/// <param name="Score">0–1, null when none of its components has a value.</param>
/// <param name="Points">Score × the pillar's points.</param>
/// <param name="Components">The components in the pillar's order.</param>
public sealed record PillarScore(string Code, double? Score, double? Points, IReadOnlyList<ComponentScore> Components);

/// <summary>One unit's result: total score and points, rank (null when it has no total) and its pillars.</summary>
/// <param name="Unit">The unit's code.</param>
/// <param name="Score">0–1 total, null when no pillar has a score.</param>
/// <param name="Points">Total score × the index's total points.</param>
/// <param name="Rank">1 for the best; ties share the better rank (1, 2, 2, 4); null without a total.</param>
/// <param name="Pillars">The pillars in the index's order.</param>
public sealed record UnitScore(string Unit, double? Score, double? Points, int? Rank, IReadOnlyList<PillarScore> Pillars);

/// <summary>A unit's movement against the previous period.</summary>
/// <param name="Unit">The unit's code.</param>
/// <param name="ScoreChange">Total score now minus before, null when either is missing.</param>
/// <param name="RankChange">Rank before minus rank now (positive: moved up), null when either is missing.</param>
public sealed record UnitChange(string Unit, double? ScoreChange, int? RankChange);

/// <summary>How solid a unit's rank is when the weights vary.</summary>
/// <param name="Unit">The unit's code.</param>
/// <param name="Min">The best rank seen.</param>
/// <param name="Max">The worst rank seen.</param>
/// <param name="Median">The median rank over the draws.</param>
public sealed record RankRange(string Unit, int Min, int Max, double Median);
