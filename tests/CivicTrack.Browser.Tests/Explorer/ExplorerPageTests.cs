using System.Text;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Explorer;

/// <summary>The indicator explorer in Chromium: a manager builds a view with the controls, another account opens its
/// address and sees the same figures within its own units, the view is exported and pinned to the home page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExplorerPageTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";
    private const string Approver = "approver.thuongtan@demo.local";
    private const string ThuongTan = "08051";

    /// <summary>The page replaces its address without loading anything: the new address is all there is to wait for.</summary>
    private static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 };

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    /// <summary>Types into a search field and chooses the offered item holding <paramref name="option"/>; done when <paramref name="chosen"/> shows.</summary>
    private static async Task PickAsync(IPage page, string testId, string typed, string option, string chosen)
    {
        for (var attempt = 0; ; attempt++)
        {
            await Field(page, testId).FillAsync("");
            await Field(page, testId).PressSequentiallyAsync(typed, new() { Delay = 20 });
            await (await BrowserApp.WaitFor(page, ".mud-popover-open .mud-list-item", option)).ClickAsync();
            try
            {
                await page.Locator($"[data-testid={chosen}]").WaitForAsync(new() { Timeout = 5000 });
                return;
            }
            catch (TimeoutException) when (attempt < 2) { }
        }
    }

    private static async Task SetTextAsync(IPage page, string testId, string text)
    {
        await Field(page, testId).FillAsync(text);
        await Field(page, testId).PressAsync("Tab");
    }

    /// <summary>The figures of one unit's row in every table, as shown: each cell's text, tab-separated, whatever the row's layout
    /// (a row's own inner text has tabs only once the table's styles apply).</summary>
    private static async Task<List<string>> RowOfAsync(IPage page, string unit)
    {
        var rows = page.Locator($"[data-testid=ex-table] tr[data-key='{unit}']");
        var list = new List<string>();
        for (var i = 0; i < await rows.CountAsync(); i++)
            list.Add(string.Join('\t', (await rows.Nth(i).Locator("th, td").AllInnerTextsAsync()).Select(c => c.Trim())));
        return list;
    }

    [Fact]
    public async Task Manager_builds_a_view_shares_its_address_exports_csv_and_pins_it_and_another_account_sees_it_within_its_units()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync("/explore");
        await BrowserApp.WaitInteractiveAsync(page);
        await PickAsync(page, "ex-item-search", "IND_HH_VNEID_PCT", "(IND_HH_VNEID_PCT)", "ex-item-IND_HH_VNEID_PCT");
        await PickAsync(page, "ex-item-search", "IND_HH_EWALLET_PCT", "(IND_HH_EWALLET_PCT)", "ex-item-IND_HH_EWALLET_PCT");
        await PickAsync(page, "ex-unit-picker", "Tuyên Quang", "(08)", "ex-unit-08");
        // A click that lands while the page renders the unit just picked can be lost: check again until the address follows.
        var children = page.Locator("[data-testid=ex-children]");
        for (var attempt = 0; ; attempt++)
        {
            if (await children.IsCheckedAsync()) await children.UncheckAsync();
            await children.CheckAsync();
            try
            {
                await page.WaitForURLAsync(url => url.Contains("children=true", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4) { }
        }
        await SetTextAsync(page, "ex-from", "2025-01");
        await SetTextAsync(page, "ex-to", "2025-12");
        await page.Locator("[data-testid=ex-by]").SelectOptionAsync("quarter");
        await page.WaitForURLAsync(url => url.Contains("by=quarter", StringComparison.Ordinal) && url.Contains("periods=2025-01..2025-12", StringComparison.Ordinal), Committed);
        await page.Locator($"[data-testid=ex-table] tr[data-key='{ThuongTan}']").First.WaitForAsync();

        var url = page.Url;
        Assert.Contains("items=IND_HH_VNEID_PCT%2CIND_HH_EWALLET_PCT", url);
        Assert.Contains("units=08", url);
        Assert.Equal(2, await page.Locator("[data-testid=ex-section]").CountAsync());
        var header = await page.Locator("[data-testid=ex-table] thead").First.InnerTextAsync();
        foreach (var q in new[] { "2025Q1", "2025Q2", "2025Q3", "2025Q4" }) Assert.Contains(q, header);
        var managerRow = await RowOfAsync(page, ThuongTan);
        Assert.Equal(2, managerRow.Count);
        Assert.Contains(",", managerRow[0]); // a Vietnamese decimal comma, e.g. "78,4"
        await page.Locator("[data-testid=ex-chart] svg").First.WaitForAsync();

        // Another account, of another role and one commune, opens the same address: the same figures for its commune, the rest left out.
        var other = await browser.NewPageAsync(1280, 900, Approver);
        await other.GotoAsync(url);
        await other.Locator($"[data-testid=ex-table] tr[data-key='{ThuongTan}']").First.WaitForAsync();
        Assert.Equal(managerRow, await RowOfAsync(other, ThuongTan));
        Assert.Equal(2, await other.Locator("[data-testid=ex-table] tbody tr").CountAsync());
        await other.Locator("[data-testid=ex-left-out]").WaitForAsync();
        Assert.DoesNotContain("Giáp Trung", await other.Locator(".ct-body").InnerTextAsync());

        // CSV: the same rows, Vietnamese readable in Excel (UTF-8 with a BOM).
        await BrowserApp.WaitInteractiveAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=ex-csv]").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("2025Q4", csv);
        Assert.Contains("Xã Thượng Tân", csv);
        Assert.Equal(await page.Locator("[data-testid=ex-table] tbody tr").CountAsync() + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Pinned, the view is on the manager's home page as a link back to it.
        var title = $"VNeID và ví điện tử {Guid.NewGuid().ToString("N")[..4]}";
        await Field(page, "ex-pin-title").FillAsync(title);
        await page.Locator("[data-testid=ex-pin-button]").ClickAsync();
        await page.Locator(".mud-snackbar").Filter(new() { HasText = title }).WaitForAsync();
        await page.GotoAsync("/");
        var pin = await BrowserApp.WaitFor(page, "[data-testid=home-pin]", title);
        Assert.Contains("/explore?items=IND_HH_VNEID_PCT", await pin.Locator("a").First.GetAttributeAsync("href"));
        Assert.Matches(@"\d", await pin.Locator("[data-testid=home-pin-latest]").InnerTextAsync());
    }

    [Fact]
    public async Task Explorer_fits_a_390_pixel_phone_the_table_scrolling_inside_its_own_box()
    {
        var page = await browser.NewPageAsync(390, 844, Manager);
        await page.GotoAsync("/explore?items=IND_HH_VNEID_PCT,HH_TOTAL&units=08&children=true&periods=2025-01..2025-12&by=quarter");
        await page.Locator($"[data-testid=ex-table] tr[data-key='{ThuongTan}']").First.WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page is {scrollWidth} px wide on a 390 px screen.");
        await BrowserApp.ScreenshotAsync(page, "explorer-vi-390");
    }
}
