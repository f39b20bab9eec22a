using System.Text;
using CivicTrack.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CivicTrack.Features.Notifications;

/// <summary>Sends the pending e-mail of notifications through the SMTP server, in every language the product speaks in one message.</summary>
/// <remarks>Each message is marked sent as soon as the server accepts it, so a restart never sends it again. A failure is
/// counted on the notification; after <see cref="MaxAttempts"/> it is given up. When the server cannot be reached the outbox
/// waits longer before each new try, and the app carries on.</remarks>
public sealed partial class MailOutbox(IDbContextFactory<AppDb> dbFactory, IOptions<MailSettings> options, OutboxSignal signal,
    TimeProvider clock, ILogger<MailOutbox> log) : BackgroundService
{
    public const int BatchSize = 50;
    public const int MaxAttempts = 5;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What one pass did.</summary>
    public sealed record PassResult(int Sent, int Failed, bool ServerUnavailable);

    /// <summary>Completes when the background loop has finished its first pass (at once when e-mail is off).</summary>
    public Task FirstPass => _firstPass.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogMailOff(log);
            _firstPass.TrySetResult();
            return;
        }
        await OutboxLoop.RunAsync(async ct => (await PassAsync(ct)).ServerUnavailable, signal, TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds)),
            e => LogPassFailed(log, e.GetType().Name), () => _firstPass.TrySetResult(), stoppingToken);
    }

    /// <summary>Sends what is pending now, batch after batch; passes never overlap. Does nothing when e-mail is off.</summary>
    public async Task<PassResult> PassAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        if (!settings.Enabled) return new(0, 0, false);
        await _pass.WaitAsync(ct);
        try
        {
            int sent = 0, failed = 0;
            while (true)
            {
                var batch = await BatchAsync(settings, ct);
                sent += batch.Sent;
                failed += batch.Failed;
                if (batch.ServerUnavailable) return new(sent, failed, true);
                // A full batch without failures means more may wait; after a failure the next pass retries.
                if (!batch.More) return new(sent, failed, false);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<(int Sent, int Failed, bool ServerUnavailable, bool More)> BatchAsync(MailSettings settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Ids grow with time, so this is oldest first.
        var batch = await db.Notifications
            .Where(n => n.EmailState == EmailState.Pending && n.EmailAttempts < MaxAttempts)
            .OrderBy(n => n.Id).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0) return (0, 0, false, false);

        using var smtp = new SmtpClient { Timeout = 60_000 };
        try
        {
            await smtp.ConnectAsync(settings.Host!, settings.Port, Socket(settings.Security), ct);
            if (!string.IsNullOrEmpty(settings.User)) await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogServerUnavailable(log, settings.Port, e.GetType().Name, batch.Count);
            foreach (var n in batch) Fail(n, e);
            await db.SaveChangesAsync(CancellationToken.None);
            return (0, batch.Count, true, false);
        }

        int sent = 0, failed = 0;
        foreach (var n in batch)
        {
            MimeMessage message;
            try
            {
                message = Compose(n, settings);
            }
            catch (ParseException e)
            {
                // An address that cannot be parsed will not get better by retrying.
                Fail(n, e, giveUp: true);
                failed++;
                await db.SaveChangesAsync(CancellationToken.None);
                continue;
            }
            try
            {
                await smtp.SendAsync(message, ct);
            }
            catch (SmtpCommandException e) when (!ct.IsCancellationRequested)
            {
                // The server refused this message (e.g. one recipient); the connection stays usable for the others.
                Fail(n, e);
                failed++;
                await db.SaveChangesAsync(CancellationToken.None);
                continue;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The connection broke: the rest of the batch waits for the next pass.
                Fail(n, e);
                failed++;
                await db.SaveChangesAsync(CancellationToken.None);
                break;
            }
            n.EmailState = EmailState.Sent;
            n.EmailSentAt = clock.GetUtcNow().UtcDateTime;
            n.EmailError = null;
            // Recorded at once and whatever happens next, so that an accepted message is never sent twice.
            await db.SaveChangesAsync(CancellationToken.None);
            sent++;
            LogSent(log, n.Id);
        }
        try
        {
            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDisconnectFailed(log, e.GetType().Name);
        }
        return (sent, failed, false, failed == 0 && batch.Count == BatchSize);
    }

    private void Fail(Notification n, Exception e, bool giveUp = false)
    {
        n.EmailAttempts++;
        var error = e is SmtpCommandException s ? $"{(int)s.StatusCode} {s.Message}" : $"{e.GetType().Name}: {e.Message}";
        n.EmailError = error.Length <= 500 ? error : error[..500];
        if (giveUp || n.EmailAttempts >= MaxAttempts) n.EmailState = EmailState.Failed;
        // The notification's id only: addresses and server answers (which may echo them) stay out of the logs.
        LogFailed(log, n.Id, n.EmailAttempts, e.GetType().Name, n.EmailState);
    }

    /// <summary>The message for one notification in every language the product speaks (Localization:Cultures),
    /// Vietnamese first and each after a rule; the subject is the Vietnamese title.</summary>
    public static MimeMessage Compose(Notification n, MailSettings settings)
    {
        var vi = NotificationText.Render(n, NotificationText.Vietnamese, links: true, settings.BaseUrl);
        var text = new StringBuilder();
        text.Append(vi.Title).Append("\n\n").Append(vi.Body).Append('\n');
        var others = Localization.Cultures.Where(c => c.TwoLetterISOLanguageName != NotificationText.Vietnamese.TwoLetterISOLanguageName).ToList();
        if (n.Template is not null)
            foreach (var culture in others)
            {
                var rendered = NotificationText.Render(n, culture, links: true, settings.BaseUrl);
                text.Append("\n────────────────────────────────────────\n\n");
                text.Append(rendered.Title).Append("\n\n").Append(rendered.Body).Append('\n');
            }
        else if (n.Link is { Length: > 0 } link)
            text.Append('\n').Append(settings.BaseUrl is { Length: > 0 } b && link.StartsWith('/') ? b.TrimEnd('/') + link : link).Append('\n');
        text.Append("\n-- \n").Append(NotificationText.Text("Mail.Footer", NotificationText.Vietnamese)).Append('\n');
        foreach (var culture in others) text.Append(NotificationText.Text("Mail.Footer", culture)).Append('\n');

        var message = new MimeMessage();
        var from = MailboxAddress.Parse(settings.From);
        from.Name = settings.FromName;
        message.From.Add(from);
        foreach (var address in (n.EmailTo ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            message.To.Add(MailboxAddress.Parse(address));
        if (message.To.Count == 0) throw new ParseException("No recipient address.", 0, 0);
        message.Subject = "[CivicTrack] " + vi.Title;
        message.Date = new DateTimeOffset(DateTime.SpecifyKind(n.CreatedAt, DateTimeKind.Utc));
        // The same id on every try, so a mail system that saw it already can drop a repeat.
        message.MessageId = $"notification-{n.Id}.{n.CreatedAt.Ticks}@{(from.Domain is { Length: > 0 } d ? d : "civictrack")}";
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text.ToString().ReplaceLineEndings("\r\n") };
        return message;
    }

    private static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail is off (no Mail:Host); notifications go to the inbox only")]
    private static partial void LogMailOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A mail outbox pass failed ({Error}); it is tried again later")]
    private static partial void LogPassFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server (port {Port}) cannot be reached ({Error}); {Count} e-mails wait")]
    private static partial void LogServerUnavailable(ILogger logger, int port, string error, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "E-mail of notification {NotificationId} sent")]
    private static partial void LogSent(ILogger logger, long notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail of notification {NotificationId} failed on attempt {Attempt} ({Error}); now {State}")]
    private static partial void LogFailed(ILogger logger, long notificationId, int attempt, string error, EmailState state);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the mail server connection failed ({Error})")]
    private static partial void LogDisconnectFailed(ILogger logger, string error);
}
