using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Reporting;

/// <summary>Tables of report forms and submissions.</summary>
public static class ReportModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReportForm>(e =>
        {
            e.ToTable("report_forms");
            e.HasIndex(f => f.Code).IsUnique();
            e.Property(f => f.Code).HasMaxLength(50);
            e.Property(f => f.PeriodType).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.OnlyPeriod).HasMaxLength(20);
            e.Property(f => f.FirstPeriod).HasMaxLength(20);
            e.Property(f => f.LastPeriod).HasMaxLength(20);
            e.Property(f => f.DueKind).HasConversion<string>().HasMaxLength(20);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(f => f.ReceivingUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(f => f.Sections).WithOne().HasForeignKey(s => s.FormId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(f => f.Rules).WithOne().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(f => f.Assignments).WithOne().HasForeignKey(a => a.FormId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportSection>(e =>
        {
            e.ToTable("report_sections");
            e.HasMany(s => s.Fields).WithOne().HasForeignKey(f => f.SectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportField>(e =>
        {
            e.ToTable("report_fields");
            e.HasOne<DataElement>().WithMany().HasForeignKey(f => f.DataElementId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ReportRule>(e =>
        {
            e.ToTable("report_rules");
            e.Property(r => r.Expression).HasMaxLength(1000);
        });
        b.Entity<ReportAssignment>(e =>
        {
            e.ToTable("report_assignments");
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne<OrgGroup>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            // One report per form, unit and period: a repeated submission finds this row instead of adding one.
            e.HasIndex(s => new { s.FormId, s.OrgUnitId, s.Period }).IsUnique();
            e.HasIndex(s => new { s.FormId, s.Period });
            e.Property(s => s.Period).HasMaxLength(20);
            e.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Comment).HasMaxLength(2000);
            e.Property(s => s.ReturnReason).HasMaxLength(2000);
            e.Property(s => s.ReopenRequestedById).HasMaxLength(450);
            e.Property(s => s.ReopenRequestedBy).HasMaxLength(256);
            e.Property(s => s.ReopenReason).HasMaxLength(1000);
            e.Property(s => s.SubmittedById).HasMaxLength(450);
            e.Property(s => s.SubmittedBy).HasMaxLength(256);
            e.Property(s => s.UpdatedBy).HasMaxLength(256);
            e.HasOne<ReportForm>().WithMany().HasForeignKey(s => s.FormId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(s => s.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(s => s.Events).WithOne().HasForeignKey(x => x.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SubmissionEvent>(e =>
        {
            e.ToTable("submission_events");
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ByUserId).HasMaxLength(450);
            e.Property(x => x.ByName).HasMaxLength(256);
            e.Property(x => x.Note).HasMaxLength(2000);
        });
    }
}
