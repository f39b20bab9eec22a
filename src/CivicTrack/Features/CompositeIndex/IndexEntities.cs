using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Engine.CompositeIndex;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CivicTrack.Features.CompositeIndex;

/// <summary>Which units an index ranks under the unit a ranking is asked for.</summary>
public enum IndexUnitSet
{
    /// <summary>Communes, wards and special zones.</summary>
    Communes,
    /// <summary>Provincial departments and agencies.</summary>
    Departments,
    /// <summary>Provinces: on a national instance that provinces feed, every province within the reader's units.</summary>
    Provinces,
}

/// <summary>A composite index (DTI-style): its name, the units it ranks, its period type, aggregation, missing-value rule and
/// pillars. The pillars and their components are one JSON column, checked whole by <see cref="IndexService"/> on every save.</summary>
public sealed class IndexDefinition
{
    public int Id { get; set; }
    public required LocalText Name { get; set; }
    public IndexUnitSet Units { get; set; }
    public PeriodType PeriodType { get; set; } = PeriodType.Year;
    public Aggregation Aggregation { get; set; }
    public MissingRule Missing { get; set; }
    public List<IndexPillarDef> Pillars { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>A pillar of an index: code (a library pillar's code where it is one), name, points and components.</summary>
public sealed class IndexPillarDef
{
    public required string Code { get; set; }
    public LocalText Name { get; set; } = LocalText.Empty;
    public double Points { get; set; }
    public List<IndexComponentDef> Components { get; set; } = [];
}

/// <summary>A component: the indicator read, its weight in the pillar, direction, normalisation and target.</summary>
public sealed class IndexComponentDef
{
    public required string Indicator { get; set; }
    public double Weight { get; set; } = 1;
    public Direction Direction { get; set; }
    public Normalisation Normalisation { get; set; }
    public double? Target { get; set; }
}

public static class IndexModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string ToJson(List<IndexPillarDef> pillars) => JsonSerializer.Serialize(pillars, Json);

    public static List<IndexPillarDef> FromJson(string json) => JsonSerializer.Deserialize<List<IndexPillarDef>>(json, Json) ?? [];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<IndexDefinition>(e =>
        {
            e.ToTable("index_definitions");
            e.Property(d => d.Units).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.PeriodType).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Aggregation).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Missing).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.UpdatedBy).HasMaxLength(256);
            e.Property(d => d.Pillars).HasColumnName("Structure").HasConversion(p => ToJson(p), s => FromJson(s),
                new ValueComparer<List<IndexPillarDef>>((a, c) => ToJson(a!) == ToJson(c!), p => ToJson(p).GetHashCode(), p => FromJson(ToJson(p))));
        });
    }
}
