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

    /// <summary>The data elements whose code or name in <paramref name="language"/> (or Vietnamese) holds every word of
    /// <paramref name="text"/>, diacritics and case ignored: codes that start with the text first, then by code.</summary>
    public IReadOnlyList<DataElement> FindElements(string? text, string language, int limit)
    {
        var query = Engine.Text.VietnameseText.Fold(text);
        return Elements
            .Where(e => query.Length == 0
                || Engine.Text.VietnameseText.MatchesFolded(Engine.Text.VietnameseText.Fold(e.Code), query)
                || Engine.Text.VietnameseText.MatchesFolded(Engine.Text.VietnameseText.Fold(e.Name.Pick(language)), query)
                || Engine.Text.VietnameseText.MatchesFolded(Engine.Text.VietnameseText.Fold(e.Name.In(Engine.Text.LocalText.Fallback)), query))
            .OrderBy(e => Engine.Text.VietnameseText.Fold(e.Code).StartsWith(query, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(e => e.Code, StringComparer.Ordinal)
            .Take(limit).ToList();
    }

    public static ElementDef Def(DataElement e) => new(e.Id, e.Code, e.Aggregation, ValueBounds.IsWhole(e.ValueType));
}
