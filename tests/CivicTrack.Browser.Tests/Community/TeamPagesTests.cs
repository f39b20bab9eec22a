using System.Text.Json;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Community;

/// <summary>The team registry and a team's page as the programme manager uses them, in Chromium, on a desktop and at phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync($"/culture/vi-VN?returnUrl={Uri.EscapeDataString(url)}");
        await BrowserApp.WaitInteractiveAsync(page);
    }

    [Fact]
    public async Task The_manager_sees_the_rollup_opens_a_team_and_adds_a_member()
    {
        var page = await browser.NewPageAsync(signInAs: Manager);
        await OpenAsync(page, "/teams?unit=08051");
        var rollup = page.Locator("[data-testid=tr-rollup]");
        await rollup.WaitForAsync();
        Assert.Contains("Xã Thượng Tân: 1 tổ cấp xã và 25 tổ cấp thôn", await rollup.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("25/25 thôn, tổ dân phố có tổ", await rollup.InnerTextAsync(), StringComparison.Ordinal);

        await (await BrowserApp.WaitFor(page, "[data-testid=tr-team-link]", "Thôn Nà Sài")).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/teams/", StringComparison.Ordinal));
        await BrowserApp.WaitInteractiveAsync(page);
        await BrowserApp.WaitFor(page, "[data-testid=tp-title]", "Thôn Nà Sài");
        var before = int.Parse(await page.Locator("[data-testid=tp-members]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        await page.Locator("input[data-testid=tp-name], [data-testid=tp-name] input").First.FillAsync("Lường Thị Thử Nghiệm");
        await page.Locator("input[data-testid=tp-phone], [data-testid=tp-phone] input").First.FillAsync("0977 123 456");
        await page.Locator("[data-testid=tp-save-member]").ClickAsync();
        await page.Locator("[data-testid=tp-saved]").WaitForAsync();

        var row = await BrowserApp.WaitFor(page, "[data-testid=tp-member-table] tr", "Lường Thị Thử Nghiệm");
        Assert.Contains("0977123456", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("[data-testid=tp-members]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_390_px_the_registry_and_a_team_page_fit_the_screen()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844, signInAs: Manager);
        var response = await page.Context.APIRequest.GetAsync("/api/teams?unit=08051-01&children=false");
        Assert.True(response.Ok);
        using var json = JsonDocument.Parse(await response.BodyAsync());
        var id = json.RootElement.GetProperty("teams")[0].GetProperty("id").GetInt32();
        foreach (var (url, ready) in new[] { ("/teams?unit=08051", "[data-testid=tr-rollup]"), ($"/teams/{id}", "[data-testid=tp-member-table]") })
        {
            await OpenAsync(page, url);
            await page.Locator(ready).WaitForAsync();
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1] + 1, $"{url} is {widths[0]} px wide at {widths[1]} px");
            Assert.True(await page.Locator(ready).IsVisibleAsync());
        }
        await page.Context.CloseAsync();
    }
}
