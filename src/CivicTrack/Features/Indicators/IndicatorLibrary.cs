using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Indicators;

/// <summary>The default library of pillars, data elements and digital-transformation indicators, in Vietnamese,
/// English and Bengali, shipped as <c>Library/indicator-library.json</c>.</summary>
public static class IndicatorLibrary
{
    public sealed record LoadResult(int PillarsAdded, int ElementsAdded, int IndicatorsAdded);

    public sealed record PillarDef(string Code, LocalText Name);

    public sealed record ElementDef(string Code, LocalText Name, Engine.Analytics.ValueType Type, AggregationType Agg,
        LocalText Unit, string Pillar);

    public sealed record IndicatorDef(string Code, LocalText Name, string Pillar, string Numerator, string? Denominator,
        double Factor, IndicatorDirection Direction, int Decimals, LocalText Unit);

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
            .Select(x => new Pillar { Code = x.p.Code, Name = x.p.Name, SortOrder = x.i + 1 }).ToList();
        db.Pillars.AddRange(newPillars);
        if (newPillars.Count > 0) await db.SaveChangesAsync(ct);

        var pillarIds = await db.Pillars.ToDictionaryAsync(p => p.Code, p => p.Id, ct);
        int? PillarId(string code) => pillarIds.TryGetValue(code, out var id) ? id : null;

        var elementCodes = (await db.DataElements.Select(e => e.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var newElements = lib.Elements.Where(e => !elementCodes.Contains(e.Code)).Select(e => new DataElement
        {
            Code = e.Code,
            Name = e.Name,
            ValueType = e.Type,
            Aggregation = e.Agg,
            Unit = e.Unit ?? LocalText.Empty,
            PillarId = PillarId(e.Pillar),
        }).ToList();
        db.DataElements.AddRange(newElements);

        var indicatorCodes = (await db.Indicators.Select(i => i.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var newIndicators = lib.Indicators.Select((d, i) => (d, i)).Where(x => !indicatorCodes.Contains(x.d.Code)).Select(x => new Indicator
        {
            Code = x.d.Code,
            Name = x.d.Name,
            PillarId = PillarId(x.d.Pillar),
            Numerator = x.d.Numerator,
            Denominator = string.IsNullOrWhiteSpace(x.d.Denominator) ? null : x.d.Denominator,
            Factor = x.d.Factor,
            Direction = x.d.Direction,
            Decimals = x.d.Decimals,
            Unit = x.d.Unit ?? LocalText.Empty,
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
