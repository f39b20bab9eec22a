using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using CivicTrack.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicTrack.Features.Notifications;

/// <summary>What to tell whom: a template with its arguments, and the recipient account, or a unit (its accounts of some roles).</summary>
/// <param name="Key">Makes the notification unique per recipient: the same key is never recorded twice (e.g. one reminder per unit and period).</param>
/// <param name="Email">Also send it by e-mail to recipients that have an address.</param>
public sealed record NotificationDraft(NotificationKind Kind, string Template, IReadOnlyDictionary<string, string> Args, string? Link,
    string? RecipientUserId = null, int? RecipientUnitId = null, IReadOnlyCollection<string>? RecipientRoles = null,
    string? Key = null, string? CreatedBy = null, bool Email = true);

/// <summary>Records notifications in the caller's unit of work and wakes the e-mail outbox once they are committed.</summary>
public sealed class Notifier(TimeProvider clock, OutboxSignal signal, Microsoft.Extensions.Options.IOptions<MailSettings> mailSettings)
{
    private const int MaxArgsLength = 4000;
    private static readonly JsonSerializerOptions ArgsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds the notification rows to <paramref name="db"/>; the caller saves them, in its own transaction.</summary>
    /// <remarks>Goes to <see cref="NotificationDraft.RecipientUserId"/>, or, when only a unit is given, one row per enabled account
    /// attached directly to that unit with one of <see cref="NotificationDraft.RecipientRoles"/> (any role when null), each with the
    /// unit set; a unit without such an account gets one row with no account. A row's key is <c>Key:userId</c> (the key alone for a
    /// unit row); rows whose key already exists, stored or added to this <paramref name="db"/>, are skipped.</remarks>
    /// <returns>The number of rows added.</returns>
    /// <param name="into">Collects the rows instead of adding them to <paramref name="db"/> (the caller inserts them).</param>
    public async Task<int> AddAsync(AppDb db, NotificationDraft draft, CancellationToken ct = default, ICollection<Notification>? into = null)
    {
        if (!NotificationTemplates.Exists(draft.Template))
            throw new ArgumentException($"Unknown notification template '{draft.Template}'.", nameof(draft));
        var recipients = await RecipientsAsync(db, draft, ct);

        string? KeyOf(string? userId) => draft.Key is not { Length: > 0 } key ? null : userId is null ? key : $"{key}:{userId}";
        var keys = recipients.Select(r => KeyOf(r.UserId)).OfType<string>().ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            taken.UnionWith(await db.Notifications.AsNoTracking().Where(n => n.Key != null && keys.Contains(n.Key)).Select(n => n.Key!).ToListAsync(ct));
            taken.UnionWith(db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Key).OfType<string>());
            if (into is not null) taken.UnionWith(into.Select(n => n.Key).OfType<string>());
        }

        var args = ArgsText(draft.Args);
        var (title, body) = NotificationText.Render(new Notification
        {
            Title = "", Body = "", Template = draft.Template, Args = args, Link = draft.Link,
        }, NotificationText.Vietnamese, links: false, baseUrl: null);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var (userId, email) in recipients)
        {
            var key = KeyOf(userId);
            if (key is not null && !taken.Add(key)) continue;
            // Without a mail server nothing waits for e-mail: configuring one later does not send a backlog.
            var mail = draft.Email && mailSettings.Value.Enabled && !string.IsNullOrWhiteSpace(email);
            var row = new Notification
            {
                RecipientUserId = userId, RecipientUnitId = draft.RecipientUnitId, Kind = draft.Kind,
                Title = Cut(title, 300), Body = Cut(body, 4000), Link = draft.Link is { } l ? Cut(l, 500) : null,
                CreatedAt = now, CreatedBy = draft.CreatedBy is { } by ? Cut(by, 256) : null,
                Template = draft.Template, Args = args, Key = key,
                EmailTo = mail ? email!.Trim() : null, EmailState = mail ? EmailState.Pending : EmailState.None,
            };
            if (into is not null) into.Add(row);
            else db.Notifications.Add(row);
            added++;
        }
        return added;
    }

    /// <summary>Wakes the outbox; call after the notifications were committed.</summary>
    public void Nudge() => signal.Nudge();

    /// <summary>True when saving failed because a notification with the same key already exists (two writers raced):
    /// the caller may retry, and its duplicates are then skipped.</summary>
    public static bool IsDuplicateKey(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal)
            && s.Message.Contains("notifications.Key", StringComparison.Ordinal),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation && p.ConstraintName == NotificationModel.KeyIndex,
        _ => false,
    };

    // Every enabled account attached to a unit, with its roles, read once until an account changes: a report submitted
    // tells its approvers without a query of its own.
    private readonly Accounts.AccountCache<Dictionary<int, List<(string UserId, string? Email, string[] Roles)>>> _unitAccounts =
        new(TimeSpan.FromMinutes(10), clock, capacity: 1);

    private async Task<List<(string? UserId, string? Email)>> RecipientsAsync(AppDb db, NotificationDraft draft, CancellationToken ct)
    {
        if (draft.RecipientUserId is { } userId)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.IsDisabled }).SingleOrDefaultAsync(ct);
            return [(userId, user is { IsDisabled: false } ? user.Email : null)];
        }
        if (draft.RecipientUnitId is not { } unitId)
            throw new ArgumentException("A notification needs a recipient account or unit.", nameof(draft));
        if (!_unitAccounts.TryGet("", out var byUnit))
        {
            var generation = Accounts.AccountChanges.Generation;
            byUnit = await ReadUnitAccountsAsync(db, ct);
            _unitAccounts.Set("", byUnit, generation);
        }
        var names = draft.RecipientRoles?.Select(r => r.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var found = (byUnit.GetValueOrDefault(unitId) ?? [])
            .Where(a => names is null || a.Roles.Any(names.Contains))
            .Select(a => ((string?)a.UserId, a.Email)).ToList();
        return found.Count == 0 ? [(null, null)] : found;
    }

    private static async Task<Dictionary<int, List<(string UserId, string? Email, string[] Roles)>>> ReadUnitAccountsAsync(AppDb db, CancellationToken ct)
    {
        var attached = await (from x in db.UserUnits.AsNoTracking()
                              join u in db.Users.AsNoTracking() on x.UserId equals u.Id
                              where !u.IsDisabled
                              select new { x.OrgUnitId, u.Id, u.Email }).ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles.AsNoTracking()
                            join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
                            select new { ur.UserId, r.NormalizedName }).ToListAsync(ct))
            .GroupBy(r => r.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.NormalizedName ?? "").ToArray(), StringComparer.Ordinal);
        return attached.GroupBy(a => a.OrgUnitId).ToDictionary(g => g.Key,
            g => g.DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal)
                .Select(a => (a.Id, (string?)a.Email, roles.GetValueOrDefault(a.Id) ?? [])).ToList());
    }

    /// <summary>The arguments as JSON within the column's size: the longest values are shortened until it fits.</summary>
    private static string ArgsText(IReadOnlyDictionary<string, string> args)
    {
        var values = args.ToDictionary(a => a.Key, a => a.Value ?? "", StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(values, ArgsJson);
        while (json.Length > MaxArgsLength)
        {
            var longest = values.MaxBy(v => v.Value.Length);
            values[longest.Key] = Cut(longest.Value, longest.Value.Length / 2);
            json = JsonSerializer.Serialize(values, ArgsJson);
        }
        return json;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : max <= 1 ? "" : text[..(max - 1)] + "…";
}

/// <summary>Wakes the outbox early; nudges while it is busy fold into one.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Nudge() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a nudge or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
