using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Community;

/// <summary>A commune reporter records a literacy class on a phone, and the campaign page's figure for attendances moves
/// at once, without a restart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActivityPagesTests(BrowserApp browser)
{
    private const string Reporter = "reporter.thuongtan@demo.local";

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    private static async Task FillAsync(IPage page, string testId, string text)
    {
        var field = Field(page, testId);
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    private static async Task<double> LiteracyFigureAsync(IPage page, int campaign)
    {
        await page.GotoAsync($"/campaigns/{campaign}");
        var value = page.Locator("[data-testid=campaign-target-10] .cp-value");
        await value.WaitForAsync();
        return double.Parse(await value.GetAttributeAsync("data-value") ?? "0", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_literacy_class_recorded_on_a_phone_moves_the_campaigns_attendance_figure()
    {
        var page = await browser.NewPageAsync(390, 844, Reporter);
        var response = await page.Context.APIRequest.GetAsync("/api/campaigns");
        using var json = JsonDocument.Parse(await response.BodyAsync());
        var campaign = json.RootElement.EnumerateArray().First(c => c.GetProperty("documentNumber").GetString() == "38/KH-UBND").GetProperty("id").GetInt32();
        var before = await LiteracyFigureAsync(page, campaign);
        Assert.True(before > 1000, $"{before}");

        await page.GotoAsync("/activities/new");
        await page.Locator("[data-testid=activity-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=activity-kind]").First.ClickAsync();
        await (await BrowserApp.WaitFor(page, ".mud-popover-open .mud-list-item", "Bình dân học vụ số")).ClickAsync();
        await FillAsync(page, "activity-title", "Lớp Bình dân học vụ số thôn Bản Tát");
        await FillAsync(page, "activity-starts", "2026-02-14");
        await FillAsync(page, "activity-place", "Nhà văn hóa thôn Bản Tát");
        await FillAsync(page, "activity-citizens", "37");
        await FillAsync(page, "activity-women", "20");
        await Assertions.Expect(page.Locator("[data-testid=activity-total]")).ToContainTextAsync("37");
        await page.Locator("[data-testid=activity-save]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/activities/[0-9]+$"));

        Assert.Equal(before + 37, await LiteracyFigureAsync(page, campaign));
    }
}
