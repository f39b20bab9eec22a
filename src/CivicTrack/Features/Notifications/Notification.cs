namespace CivicTrack.Features.Notifications;

public enum NotificationKind { Urge, Assignment, Return, Reminder }

/// <summary>A message for an account's inbox (and, later, e-mail).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string? RecipientUserId { get; set; }
    public int? RecipientUnitId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? ReadAt { get; set; }
}
