using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Indicators;

/// <summary>The default library of pillars, data elements and digital-transformation indicators, in Vietnamese
/// and English, shipped as <c>Library/indicator-library.json</c>.</summary>
public static class IndicatorLibrary
{
    public sealed record LoadResult(int PillarsAdded, int ElementsAdded, int IndicatorsAdded);

    public sealed record PillarDef(string Code, string Vi, string En);

    public sealed record ElementDef(string Code, string Vi, string En, Engine.Analytics.ValueType Type, AggregationType Agg,
        string UnitVi, string UnitEn, string Pillar);

    public sealed record IndicatorDef(string Code, string Vi, string En, string Pillar, string Numerator, string? Denominator,
        double Factor, IndicatorDirection Direction, int Decimals, string UnitVi, string UnitEn);

    public sealed record Definition(List<PillarDef> Pillars, List<ElementDef> Elements, List<IndicatorDef> Indicators);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<Definition> Cached = new(Read);

    /// <summary>The library as shipped.</summary>
    public static Definition Default => Cached.Value;

    /// <summary>Adds the pillars, elements and indicators whose codes are missing; existing rows are left as they
    /// are, so a second call adds nothing.</summary>
    public static async Task<LoadResult> LoadAsync(AppDb db, CancellationToken ct)
    {
        var lib = Default;

        var pillarCodes = await db.Pillars.Select(p => p.Code).ToListAsync(ct);
        var newPillars = lib.Pillars.Select((p, i) => (p, i)).Where(x => !pillarCodes.Contains(x.p.Code))
            .Select(x => new Pillar { Code = x.p.Code, NameVi = x.p.Vi, NameEn = x.p.En, SortOrder = x.i + 1 }).ToList();
        db.Pillars.AddRange(newPillars);
        if (newPillars.Count > 0) await db.SaveChangesAsync(ct);

        var pillarIds = await db.Pillars.ToDictionaryAsync(p => p.Code, p => p.Id, ct);
        int? PillarId(string code) => pillarIds.TryGetValue(code, out var id) ? id : null;

        var elementCodes = (await db.DataElements.Select(e => e.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var newElements = lib.Elements.Where(e => !elementCodes.Contains(e.Code)).Select(e => new DataElement
        {
            Code = e.Code,
            NameVi = e.Vi,
            NameEn = e.En,
            ValueType = e.Type,
            Aggregation = e.Agg,
            UnitVi = e.UnitVi,
            UnitEn = e.UnitEn,
            PillarId = PillarId(e.Pillar),
        }).ToList();
        db.DataElements.AddRange(newElements);

        var indicatorCodes = (await db.Indicators.Select(i => i.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var newIndicators = lib.Indicators.Select((d, i) => (d, i)).Where(x => !indicatorCodes.Contains(x.d.Code)).Select(x => new Indicator
        {
            Code = x.d.Code,
            NameVi = x.d.Vi,
            NameEn = x.d.En,
            PillarId = PillarId(x.d.Pillar),
            Numerator = x.d.Numerator,
            Denominator = string.IsNullOrWhiteSpace(x.d.Denominator) ? null : x.d.Denominator,
            Factor = x.d.Factor,
            Direction = x.d.Direction,
            Decimals = x.d.Decimals,
            UnitVi = x.d.UnitVi,
            UnitEn = x.d.UnitEn,
            SortOrder = x.i + 1,
        }).ToList();
        db.Indicators.AddRange(newIndicators);

        if (newElements.Count + newIndicators.Count > 0) await db.SaveChangesAsync(ct);
        return new LoadResult(newPillars.Count, newElements.Count, newIndicators.Count);
    }

    private static Definition Read()
    {
        var asm = typeof(IndicatorLibrary).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(".indicator-library.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<Definition>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The indicator library resource is empty.");
    }
}
