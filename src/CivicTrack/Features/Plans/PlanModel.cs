using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Plans;

/// <summary>Tables of plans, targets, tasks and their progress.</summary>
public static class PlanModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Plan>(e =>
        {
            e.ToTable("plans");
            e.Property(p => p.DocumentNumber).HasMaxLength(100);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(p => p.IssuingUnitId);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.IssuingUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.ScopeUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Targets).WithOne(t => t.Plan).HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Target>(e =>
        {
            e.ToTable("targets");
            e.HasIndex(t => new { t.PlanId, t.Code }).IsUnique();
            e.HasIndex(t => t.ScopeUnitId);
            e.Property(t => t.Code).HasMaxLength(20);
            e.Property(t => t.Comparison).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.ScopeKind).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Indicator>().WithMany().HasForeignKey(t => t.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Pillar>().WithMany().HasForeignKey(t => t.PillarId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(t => t.ScopeUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PlanTask>(e =>
        {
            e.ToTable("tasks");
            e.HasIndex(t => t.LeadUnitId);
            e.HasIndex(t => t.DueOn);
            e.HasIndex(t => t.PlanId);
            e.Property(t => t.Title).HasMaxLength(1000);
            e.Property(t => t.LeadPerson).HasMaxLength(200);
            e.Property(t => t.LeadUserId).HasMaxLength(450);
            e.Property(t => t.ExpectedResult).HasMaxLength(1000);
            e.Property(t => t.Responsibility).HasMaxLength(1000);
            e.Property(t => t.ApprovingAuthority).HasMaxLength(300);
            e.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(t => t.LeadUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(t => t.Coordinators).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Updates).WithOne().HasForeignKey(u => u.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TaskCoordinator>(e =>
        {
            e.ToTable("task_coordinators");
            e.HasKey(c => new { c.TaskId, c.OrgUnitId });
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TaskUpdate>(e =>
        {
            e.ToTable("task_updates");
            e.Property(u => u.Note).HasMaxLength(4000);
            e.Property(u => u.ByUserId).HasMaxLength(450);
            e.Property(u => u.ByName).HasMaxLength(256);
            e.Property(u => u.State).HasConversion<string>().HasMaxLength(20);
            e.HasMany(u => u.Evidence).WithOne().HasForeignKey(v => v.TaskUpdateId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TaskEvidence>(e =>
        {
            e.ToTable("task_evidence");
            e.HasIndex(v => v.TaskId);
            e.Property(v => v.FileName).HasMaxLength(255);
            e.Property(v => v.ContentType).HasMaxLength(100);
            e.Property(v => v.StoredName).HasMaxLength(100);
            e.Property(v => v.Sha256).HasMaxLength(64);
        });
    }
}
