using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Notifications;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CivicTrack.Tests.Notifications.NotificationTestKit;

namespace CivicTrack.Tests.Notifications;

/// <summary>The inbox API and the notifier on the demo province: each account sees and marks only its own notifications,
/// a key is recorded once, and a unit's notification reaches its accounts of the named roles.</summary>
public sealed class InboxApiTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> Get<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    [Fact]
    public async Task Each_account_sees_and_marks_only_its_own_notifications()
    {
        var app = shared.App;
        var mine = await UserIdAsync(app, Reporter);
        var theirs = await UserIdAsync(app, OtherReporter);
        var marker = Guid.NewGuid().ToString("N");
        Assert.Equal(1, await NotifyAsync(app, Returned(mine) with { Args = new Dictionary<string, string>(Returned().Args) { ["reason"] = "mine " + marker } }));
        Assert.Equal(1, await NotifyAsync(app, Returned(theirs) with { Args = new Dictionary<string, string>(Returned().Args) { ["reason"] = "theirs " + marker } }));
        using var reporter = await app.SignedInAsync(Reporter);
        using var other = await app.SignedInAsync(OtherReporter);

        var list = await Get<List<InboxItem>>(reporter, "/api/notifications?unread=true&take=50");
        var item = Assert.Single(list, i => i.Body.Contains(marker, StringComparison.Ordinal));
        Assert.Contains("mine " + marker, item.Body);
        Assert.DoesNotContain(list, i => i.Body.Contains("theirs " + marker, StringComparison.Ordinal));
        Assert.Equal(NotificationKind.Return, item.Kind);
        Assert.Equal("Báo cáo bị trả lại: Báo cáo chuyển đổi số tháng kỳ 10/2025", item.Title);
        Assert.Equal("/reports/DT-MONTHLY/08051/2025-10", item.Link);
        Assert.Null(item.ReadAt);
        Assert.Equal(DateTimeKind.Utc, item.CreatedAt.Kind);
        var english = await Get<List<InboxItem>>(reporter, "/api/notifications?culture=en-GB");
        Assert.Equal("Report returned: Monthly digital transformation report, 10/2025", Assert.Single(english, i => i.Id == item.Id).Title);

        var count = (await Get<UnreadCount>(reporter, "/api/notifications/unread-count")).Count;
        Assert.True(count >= 1);

        // Another account cannot reach it, and trying changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/notifications/{item.Id}/read", null, Ct)).StatusCode);
        Assert.Contains(await Get<List<InboxItem>>(reporter, "/api/notifications?unread=true"), i => i.Id == item.Id);
        Assert.DoesNotContain(await Get<List<InboxItem>>(other, "/api/notifications"), i => i.Id == item.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await reporter.PostAsync($"/api/notifications/{item.Id}/read", null, Ct)).StatusCode);
        Assert.Equal(count - 1, (await Get<UnreadCount>(reporter, "/api/notifications/unread-count")).Count);
        Assert.DoesNotContain(await Get<List<InboxItem>>(reporter, "/api/notifications?unread=true"), i => i.Id == item.Id);
        Assert.NotNull(Assert.Single(await Get<List<InboxItem>>(reporter, "/api/notifications"), i => i.Id == item.Id).ReadAt);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.PostAsync("/api/notifications/999999999/read", null, Ct)).StatusCode);

        var theirCount = (await Get<UnreadCount>(other, "/api/notifications/unread-count")).Count;
        Assert.True(theirCount >= 1);
        var marked = await other.PostAsync("/api/notifications/read-all", null, Ct);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(theirCount, (await marked.Content.ReadFromJsonAsync<MarkedRead>(Json.Options, Ct))!.Marked);
        Assert.Equal(0, (await Get<UnreadCount>(other, "/api/notifications/unread-count")).Count);
        Assert.Empty(await Get<List<InboxItem>>(other, "/api/notifications?unread=true"));
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = shared.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/notifications/read-all", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_key_is_recorded_once_even_within_one_unit_of_work()
    {
        var app = shared.App;
        var mine = await UserIdAsync(app, Reporter);
        var key = $"test/once/{Guid.NewGuid():N}";
        Assert.Equal(1, await NotifyAsync(app, Returned(mine, key: key)));
        Assert.Equal(0, await NotifyAsync(app, Returned(mine, key: key)));

        var other = $"test/once/{Guid.NewGuid():N}";
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        Assert.Equal(1, await notifier.AddAsync(db, Returned(mine, key: other), Ct));
        Assert.Equal(0, await notifier.AddAsync(db, Returned(mine, key: other), Ct));
        await db.SaveChangesAsync(Ct);
        Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"{key}:{mine}")));
        Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"{other}:{mine}")));
    }

    [Fact]
    public async Task Two_writers_racing_on_one_key_are_stopped_by_the_database_and_told_so()
    {
        var app = shared.App;
        var mine = await UserIdAsync(app, Reporter);
        var key = $"test/race/{Guid.NewGuid():N}";
        await using var first = await app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        await using var second = await app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var notifier = app.Services.GetRequiredService<Notifier>();
        // Both look before either writes, so neither sees the other's row.
        Assert.Equal(1, await notifier.AddAsync(first, Returned(mine, key: key), Ct));
        Assert.Equal(1, await notifier.AddAsync(second, Returned(mine, key: key), Ct));
        await first.SaveChangesAsync(Ct);
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(Ct));
        Assert.True(Notifier.IsDuplicateKey(e), e.InnerException?.Message);
        Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == $"{key}:{mine}")));
    }

    [Fact]
    public async Task A_unit_notification_reaches_its_accounts_of_the_named_roles_or_the_unit_itself()
    {
        var app = shared.App;
        var commune = await UnitIdAsync(app, "08051");
        var reporter = await UserIdAsync(app, Reporter);
        var approver = await UserIdAsync(app, "approver.thuongtan@demo.local");
        var key = $"test/unit/{Guid.NewGuid():N}";
        Assert.Equal(1, await NotifyAsync(app, Returned(unitId: commune, roles: [Roles.Reporter], key: key)));
        var rows = await NotificationsAsync(app, q => q.Where(n => n.Key != null && n.Key.StartsWith(key)));
        var row = Assert.Single(rows);
        Assert.Equal(reporter, row.RecipientUserId);
        Assert.Equal(commune, row.RecipientUnitId);
        Assert.Equal($"{key}:{reporter}", row.Key);
        // This instance has no mail server: the inbox only, nothing waiting for e-mail.
        Assert.Equal(EmailState.None, row.EmailState);
        Assert.Null(row.EmailTo);
        Assert.Equal(NotificationTemplates.ReportReturned, row.Template);
        Assert.StartsWith("Báo cáo bị trả lại", row.Title);
        Assert.DoesNotContain("/reports/", row.Body);

        var everyone = $"test/unit/{Guid.NewGuid():N}";
        Assert.True(await NotifyAsync(app, Returned(unitId: commune, key: everyone)) >= 2);
        var users = (await NotificationsAsync(app, q => q.Where(n => n.Key != null && n.Key.StartsWith(everyone)))).Select(n => n.RecipientUserId).ToList();
        Assert.Contains(reporter, users);
        Assert.Contains(approver, users);

        // A village without accounts: one notification for the unit itself, keyed without an account.
        var village = await UnitIdAsync(app, "08051-02");
        var nobody = $"test/unit/{Guid.NewGuid():N}";
        Assert.Equal(1, await NotifyAsync(app, Returned(unitId: village, roles: [Roles.Reporter], key: nobody)));
        Assert.Equal(0, await NotifyAsync(app, Returned(unitId: village, roles: [Roles.Reporter], key: nobody)));
        var unitRow = Assert.Single(await NotificationsAsync(app, q => q.Where(n => n.Key == nobody)));
        Assert.Null(unitRow.RecipientUserId);
        Assert.Equal(village, unitRow.RecipientUnitId);
        Assert.Equal(EmailState.None, unitRow.EmailState);
    }
}
