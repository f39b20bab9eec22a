namespace CivicTrack.Engine.Plans;

/// <summary>How a target's actual value is compared with its target value.</summary>
public enum TargetComparison
{
    /// <summary>Reached when the actual is at least the target.</summary>
    AtLeast,
    /// <summary>Reached when the actual is at most the target.</summary>
    AtMost,
    /// <summary>Reached when the actual equals the target, to a relative difference of 1e-9.</summary>
    Equal,
    /// <summary>A milestone: an actual of 1 or more means done.</summary>
    Done,
}

/// <summary>A target's status, from worst to best after <see cref="NoData"/>.</summary>
public enum TargetStatus
{
    /// <summary>No actual value to judge.</summary>
    NoData,
    /// <summary>Not reached by the deadline, or short of the line by more than the margin.</summary>
    Behind,
    /// <summary>Short of the line, but within the margin; for a milestone, near or on its deadline.</summary>
    AtRisk,
    /// <summary>Not yet reached, but on or ahead of the line (for a milestone, with time to spare).</summary>
    OnTrack,
    /// <summary>The comparison holds.</summary>
    Achieved,
    /// <summary>Reached, with the target beaten by at least the margin.</summary>
    Exceeded,
}

/// <summary>A target: reach <paramref name="Value"/> by <paramref name="Deadline"/>, starting from
/// <paramref name="Baseline"/> on <paramref name="Start"/>. For <see cref="TargetComparison.Done"/>, 1 means done.</summary>
public sealed record TargetRule(TargetComparison Comparison, double Value, double? Baseline, DateOnly Start, DateOnly Deadline);

/// <summary>Target status: whether the comparison holds, and before the deadline how the actual stands
/// against the straight line from baseline to target.</summary>
public static class TargetStatuses
{
    /// <summary>Fraction by which a result must beat the target to count as exceeded, and the width of the
    /// at-risk band below (or above) the line.</summary>
    public const double Margin = 0.1;

    private const double Tolerance = 1e-9;

    /// <summary>The status of <paramref name="actual"/> against <paramref name="rule"/> on <paramref name="asOf"/>.</summary>
    public static TargetStatus Evaluate(TargetRule rule, double? actual, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (actual is not { } a || !double.IsFinite(a)) return TargetStatus.NoData;

        if (Holds(rule.Comparison, a, rule.Value))
            return IsExceeded(rule.Comparison, a, rule.Value) ? TargetStatus.Exceeded : TargetStatus.Achieved;

        if (asOf > rule.Deadline) return TargetStatus.Behind;

        if (rule.Comparison == TargetComparison.Done)
        {
            var span = rule.Deadline.DayNumber - rule.Start.DayNumber;
            var remaining = rule.Deadline.DayNumber - asOf.DayNumber;
            // On the deadline day nothing remains, which is at risk even when the span is a single day.
            return remaining == 0 || remaining < Margin * span ? TargetStatus.AtRisk : TargetStatus.OnTrack;
        }

        var rising = rule.Comparison switch
        {
            TargetComparison.AtLeast => true,
            TargetComparison.AtMost => false,
            _ => rule.Value >= (rule.Baseline ?? 0),
        };
        if (!rising && rule.Baseline is null) return TargetStatus.OnTrack;

        var expected = Line(rule.Baseline ?? 0, rule.Value, rule.Start, rule.Deadline, asOf);
        var band = Margin * Math.Abs(expected);
        if (rising)
            return AtLeast(a, expected) ? TargetStatus.OnTrack
                : AtLeast(a, expected - band) ? TargetStatus.AtRisk
                : TargetStatus.Behind;
        return AtLeast(expected, a) ? TargetStatus.OnTrack
            : AtLeast(expected + band, a) ? TargetStatus.AtRisk
            : TargetStatus.Behind;
    }

    /// <summary>The value on the straight line from (Start, Baseline) to (Deadline, Value) at
    /// <paramref name="asOf"/> clamped to [Start, Deadline]; null when there is no baseline or for milestones.</summary>
    public static double? Expected(TargetRule rule, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Comparison == TargetComparison.Done || rule.Baseline is not { } baseline) return null;
        return Line(baseline, rule.Value, rule.Start, rule.Deadline, asOf);
    }

    /// <summary>Whether <paramref name="actual"/> satisfies the comparison with <paramref name="value"/>.
    /// Equal allows a relative difference of 1e-9; Done holds when the actual is at least 1.</summary>
    public static bool Holds(TargetComparison c, double actual, double value) => c switch
    {
        TargetComparison.AtLeast => actual >= value,
        TargetComparison.AtMost => actual <= value,
        TargetComparison.Equal => Math.Abs(actual - value) <= Tolerance * Math.Max(Math.Abs(actual), Math.Abs(value)),
        TargetComparison.Done => actual >= 1,
        _ => false,
    };

    /// <summary>Whether the status means the target was reached.</summary>
    public static bool IsAchieved(TargetStatus s) => s is TargetStatus.Achieved or TargetStatus.Exceeded;

    /// <summary>The status of a target over many units: NoData when no unit has data, otherwise the worst status
    /// among units with data (so Exceeded only when every one of them exceeded).</summary>
    public static TargetStatus Combine(IEnumerable<TargetStatus> perUnit)
    {
        ArgumentNullException.ThrowIfNull(perUnit);
        var worst = TargetStatus.NoData;
        foreach (var s in perUnit)
            if (s != TargetStatus.NoData && (worst == TargetStatus.NoData || s < worst))
                worst = s;
        return worst;
    }

    /// <summary>A target every unit of a kind must reach, as of a day: the worst status among units with data, but
    /// never achieved while a unit reported nothing — such a target is at risk before its deadline, behind after it.</summary>
    public static TargetStatus Combine(IReadOnlyCollection<TargetStatus> perUnit, DateOnly deadline, DateOnly asOf)
    {
        var combined = Combine(perUnit);
        if (combined == TargetStatus.NoData || !perUnit.Contains(TargetStatus.NoData)) return combined;
        var silent = asOf > deadline ? TargetStatus.Behind : TargetStatus.AtRisk;
        return combined < silent ? combined : silent;
    }

    // A 10% margin on a positive target; with zero or negative targets "10% better" has no sensible meaning.
    private static bool IsExceeded(TargetComparison c, double actual, double value) => c switch
    {
        TargetComparison.AtLeast => value > 0 && AtLeast(actual, value * (1 + Margin)),
        TargetComparison.AtMost => value > 0 && AtLeast(value * (1 - Margin), actual),
        _ => false,
    };

    private static double Line(double baseline, double value, DateOnly start, DateOnly deadline, DateOnly asOf)
    {
        var span = deadline.DayNumber - start.DayNumber;
        if (span <= 0) return asOf < start ? baseline : value;
        var elapsed = Math.Clamp(asOf.DayNumber - start.DayNumber, 0, span);
        return baseline + (value - baseline) * elapsed / span;
    }

    // a >= b, forgiving rounding so that boundaries given in decimal (110 vs 100 × 1.1) land where a person expects.
    private static bool AtLeast(double a, double b) =>
        a >= b - Tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
