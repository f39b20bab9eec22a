using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.CompositeIndex;

/// <summary>The composite index as a programme manager reads it in Chromium: the DTI ranking of the communes for 2025 with
/// each unit's rank range, a unit's pillar profile, and the ranking on a 390 px phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IndexPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";

    private static async Task<string> RankingUrlAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("/api/indices");
        Assert.True(response.Ok, $"/api/indices: {response.Status}");
        using var json = System.Text.Json.JsonDocument.Parse(await response.BodyAsync());
        return $"/indices/{json.RootElement[0].GetProperty("id").GetInt32()}?period=2025";
    }

    [Fact]
    public async Task The_manager_sees_ranks_with_rank_ranges_and_opens_a_units_pillar_profile()
    {
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync(await RankingUrlAsync(page));
        var rows = page.Locator("[data-testid=ix-ranking] tbody tr");
        await rows.First.WaitForAsync();
        Assert.True(await rows.CountAsync() >= 90, "every commune and ward of the demo is ranked");
        var first = rows.First;
        Assert.Equal("1", (await first.Locator(".ix-rank").InnerTextAsync()).Trim());
        // "hạng 1 (1–2)": the rank and the range it keeps when the weights vary.
        var range = (await first.Locator("[data-testid=ix-range]").InnerTextAsync()).Trim();
        Assert.Matches(@"^hạng 1 \(1–\d+\)", range);
        var score = (await first.Locator("[data-testid=ix-score]").InnerTextAsync()).Trim();
        Assert.Matches(@"^0,\d{4}$|^1,0000$", score);
        var name = (await first.Locator("[data-testid=ix-unit-link]").InnerTextAsync()).Trim();

        await first.Locator("[data-testid=ix-unit-link]").ClickAsync();
        await page.Locator("[data-testid=ixp-bars]").WaitForAsync();
        Assert.Equal(name, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(score, (await page.Locator("[data-testid=ixp-score]").InnerTextAsync()).Trim());
        Assert.Equal(8, await page.Locator("[data-testid=ixp-bars] li").CountAsync());
        Assert.StartsWith("1 /", (await page.Locator("[data-testid=ixp-rank]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "index-profile-vi");
    }

    [Fact]
    public async Task On_a_390_px_phone_the_ranking_does_not_scroll_sideways()
    {
        var page = await browser.NewPageAsync(390, 844, signInAs: Manager);
        await page.GotoAsync(await RankingUrlAsync(page));
        await page.Locator("[data-testid=ix-ranking] tbody tr").First.WaitForAsync();
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the ranking is {widths[0]} px wide on a {widths[1]} px screen");
        // The rank range moves under the unit's name on the phone.
        var inline = page.Locator("[data-testid=ix-range-inline]").First;
        Assert.True(await inline.IsVisibleAsync());
        Assert.Matches(@"^hạng 1 \(1–\d+\)", (await inline.InnerTextAsync()).Trim());
        await BrowserApp.ScreenshotAsync(page, "index-ranking-vi-390");
    }
}
