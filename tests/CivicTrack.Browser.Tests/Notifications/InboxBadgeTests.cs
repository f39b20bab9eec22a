using CivicTrack.Data;
using CivicTrack.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Notifications;

/// <summary>The unread count on the app bar's inbox button shows whole, on a desktop and on a phone, for one, two and
/// three characters ("3", "12", "99+"): inside the window, inside the app bar, and cut by no ancestor that clips.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxBadgeTests(BrowserApp browser)
{
    private const string Viewer = "viewer@demo.local";

    /// <summary>Leaves the viewer with exactly <paramref name="count"/> unread notifications.</summary>
    private async Task SetUnreadAsync(int count)
    {
        var factory = browser.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == Viewer).Select(u => u.Id).SingleAsync();
        await db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, DateTime.UtcNow));
        for (var i = 0; i < count; i++)
            db.Notifications.Add(new Notification { RecipientUserId = userId, Kind = NotificationKind.Assignment, Title = $"Thông báo {i}", Body = "", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(1280, 800, 3, "3")]
    [InlineData(1280, 800, 12, "12")]
    [InlineData(1280, 800, 120, "99+")]
    [InlineData(390, 844, 3, "3")]
    [InlineData(390, 844, 12, "12")]
    [InlineData(390, 844, 120, "99+")]
    public async Task The_unread_badge_shows_whole_inside_the_app_bar(int width, int height, int count, string shown)
    {
        var page = await browser.NewPageAsync(width, height, Viewer);
        await SetUnreadAsync(count);
        await page.GotoAsync("/inbox");
        await BrowserApp.WaitInteractiveAsync(page);
        var badge = page.Locator("[data-testid=inbox-badge] .mud-badge");
        await badge.WaitForAsync();
        Assert.Equal(shown, (await badge.InnerTextAsync()).Trim());
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.Locator(".mud-appbar").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(dir, $"inbox-badge-{width}-{count}.png") });

        // The badge's box against the window, the app bar and every ancestor that clips what overflows it.
        var cuts = await page.EvaluateAsync<string[]>("""
            () => {
                const badge = document.querySelector('[data-testid=inbox-badge] .mud-badge');
                const b = badge.getBoundingClientRect();
                const out = [];
                const inside = (r, name) => {
                    if (b.left < r.left - 0.5 || b.top < r.top - 0.5 || b.right > r.right + 0.5 || b.bottom > r.bottom + 0.5)
                        out.push(`${name} [${r.left},${r.top},${r.right},${r.bottom}] cuts the badge [${b.left},${b.top},${b.right},${b.bottom}]`);
                };
                inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight }, 'the window');
                inside(document.querySelector('.mud-appbar').getBoundingClientRect(), 'the app bar');
                for (let e = badge.parentElement; e && e !== document.body; e = e.parentElement) {
                    const s = getComputedStyle(e);
                    if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.clipPath !== 'none' || s.contain.includes('paint'))
                        inside(e.getBoundingClientRect(), `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
                }
                return out;
            }
            """);
        Assert.Empty(cuts);
        await page.Context.CloseAsync();
    }
}
