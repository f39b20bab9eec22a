using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Data;

/// <summary>The application's database. Provider-specific subclasses carry their own migrations.</summary>
public abstract class AppDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<OrgGroup> OrgGroups => Set<OrgGroup>();
    public DbSet<OrgGroupMember> OrgGroupMembers => Set<OrgGroupMember>();
    public DbSet<AppMeta> Meta => Set<AppMeta>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<OrgUnit>(e =>
        {
            e.ToTable("org_units");
            e.HasIndex(u => u.Code).IsUnique();
            e.HasIndex(u => u.ParentId);
            e.HasIndex(u => u.NameFolded);
            e.Property(u => u.Code).HasMaxLength(50);
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.NameFolded).HasMaxLength(200);
            e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(u => u.MergedInto).WithMany().HasForeignKey(u => u.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<OrgGroup>(e =>
        {
            e.ToTable("org_groups");
            e.HasIndex(g => g.Code).IsUnique();
            e.Property(g => g.Code).HasMaxLength(50);
            e.Property(g => g.NameVi).HasMaxLength(200);
            e.Property(g => g.NameEn).HasMaxLength(200);
        });
        b.Entity<OrgGroupMember>(e =>
        {
            e.ToTable("org_group_members");
            e.HasKey(m => new { m.OrgUnitId, m.GroupId });
            e.HasOne(m => m.OrgUnit).WithMany(u => u.Groups).HasForeignKey(m => m.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Group).WithMany(g => g.Members).HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AppMeta>(e =>
        {
            e.ToTable("app_meta");
            e.HasKey(m => m.Key);
            e.Property(m => m.Key).HasMaxLength(100);
        });
    }
}

/// <summary>Small facts about the instance itself, such as when the demo province was loaded.</summary>
public sealed class AppMeta
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed class SqliteAppDb(DbContextOptions options) : AppDb(options);

public sealed class PostgresAppDb(DbContextOptions options) : AppDb(options);
