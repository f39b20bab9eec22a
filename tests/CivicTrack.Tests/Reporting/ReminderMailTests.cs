using CivicTrack.Engine.Text;
using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using CivicTrack.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Reporting;

/// <summary>Reminders before and on the due day reach the reporters of units that have not reported, by e-mail through a
/// real SMTP conversation, once each — also after the app restarts on the same database.</summary>
public sealed class ReminderMailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reminder_emails_arrive_once_each_and_not_again_after_a_restart(DatabaseProvider provider)
    {
        await using var database = new LastingDatabase(provider);
        await using var smtp = new SmtpListener();
        var clock = TestClock.At(2026, 2, 22);
        AppFactory App() => new(database.Provider, loadDemo: true, reuseConnection: database.ConnectionString)
            { Clock = clock, Settings = NotificationTestKit.MailTo(smtp.Port) };
        string form;

        await using (var app = App())
        {
            var manager = await app.SignedInAsync("manager@demo.local");
            var input = new ReportFormInput("NHAC-HAN", LocalText.Of("Báo cáo nhắc hạn", "Reminder report"), null, PeriodType.Month, null, null, null, "day:25", null, 1, null,
                [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0)])], null, new AssignmentInput(null, null, ["08051", "08052"]));
            Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/report-forms", input, Json.Options, Ct)).StatusCode);
            form = input.Code!;
            // Giáp Trung has already reported: only Thượng Tân is reminded.
            var giapTrung = await app.SignedInAsync("reporter.giaptrung@demo.local");
            Assert.Equal(HttpStatusCode.OK, (await giapTrung.PostAsJsonAsync($"/api/reports/{form}/08052/2026-02/submit",
                new ReportInput([new ReportValueInput("DOSSIERS_RECEIVED", 12)]), Json.Options, Ct)).StatusCode);

            var reminders = app.Services.GetRequiredService<ReminderService>();
            Assert.Equal(1, await reminders.RunOnceAsync(Ct));
            var mail = Assert.Single(await smtp.WaitForAsync(1, Wait));
            Assert.Equal(["reporter.thuongtan@demo.local"], mail.Recipients);
            Assert.Contains("Báo cáo nhắc hạn", mail.Subject);
            Assert.Contains("25/02/2026", mail.Text);
            Assert.Contains("Xã Thượng Tân", mail.Text);
            Assert.Contains("/reports/NHAC-HAN/08051/2026-02", mail.Text);
            // The same day again: nothing new.
            Assert.Equal(0, await reminders.RunOnceAsync(Ct));
            await app.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
        }

        await using (var again = App())
        {
            var reminders = again.Services.GetRequiredService<ReminderService>();
            Assert.Equal(0, await reminders.RunOnceAsync(Ct));
            await again.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
            Assert.Single(smtp.Messages);

            // On the due day the next reminder goes out, once.
            clock.Set(2026, 2, 25);
            Assert.Equal(1, await reminders.RunOnceAsync(Ct));
            Assert.Equal(0, await reminders.RunOnceAsync(Ct));
            var both = await smtp.WaitForAsync(2, Wait);
            Assert.Equal(["reporter.thuongtan@demo.local"], both[1].Recipients);
            Assert.NotEqual(both[0].Subject, both[1].Subject);
            await again.Services.GetRequiredService<MailOutbox>().PassAsync(Ct);
            Assert.Equal(2, smtp.Messages.Count);
            var inbox = await NotificationTestKit.NotificationsAsync(again, q => q.Where(n => n.Kind == NotificationKind.Reminder && n.Key!.StartsWith("reminder:NHAC-HAN:")));
            Assert.Equal(2, inbox.Count);
            Assert.All(inbox, n => Assert.Equal(EmailState.Sent, n.EmailState));
        }
    }
}
