namespace CivicTrack.Engine.Analytics;

/// <summary>An inclusive range of values.</summary>
public readonly record struct ValueRange(double Min, double Max)
{
    /// <summary>Whether the value lies between <see cref="Min"/> and <see cref="Max"/>, both included.</summary>
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>The ranges data values must lie in, and why they keep every total exact.</summary>
/// <remarks>
/// Whole-number elements (Integer, Boolean) are summed in doubles, which hold every whole number up to 2^53
/// (about 9.0e15) exactly. With values at most <see cref="WholeLimit"/> in size, one period's total over
/// 900,000 units stays below that, so every addition and removal in the store is exact; totals over several
/// periods are added in 64-bit integers. Other elements (Number, Percent) may hold fractions, which no binary
/// sum keeps exact: their totals carry a compensation term (Neumaier's summation), so adding and later
/// removing a large value leaves the small ones as they were to within the last bit. <see cref="Limit"/>
/// bounds them so that no total can overflow.
/// </remarks>
public static class ValueBounds
{
    /// <summary>The largest size of a whole-number value (ten billion).</summary>
    public const double WholeLimit = 1e10;

    /// <summary>The largest size of any value (a million million).</summary>
    public const double Limit = 1e12;

    /// <summary>True when the element's values are whole numbers, whose totals are exact.</summary>
    public static bool IsWhole(ValueType type) => type is ValueType.Integer or ValueType.Boolean;

    /// <summary>The range no element may be set beyond.</summary>
    public static ValueRange Hard(ValueType type) => type switch
    {
        ValueType.Integer => new(-WholeLimit, WholeLimit),
        ValueType.Boolean => new(0, 1),
        ValueType.Percent => new(0, 100),
        _ => new(-Limit, Limit),
    };

    /// <summary>The range of an element that sets none of its own: counts are not negative and stay under a
    /// billion; plain numbers within a billion either way.</summary>
    public static ValueRange Default(ValueType type) => type switch
    {
        ValueType.Integer => new(0, 1e9),
        ValueType.Boolean => new(0, 1),
        ValueType.Percent => new(0, 100),
        _ => new(-1e9, 1e9),
    };

    /// <summary>The element's range: its own bounds where set, else the default, never beyond the hard limits.</summary>
    public static ValueRange For(ValueType type, double? min, double? max)
    {
        var hard = Hard(type);
        var fallback = Default(type);
        return new(Math.Max(hard.Min, min ?? fallback.Min), Math.Min(hard.Max, max ?? fallback.Max));
    }

    /// <summary>True when the store can hold the value for an element of this kind.</summary>
    public static bool Storable(double value, bool whole) =>
        double.IsFinite(value) && (whole ? Math.Abs(value) <= WholeLimit && value == Math.Floor(value) : Math.Abs(value) <= Limit);
}
