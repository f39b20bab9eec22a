using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Indicators;

/// <summary>Tables of the indicator framework and the data-value store.</summary>
public static class IndicatorModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Pillar>(e =>
        {
            e.ToTable("pillars");
            e.HasIndex(p => p.Code).IsUnique();
            e.Property(p => p.Code).HasMaxLength(50);
        });
        b.Entity<DataElement>(e =>
        {
            e.ToTable("data_elements");
            e.HasIndex(d => d.Code).IsUnique();
            e.Property(d => d.Code).HasMaxLength(50);
            e.Property(d => d.ValueType).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Aggregation).HasConversion<string>().HasMaxLength(20);
            e.HasOne(d => d.Pillar).WithMany().HasForeignKey(d => d.PillarId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<Indicator>(e =>
        {
            e.ToTable("indicators");
            e.HasIndex(i => i.Code).IsUnique();
            e.Property(i => i.Code).HasMaxLength(50);
            e.Property(i => i.Numerator).HasMaxLength(1000);
            e.Property(i => i.Denominator).HasMaxLength(1000);
            e.Property(i => i.Direction).HasConversion<string>().HasMaxLength(20);
            e.HasOne(i => i.Pillar).WithMany().HasForeignKey(i => i.PillarId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<DataValue>(e =>
        {
            e.ToTable("data_values");
            e.HasIndex(v => new { v.DataElementId, v.OrgUnitId, v.Period }).IsUnique();
            e.HasIndex(v => new { v.OrgUnitId, v.Period });
            e.Property(v => v.Period).HasMaxLength(20);
            e.Property(v => v.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Comment).HasMaxLength(1000);
            e.Property(v => v.UpdatedBy).HasMaxLength(256);
            e.HasOne<DataElement>().WithMany().HasForeignKey(v => v.DataElementId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(v => v.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
