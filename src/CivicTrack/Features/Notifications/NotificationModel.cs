using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Notifications;

/// <summary>The notifications table: inbox lookups by recipient, the outbox queue, and unique keys.</summary>
public static class NotificationModel
{
    public const string KeyIndex = "IX_notifications_Key";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(n => new { n.RecipientUserId, n.CreatedAt });
            e.HasIndex(n => new { n.RecipientUnitId, n.CreatedAt });
            // The outbox asks for pending e-mail, oldest first.
            e.HasIndex(n => new { n.EmailState, n.Id });
            // A second notification with the same key fails here, even when two processes race.
            e.HasIndex(n => n.Key).IsUnique().HasDatabaseName(KeyIndex);
            e.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(n => n.Title).HasMaxLength(300);
            e.Property(n => n.Body).HasMaxLength(4000);
            e.Property(n => n.Link).HasMaxLength(500);
            e.Property(n => n.RecipientUserId).HasMaxLength(450);
            e.Property(n => n.CreatedBy).HasMaxLength(256);
            e.Property(n => n.Template).HasMaxLength(60);
            e.Property(n => n.Args).HasMaxLength(4000);
            e.Property(n => n.Key).HasMaxLength(300);
            e.Property(n => n.EmailTo).HasMaxLength(2000);
            // Rows written before e-mail existed read as None.
            e.Property(n => n.EmailState).HasConversion<string>().HasMaxLength(10).HasDefaultValue(EmailState.None);
            e.Property(n => n.EmailError).HasMaxLength(500);
        });
    }
}
