namespace CivicTrack.Engine.Analytics;

/// <summary>How a data element's values combine across units and periods.</summary>
/// <remarks>Sum adds everything (households reached, officials trained). Average divides the sum by the number
/// of reported values. Last takes, for a period range, the latest period that has any value in the subtree
/// and sums the units there (stock figures such as "households": a year is its last month, not twelve
/// months added). Min and Max take the extreme reported value.</remarks>
public enum AggregationType
{
    /// <summary>The total of every reported value.</summary>
    Sum,
    /// <summary>The total divided by the number of reported values.</summary>
    Average,
    /// <summary>The total of the latest period in the range that has any value in the subtree.</summary>
    Last,
    /// <summary>The smallest reported value.</summary>
    Min,
    /// <summary>The largest reported value.</summary>
    Max,
}

/// <summary>What a data element holds; Boolean is stored as 1 (yes) or 0 (no).</summary>
public enum ValueType
{
    /// <summary>Any number, fractions included.</summary>
    Number,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A percentage from 0 to 100.</summary>
    Percent,
    /// <summary>Yes or no, stored as 1 or 0.</summary>
    Boolean,
}
