namespace CivicTrack.Engine.Analytics;

/// <summary>How a data element's values combine across units and periods.</summary>
/// <remarks>Sum adds everything (households reached, officials trained). Average divides the sum by the number
/// of reported values. Last takes, for a period range, the latest period that has any value in the subtree
/// and sums the units there (stock figures such as "households": a year is its last month, not twelve
/// months added). Min and Max take the extreme reported value.</remarks>
public enum AggregationType { Sum, Average, Last, Min, Max }

/// <summary>What a data element holds; Boolean is stored as 1 (yes) or 0 (no).</summary>
public enum ValueType { Number, Integer, Percent, Boolean }
