using System.Globalization;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Notifications;

/// <summary>The inbox in Chromium on a phone: a task assigned to the Thượng Tân reporter shows in the app bar's count and in
/// the inbox; opening it follows its link and marks it read.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxPageTests(BrowserApp browser)
{
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string Manager = "manager@demo.local";

    private static async Task<int> BadgeCountAsync(IPage page) =>
        int.Parse((await page.Locator("[data-testid=inbox-badge]").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reporter_opens_a_new_notification_from_the_inbox_and_it_is_marked_read()
    {
        // The manager assigns a task to the reporter's account, which puts a notification in the reporter's inbox.
        var manager = await browser.NewPageAsync(1280, 800, Manager);
        var title = $"Rà soát danh sách hộ chưa có VNeID ({Guid.NewGuid():N})"[..60];
        var created = await manager.Context.APIRequest.PostAsync("/api/tasks", browser.OwnPageWrite(new
            {
                title, leadUnit = "08051", leadPerson = "Cán bộ báo cáo xã Thượng Tân", leadUserEmail = Reporter,
                startsOn = "2025-10-01", dueOn = "2025-12-31", expectedResult = "Danh sách hộ", responsibility = "UBND xã",
                approvingAuthority = "Chủ tịch UBND xã", weight = 1,
            }));
        Assert.Equal(201, created.Status);
        await manager.Context.CloseAsync();

        var page = await browser.NewPageAsync(390, 844, Reporter);
        await page.GotoAsync("/inbox");
        var item = (await BrowserApp.WaitFor(page, "[data-testid^=inbox-item-]", title));
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal("true", await item.GetAttributeAsync("data-unread"));
        Assert.Equal(1, await item.Locator("[data-testid=inbox-unread-dot]").CountAsync());
        var testId = (await item.GetAttributeAsync("data-testid"))!;
        var unread = await BadgeCountAsync(page);
        Assert.True(unread >= 1, $"badge shows {unread}");
        Assert.Contains(unread.ToString(CultureInfo.InvariantCulture), await page.Locator("[data-testid=inbox-count]").InnerTextAsync());
        // The page fits the phone: nothing wider than the screen, and the app bar still shows the account button whole.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        var account = await page.Locator("[data-testid=account-menu] button").BoundingBoxAsync();
        Assert.NotNull(account);
        Assert.True(account.X + account.Width <= 390, $"the account button ends at {account.X + account.Width} px");
        await BrowserApp.ScreenshotAsync(page, "inbox-phone");

        await item.ClickAsync();
        await page.WaitForURLAsync("**/tasks/*");
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", title);
        await page.Locator($"[data-testid=inbox-badge][data-count='{unread - 1}']").WaitForAsync();

        await page.GotoAsync("/inbox");
        await BrowserApp.WaitInteractiveAsync(page);
        var read = page.Locator($"[data-testid={testId}]");
        await read.WaitForAsync();
        Assert.Equal("false", await read.GetAttributeAsync("data-unread"));
        Assert.Equal(0, await read.Locator("[data-testid=inbox-unread-dot]").CountAsync());
        Assert.Equal(unread - 1, await BadgeCountAsync(page));

        await page.GotoAsync("/inbox?unread=true");
        await page.Locator("[data-testid=inbox-filter-unread]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal(0, await page.Locator($"[data-testid={testId}]").CountAsync());
    }
}
