using System.Globalization;
using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Notifications;

/// <summary>A notification as its reader sees it, in the reader's language.</summary>
/// <param name="Handled">The report it is about has since been dealt with (sent, resubmitted, approved or returned, reopened):
/// nothing is left to do about it.</param>
public sealed record InboxItem(long Id, NotificationKind Kind, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt,
    bool Handled = false);

public sealed record UnreadCount(int Count);

public sealed record MarkedRead(int Marked);

/// <summary>An account's own notifications: every query carries the owner in its WHERE, so no one reaches another's.</summary>
public sealed class Inbox(IDbContextFactory<AppDb> dbFactory, TimeProvider clock)
{
    public const int DefaultTake = 50;
    public const int MaxTake = 200;

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> ListAsync(string userId, bool unreadOnly, int take, CultureInfo culture, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == userId);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, MaxTake)).ToListAsync(ct);
        var handled = await InboxHandled.FindAsync(db, rows, ct);
        return rows.Select(n => ToItem(n, culture) with { Handled = handled.Contains(n.Id) }).ToList();
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.RecipientUserId == userId && n.ReadAt == null, ct);
    }

    /// <summary>Marks one of the account's notifications read (again is harmless); false when it is not the account's.</summary>
    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The first reading time is kept.
        return await db.Notifications.Where(n => n.Id == id && n.RecipientUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct) > 0;
    }

    /// <summary>Marks all the account's unread notifications read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public static InboxItem ToItem(Notification n, CultureInfo culture)
    {
        var (title, body) = NotificationText.Render(n, culture, links: false, baseUrl: null);
        return new InboxItem(n.Id, n.Kind, title, body, n.Link, DateTime.SpecifyKind(n.CreatedAt, DateTimeKind.Utc),
            n.ReadAt is { } r ? DateTime.SpecifyKind(r, DateTimeKind.Utc) : null);
    }
}

/// <summary>Tells the parts of one browser tab (the inbox page and the app bar's badge) that the unread count changed.</summary>
public sealed class InboxEvents
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
