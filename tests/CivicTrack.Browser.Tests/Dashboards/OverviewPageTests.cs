using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Dashboards;

/// <summary>The province overview at "/" and the plan pages, as a leader and a commune reporter see them in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string GiapTrung = "08052";
    private const string ThuongTan = "08051";

    [Fact]
    public async Task Manager_sees_resolution_57_plan_at_17_of_43_with_a_vietnamese_decimal_comma()
    {
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync("/?asOf=2025-06-30");
        var tile = await BrowserApp.WaitFor(page, "[data-testid^=plan-tile-]", "17/43");
        var text = await tile.InnerTextAsync();
        Assert.Contains("57", text);
        var id = (await tile.GetAttributeAsync("data-testid"))!["plan-tile-".Length..];
        var summary = await page.Locator($"[data-testid=plan-summary-{id}]").InnerTextAsync();
        Assert.Contains("17/43", summary);
        Assert.Contains("39,5", summary);
        Assert.DoesNotContain("39.5", summary);
        // The chosen day is kept in the picker and in the links, so that a shared link shows the same figures.
        Assert.Contains("30/06/2025", await page.Locator("[data-testid=overview-asof]").InnerTextAsync());
        Assert.EndsWith($"/plans/{id}?asOf=2025-06-30", await tile.GetAttributeAsync("href"));
        await page.Locator("[data-testid^=target-row-]").First.WaitForAsync();
        // The pillar chart is drawn above the pillar list, which stays for screen readers and small screens.
        await page.Locator("[data-testid=overview-pillars] [data-testid=pillar-chart] svg").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=overview-pillars] [data-testid^=pillar-]:not([data-testid=pillar-chart])").CountAsync() > 0);
        await BrowserApp.ScreenshotAsync(page, "overview-vi-1280");
    }

    [Fact]
    public async Task Overview_fits_a_390_pixel_phone_without_sideways_scrolling()
    {
        var page = await browser.NewPageAsync(390, 844, Manager);
        await page.GotoAsync("/?asOf=2025-06-30");
        await BrowserApp.WaitFor(page, "[data-testid^=plan-tile-]", "17/43");
        await page.Locator("[data-testid^=target-row-]").First.WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page is {scrollWidth} px wide on a 390 px screen.");
        await BrowserApp.ScreenshotAsync(page, "overview-vi-390");
    }

    [Fact]
    public async Task Thuong_tan_reporter_sees_nothing_of_giap_trung_on_the_overview()
    {
        var page = await browser.NewPageAsync(signInAs: Reporter);
        await page.GotoAsync("/?asOf=2025-06-30");
        await page.Locator("[data-testid=overview-targets]").WaitForAsync();
        await page.Locator("[data-testid=overview-overdue]").WaitForAsync();
        await page.Locator("[data-testid=overview-ranking]").WaitForAsync();

        // The reporter's own commune is there, so the absence below is not an empty page.
        await page.Locator($"[data-testid=ranking-row-{ThuongTan}]").WaitForAsync();
        Assert.Equal(0, await page.Locator($"[data-testid=ranking-row-{GiapTrung}]").CountAsync());
        Assert.Equal(0, await page.Locator($"[data-testid^=target-row-][data-unit='{GiapTrung}']").CountAsync());
        Assert.Equal(0, await page.Locator($"[data-testid^=overdue-task-][data-unit='{GiapTrung}']").CountAsync());
        Assert.DoesNotContain("Giáp Trung", await page.Locator(".ct-body").InnerTextAsync());
    }

    [Fact]
    public async Task Plan_page_filters_targets_by_status_and_opens_a_commune_target_per_unit()
    {
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync("/?asOf=2025-06-30");
        var tile = await BrowserApp.WaitFor(page, "[data-testid^=plan-tile-]", "17/43");
        await BrowserApp.WaitInteractiveAsync(page);
        await tile.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/plans/", StringComparison.Ordinal) && url.EndsWith("?asOf=2025-06-30", StringComparison.Ordinal));
        await page.Locator("[data-testid=plan-title]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Contains("57-NQ/TW", await page.Locator("[data-testid=plan-title]").InnerTextAsync());
        Assert.Equal(43, await page.Locator("[data-testid^=target-row-]").CountAsync());
        await page.Locator("[data-testid=plan-status-chart] svg").First.WaitForAsync();

        await page.Locator("[data-testid=targets-filter-Behind]").ClickAsync();
        await page.Locator("[data-testid^=target-row-]:not([data-status=Behind])").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.True(await page.Locator("[data-testid^=target-row-]").CountAsync() > 0);
        await page.Locator("[data-testid=targets-filter-all]").ClickAsync();

        var toggle = page.Locator("[data-testid^=target-units-toggle-]").First;
        var code = (await toggle.GetAttributeAsync("data-testid"))!["target-units-toggle-".Length..];
        await toggle.ClickAsync();
        await page.Locator($"[data-testid=target-units-{code}] [data-testid^=target-unit-]").First.WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "plan-vi-1280");
    }

    [Fact]
    public async Task Target_import_refuses_a_file_that_is_not_an_annex_and_lists_why()
    {
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync("/plans?asOf=2025-06-30");
        var row = await BrowserApp.WaitFor(page, "[data-testid^=plan-row-]", "17/43");
        var id = (await row.GetAttributeAsync("data-testid"))!["plan-row-".Length..];
        await page.GotoAsync($"/plans/{id}/targets/import");
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.EndsWith($"/api/plans/{id}/targets/template", await page.Locator("[data-testid=import-template]").GetAttributeAsync("href"));
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "targets.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = "not a workbook"u8.ToArray(),
        });
        await page.Locator("[data-testid=import-refused]").WaitForAsync();
        Assert.True(await page.Locator("[data-testid=import-errors] tbody tr").CountAsync() > 0);
        Assert.Equal(0, await page.Locator("[data-testid=import-success]").CountAsync());
    }
}
