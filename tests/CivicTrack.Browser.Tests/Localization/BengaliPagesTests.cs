using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Localization;

/// <summary>The pages people use most read in Bengali end to end: the page language, the menus, the names of forms
/// and indicators, MudBlazor's own controls; screenshots are kept for a person to look at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BengaliPagesTests(BrowserApp app)
{
    private static async Task OpenInBengaliAsync(IPage page, string url)
    {
        await page.GotoAsync($"/culture/bn-BD?returnUrl={Uri.EscapeDataString(url)}");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("bn", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("true", await page.Locator("[data-testid=lang-bn]").GetAttributeAsync("aria-current"));
    }

    [Fact]
    public async Task The_overview_and_the_org_tree_speak_bengali()
    {
        var page = await app.NewPageAsync(signInAs: "manager@demo.local");
        await OpenInBengaliAsync(page, "/?asOf=2025-06-30");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Matches("[\u0980-\u09FF]{4,}", text);
        Assert.DoesNotContain("Tổng quan", text, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "bn-overview-1280");

        await OpenInBengaliAsync(page, "/org");
        Assert.Contains("কমিউন", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "bn-org-tree-1280");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_commune_reporter_enters_a_report_in_bengali_on_a_phone()
    {
        var page = await app.NewPageAsync(width: 390, height: 844, signInAs: "reporter.thuongtan@demo.local");
        await OpenInBengaliAsync(page, "/reports/BC-CDS-THANG/08051/2025-10");
        var text = await page.Locator("main").InnerTextAsync();
        // The form's name and its sections come from the demo's names in Bengali.
        Assert.Contains("ডিজিটাল রূপান্তর", text, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "bn-report-entry-390");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Late_reports_and_the_synthesized_report_are_in_bengali()
    {
        var page = await app.NewPageAsync(signInAs: "manager@demo.local");
        await OpenInBengaliAsync(page, "/reports/late?form=BC-CDS-THANG&period=2025-12");
        Assert.Matches("[\u0980-\u09FF]{4,}", await page.Locator("main").InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "bn-late-reports-1280");

        await OpenInBengaliAsync(page, "/reports/synthesis/BC-CDS-THANG/2025-10");
        var view = page.Locator("[data-testid=synthesis-view]");
        Assert.Equal("bn-BD", await view.GetAttributeAsync("lang"));
        Assert.Matches("[\u0980-\u09FF]{4,}", await view.InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "bn-synthesis-1280");
        await page.Context.CloseAsync();
    }
}
