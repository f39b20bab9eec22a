namespace CivicTrack.Features.Notifications;

/// <summary>Why a notification was sent; stored by name.</summary>
public enum NotificationKind
{
    Urge,
    Assignment,
    Return,
    Reminder,
    /// <summary>A report awaits the recipient's approval.</summary>
    Submitted,
    /// <summary>A report the recipient submitted was approved.</summary>
    Approved,
    /// <summary>A unit asks the recipient, a manager, to reopen a locked period.</summary>
    ReopenRequest,
    /// <summary>A locked period was reopened for the recipient's unit.</summary>
    Reopened,
}

/// <summary>Where a notification's e-mail stands in the outbox.</summary>
public enum EmailState
{
    /// <summary>No e-mail for this notification (no address, or e-mail not wanted).</summary>
    None,
    /// <summary>Waiting for the outbox.</summary>
    Pending,
    /// <summary>Accepted by the mail server.</summary>
    Sent,
    /// <summary>Given up after repeated failures.</summary>
    Failed,
}

/// <summary>A message for an account's (or, without an account, a unit's) inbox, and possibly an e-mail.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string? RecipientUserId { get; set; }
    public int? RecipientUnitId { get; set; }
    public NotificationKind Kind { get; set; }

    /// <summary>The Vietnamese rendering, kept so that readers that do not know templates still show something.</summary>
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? ReadAt { get; set; }

    /// <summary>A <see cref="NotificationTemplates"/> name; the text is rendered from it in each reader's language.</summary>
    public string? Template { get; set; }
    /// <summary>The template's placeholder values, as a JSON object of strings.</summary>
    public string? Args { get; set; }
    /// <summary>What makes this notification unique (e.g. a reminder for one unit and period): never recorded twice.</summary>
    public string? Key { get; set; }

    /// <summary>Comma-separated addresses the e-mail goes to.</summary>
    public string? EmailTo { get; set; }
    public EmailState EmailState { get; set; }
    public int EmailAttempts { get; set; }
    public DateTime? EmailSentAt { get; set; }
    public string? EmailError { get; set; }
}
