using System.Net;
using CivicTrack.Data;
using CivicTrack.Features.Notifications;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CivicTrack.Tests.Notifications.NotificationTestKit;

namespace CivicTrack.Tests.Notifications;

/// <summary>E-mail through a real SMTP conversation: what arrives, that it is recorded as sent, that a restart never sends it
/// again, and that a mail server that cannot be reached leaves the notification waiting without harming the app.</summary>
public sealed class MailOutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_notification_is_mailed_once_in_Vietnamese_and_English_and_not_again_after_a_restart(DatabaseProvider provider)
    {
        await using var database = new LastingDatabase(provider);
        await using var smtp = new SmtpListener();
        long id;
        await using (var app = database.App(MailTo(smtp.Port)))
        {
            var reporter = await UserIdAsync(app, Reporter);
            Assert.Equal(1, await NotifyAsync(app, Returned(reporter, key: "test/returned/1")));

            var mail = Assert.Single(await smtp.WaitForAsync(1, Wait));
            Assert.Equal([Reporter], mail.Recipients);
            Assert.Equal("civictrack@tuyenquang.example.gov.vn", mail.From);
            Assert.Equal("[CivicTrack] Báo cáo bị trả lại: Báo cáo chuyển đổi số tháng kỳ 10/2025", mail.Subject);
            var text = mail.Text;
            var vi = text.IndexOf("Lý do: Thiếu số hộ có tài khoản VNeID", StringComparison.Ordinal);
            var en = text.IndexOf("The Monthly digital transformation report of Xã Thượng Tân for 10/2025 has been returned", StringComparison.Ordinal);
            Assert.True(vi >= 0, text);
            Assert.True(en > vi, "English follows Vietnamese: " + text);
            Assert.Contains("https://civictrack.example.gov.vn/reports/DT-MONTHLY/08051/2025-10", text);
            Assert.Equal("CivicTrack", ((MimeKit.MailboxAddress)mail.Message.From[0]).Name);

            // A pass after the one that sent it: by then the acceptance is recorded.
            var pass = await app.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
            Assert.Equal(0, pass.Sent);
            var row = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"test/returned/1:{reporter}")));
            Assert.Equal(EmailState.Sent, row.EmailState);
            Assert.NotNull(row.EmailSentAt);
            Assert.Equal(0, row.EmailAttempts);
            Assert.Equal(Reporter, row.EmailTo);
            id = row.Id;
        }

        await using (var again = database.App(MailTo(smtp.Port)))
        {
            var reporter = await UserIdAsync(again, Reporter);
            // The same key again records nothing; a new notification is the only one mailed.
            Assert.Equal(0, await NotifyAsync(again, Returned(reporter, key: "test/returned/1")));
            Assert.Equal(1, await NotifyAsync(again, Returned(reporter, key: "test/returned/2")));
            var all = await smtp.WaitForAsync(2, Wait);
            await again.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
            Assert.Equal(2, smtp.Messages.Count);
            Assert.Equal(2, all.Count);
            var second = Assert.Single(await NotificationsAsync(again, q => q.Where(n => n.Key == $"test/returned/2:{reporter}")));
            Assert.Contains($"notification-{second.Id}.", all[1].Message.MessageId, StringComparison.Ordinal);
            Assert.Contains($"notification-{id}.", all[0].Message.MessageId, StringComparison.Ordinal);
            Assert.Equal(EmailState.Sent, second.EmailState);
        }
    }

    [Fact]
    public async Task A_mail_server_that_refuses_leaves_the_email_pending_and_the_app_healthy_until_it_is_given_up()
    {
        int closedPort;
        await using (var gone = new SmtpListener()) closedPort = gone.Port;
        await using var app = new AppFactory(DatabaseProvider.Sqlite) { Settings = MailTo(closedPort) };
        var reporter = await UserIdAsync(app, Reporter);
        var outbox = app.Services.GetRequiredService<MailOutbox>();
        // Only this test's passes touch the notification: the start-up pass is over and nothing wakes the outbox.
        await outbox.FirstPass.WaitAsync(Wait, Ct);
        var key = $"test/refused/{Guid.NewGuid():N}";
        Assert.Equal(1, await NotifyAsync(app, Returned(reporter, key: key), nudge: false));

        var before = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"{key}:{reporter}"))).EmailAttempts;
        Assert.Equal(0, before);
        var pass = await outbox.PassAsync(Ct);
        Assert.True(pass.ServerUnavailable);
        Assert.Equal(0, pass.Sent);
        var row = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"{key}:{reporter}")));
        Assert.Equal(EmailState.Pending, row.EmailState);
        Assert.Equal(before + 1, row.EmailAttempts);
        Assert.NotNull(row.EmailError);

        // The app still answers, and the notification is in the inbox all the same.
        using var client = await app.SignedInAsync(Reporter);
        var inbox = await client.GetAsync("/api/notifications", Ct);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Contains("Báo cáo bị trả lại", await inbox.Content.ReadAsStringAsync(Ct));

        while (row.EmailAttempts < MailOutbox.MaxAttempts)
        {
            await outbox.PassAsync(Ct);
            row = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Id == row.Id)));
        }
        Assert.Equal(EmailState.Failed, row.EmailState);
        Assert.Equal(MailOutbox.MaxAttempts, row.EmailAttempts);
        var last = await outbox.PassAsync(Ct);
        Assert.False(last.ServerUnavailable); // nothing left to try
        Assert.Equal(MailOutbox.MaxAttempts, Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Id == row.Id))).EmailAttempts);
    }

    [Fact]
    public async Task Without_a_mail_host_notifications_reach_the_inbox_and_nothing_is_sent()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite);
        var reporter = await UserIdAsync(app, Reporter);
        Assert.Equal(1, await NotifyAsync(app, Returned(reporter)));
        var pass = await app.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
        Assert.Equal(new MailOutbox.PassResult(0, 0, false), pass);
        var row = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.RecipientUserId == reporter && n.Template == NotificationTemplates.ReportReturned)));
        Assert.Equal(0, row.EmailAttempts);
        Assert.Null(row.EmailSentAt);
        Assert.Equal(EmailState.None, row.EmailState);
    }
}
