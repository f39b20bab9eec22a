using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Text;

namespace CivicTrack.Features.Indicators;

/// <summary>A pillar of the programme ("digital government", "digital society"...) that groups indicators.</summary>
public sealed class Pillar
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required LocalText Name { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>One figure a unit reports for a period ("households with a VNeID account").</summary>
public sealed class DataElement
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required LocalText Name { get; set; }
    public Engine.Analytics.ValueType ValueType { get; set; }
    public AggregationType Aggregation { get; set; }
    /// <summary>What is counted ("hộ" / "households"); empty for plain numbers.</summary>
    public LocalText Unit { get; set; } = LocalText.Empty;
    public int? PillarId { get; set; }
    public Pillar? Pillar { get; set; }
    /// <summary>The smallest value accepted; null for the value type's default (<see cref="ValueBounds.Default"/>).</summary>
    public double? MinValue { get; set; }
    /// <summary>The largest value accepted; null for the value type's default.</summary>
    public double? MaxValue { get; set; }

    /// <summary>The values this element accepts.</summary>
    public ValueRange Range => ValueBounds.For(ValueType, MinValue, MaxValue);
}

public enum IndicatorDirection { HigherIsBetter, LowerIsBetter }

/// <summary>A figure computed from data elements: factor × numerator ÷ denominator, each an expression.</summary>
public sealed class Indicator
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required LocalText Name { get; set; }
    public int? PillarId { get; set; }
    public Pillar? Pillar { get; set; }
    /// <summary>An expression over data elements, such as <c>#{HH_VNEID}</c>.</summary>
    public required string Numerator { get; set; }
    /// <summary>Empty when the indicator is the numerator itself (a count).</summary>
    public string? Denominator { get; set; }
    public double Factor { get; set; } = 1;
    public IndicatorDirection Direction { get; set; }
    public int Decimals { get; set; } = 1;
    /// <summary>"%" for percentages, else what is counted.</summary>
    public LocalText Unit { get; set; } = LocalText.Empty;
    public int SortOrder { get; set; }
}

public enum ValueSource { Entry, Import, Computed, Federation }

/// <summary>The value of a data element at the unit and period where it was reported.</summary>
public sealed class DataValue
{
    public long Id { get; set; }
    public int DataElementId { get; set; }
    public int OrgUnitId { get; set; }
    /// <summary>The period id: "2025", "2025S1", "2025Q3", "2025-10", "2025W42" or "2025-10-10".</summary>
    public required string Period { get; set; }
    public double Value { get; set; }
    public ValueSource Source { get; set; }
    public string? Comment { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
