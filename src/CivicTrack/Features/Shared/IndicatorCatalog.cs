using CivicTrack.Engine.Analytics;
using CivicTrack.Features.Indicators;

namespace CivicTrack.Features.Shared;

/// <summary>The indicator framework as loaded: elements and indicators by code, with compiled formulas.</summary>
public sealed class IndicatorCatalog
{
    public IndicatorCatalog(IReadOnlyList<Pillar> pillars, IReadOnlyList<DataElement> elements, IReadOnlyList<Indicator> indicators)
    {
        Pillars = pillars;
        Elements = elements;
        Indicators = indicators;
        ElementsByCode = elements.ToDictionary(e => e.Code, StringComparer.Ordinal);
        ElementsById = elements.ToDictionary(e => e.Id);
        IndicatorsByCode = indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        IndicatorsById = indicators.ToDictionary(i => i.Id);
        PillarsById = pillars.ToDictionary(p => p.Id);
        Formulas = indicators.ToDictionary(i => i.Id, i => IndicatorFormula.Compile(i.Numerator, i.Denominator, i.Factor).Formula);
    }

    public IReadOnlyList<Pillar> Pillars { get; }
    public IReadOnlyList<DataElement> Elements { get; }
    public IReadOnlyList<Indicator> Indicators { get; }
    public IReadOnlyDictionary<string, DataElement> ElementsByCode { get; }
    public IReadOnlyDictionary<int, DataElement> ElementsById { get; }
    public IReadOnlyDictionary<string, Indicator> IndicatorsByCode { get; }
    public IReadOnlyDictionary<int, Indicator> IndicatorsById { get; }
    public IReadOnlyDictionary<int, Pillar> PillarsById { get; }
    /// <summary>Null for an indicator whose stored expression no longer parses.</summary>
    public IReadOnlyDictionary<int, IndicatorFormula?> Formulas { get; }

    public static ElementDef Def(DataElement e) => new(e.Id, e.Code, e.Aggregation, ValueBounds.IsWhole(e.ValueType));
}
