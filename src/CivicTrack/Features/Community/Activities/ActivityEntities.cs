using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Community.Activities;

/// <summary>What kind of event an activity was.</summary>
public enum ActivityKind { TrainingCourse, DigitalLiteracyClass, Communication, Festival, Contest, SupportSession, Meeting, PilotModel, Other }

/// <summary>A training course, class, festival, support point or meeting held by a unit, with its participants counted by
/// group; it counts into data elements through the activity mapping.</summary>
public sealed class Activity
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    /// <summary>The campaign (a plan of kind Campaign) it was held for, if any.</summary>
    public int? PlanId { get; set; }
    public ActivityKind Kind { get; set; }
    public required string Title { get; set; }
    /// <summary>The day it was held (or began): its month is the month it counts in.</summary>
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public required string Place { get; set; }
    public int Officials { get; set; }
    public int Citizens { get; set; }
    public int Students { get; set; }
    public int YouthUnion { get; set; }
    public int Enterprises { get; set; }
    /// <summary>Women among all the participants (at most their total).</summary>
    public int Women { get; set; }
    public string? Result { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public List<ActivityEvidence> Evidence { get; set; } = [];

    public int Total => Officials + Citizens + Students + YouthUnion + Enterprises;
}

/// <summary>A file attached to an activity (photos, attendance list), stored under the evidence folder.</summary>
public sealed class ActivityEvidence
{
    public int Id { get; set; }
    public int ActivityId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>File name inside the activity's evidence folder.</summary>
    public required string StoredName { get; set; }
    public required string Sha256 { get; set; }
    public DateTime UploadedAt { get; set; }
    public string? UploadedBy { get; set; }
}

/// <summary>The tables of activities and their evidence.</summary>
public static class ActivityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Activity>(e =>
        {
            e.ToTable("activities");
            e.HasIndex(a => new { a.OrgUnitId, a.StartsOn });
            e.HasIndex(a => a.StartsOn);
            e.HasIndex(a => a.PlanId);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(a => a.Title).HasMaxLength(200);
            e.Property(a => a.Place).HasMaxLength(200);
            e.Property(a => a.Result).HasMaxLength(2000);
            e.Property(a => a.CreatedBy).HasMaxLength(256);
            e.Property(a => a.UpdatedBy).HasMaxLength(256);
            e.Ignore(a => a.Total);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(a => a.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Plan>().WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(a => a.Evidence).WithOne().HasForeignKey(v => v.ActivityId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ActivityEvidence>(e =>
        {
            e.ToTable("activity_evidence");
            e.HasIndex(v => v.ActivityId);
            e.Property(v => v.FileName).HasMaxLength(255);
            e.Property(v => v.ContentType).HasMaxLength(100);
            e.Property(v => v.StoredName).HasMaxLength(100);
            e.Property(v => v.Sha256).HasMaxLength(64);
            e.Property(v => v.UploadedBy).HasMaxLength(256);
        });
    }
}
