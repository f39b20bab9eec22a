using System.Text;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Dossiers;

/// <summary>The dossier pages as the programme manager uses them, in Chromium: importing a file with bad rows on the
/// import page, then reading the month on the service dashboard and the late list, on a desktop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DossierPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";

    // March 2024 (a month no other test touches). Thượng Tân (08051): 3 received, 2 online; 3 finished, one early, one on
    // time, one late by 3 days. Lines 6–8 are refused: a date written the Vietnamese way, an unknown unit, channel 5.
    private const string File = "dossier_code,procedure_code,procedure_name,sector,service_level,channel,receiving_unit_code,handling_unit_code,"
        + "received_at,due_at,finished_at,returned_at,status,digitized,paid_online,vneid_verified\n"
        + "BT-0324-1,1.001612,Đăng ký khai sinh,Hộ tịch,4,2,08051,08051,2024-03-04,2024-03-08,2024-03-07,,10,1,1,0\n"
        + "BT-0324-2,1.004227,Cấp giấy phép xây dựng,Xây dựng,3,1,08051,08051,2024-03-05,2024-03-12,2024-03-15,,10,1,0,0\n"
        + "BT-0324-3,1.000656,Chứng thực bản sao,Chứng thực,4,2,08052,08051,2024-03-06,2024-03-10,2024-03-10,,10,0,0,0\n"
        + "BT-0324-4,1.001612,Đăng ký khai sinh,Hộ tịch,4,1,08052,08052,2024-03-06,2024-03-20,2024-03-18,,10,1,0,0\n"
        + "BT-0324-5,1.001612,Đăng ký khai sinh,Hộ tịch,4,2,08051,08051,31/03/2024,2024-04-08,,,4,0,0,0\n"
        + "BT-0324-6,1.001612,Đăng ký khai sinh,Hộ tịch,4,2,08051,NOPE,2024-03-07,2024-03-14,,,4,0,0,0\n"
        + "BT-0324-7,1.001612,Đăng ký khai sinh,Hộ tịch,4,5,08051,08051,2024-03-07,2024-03-14,,,4,0,0,0\n";

    private static bool _imported;
    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>Imports <see cref="File"/> through the page once; the other tests read what it stored.</summary>
    private async Task EnsureImportedAsync()
    {
        await Once.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_imported) return;
            var page = await browser.NewPageAsync(signInAs: Manager);
            await ImportThroughThePageAsync(page);
            await page.Context.CloseAsync();
        }
        finally { Once.Release(); }
    }

    private static async Task ImportThroughThePageAsync(IPage page)
    {
        await page.GotoAsync("/dossiers/import");
        // A file picked before the page's live connection is up is never read.
        await BrowserApp.WaitInteractiveAsync(page);
        // …nor one picked before the file input's script has hooked its change event (slow on a busy machine).
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "ho-so-thang-3.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(File),
        });
        await page.Locator("[data-testid=di-progress][data-stage=done]").WaitForAsync();
        _imported = true;
    }

    [Fact]
    public async Task The_manager_imports_a_file_with_bad_rows_and_sees_the_progress_finish_the_counts_and_each_refused_row()
    {
        await Once.WaitAsync(TestContext.Current.CancellationToken);
        var page = await browser.NewPageAsync(signInAs: Manager);
        try
        {
            if (_imported)
            {
                // Imported already by another test: the same file again changes nothing, and is refused on the same rows.
                await ImportThroughThePageAsync(page);
                Assert.Equal("4", (await page.Locator("[data-testid=di-unchanged] dd").InnerTextAsync()).Trim());
            }
            else
            {
                await ImportThroughThePageAsync(page);
                Assert.Equal("4", (await page.Locator("[data-testid=di-added] dd").InnerTextAsync()).Trim());
                Assert.Equal("0", (await page.Locator("[data-testid=di-updated] dd").InnerTextAsync()).Trim());
            }
        }
        finally { Once.Release(); }

        Assert.Equal("100%", (await page.Locator("[data-testid=di-percent]").InnerTextAsync()).Trim());
        Assert.Contains("7", await page.Locator("[data-testid=di-rows]").InnerTextAsync());
        Assert.Equal("3", (await page.Locator("[data-testid=di-refused] dd").InnerTextAsync()).Trim());
        var rows = page.Locator("[data-testid=di-problem-row]");
        Assert.Equal(3, await rows.CountAsync());
        var first = await rows.Nth(0).InnerTextAsync();
        Assert.Contains("6", first);
        Assert.Contains("received_at", first);
        Assert.Contains("31/03/2024", first);
        Assert.Contains("ISO 8601", first);
        var second = await rows.Nth(1).InnerTextAsync();
        Assert.Contains("handling_unit_code", second);
        Assert.Contains("NOPE", second);
        Assert.Contains("Không có đơn vị nào mang mã này", second);
        var third = await rows.Nth(2).InnerTextAsync();
        Assert.Contains("channel", third);
        Assert.Contains("Kênh nộp", third);
        var csv = await page.Locator("[data-testid=di-problems-csv]").GetAttributeAsync("href");
        Assert.Matches(@"^/api/dossiers/imports/\d+/problems$", csv);
        var download = await page.APIRequest.GetAsync(csv!);
        Assert.True(download.Ok);
        var text = await download.TextAsync();
        Assert.Contains("handling_unit_code", text);
        Assert.Equal(4, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        await BrowserApp.WaitFor(page, "[data-testid=di-recent-row]", "ho-so-thang-3.csv");
        await BrowserApp.ScreenshotAsync(page, "dossiers-import-vi-1280");
    }

    [Fact]
    public async Task The_dashboard_shows_the_imported_months_rates_for_the_right_commune()
    {
        await EnsureImportedAsync();
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync("/dossiers?period=2024-03");
        var headline = page.Locator("[data-testid=dd-headline]");
        await headline.WaitForAsync();
        Assert.Contains("Tỉnh Tuyên Quang", await headline.InnerTextAsync());
        Assert.Equal("4", (await page.Locator("[data-testid=dd-received] .dd-big").InnerTextAsync()).Trim());
        // Province: 3 of 4 finished early or on time, 2 of 4 received online, 1 of 4 across boundaries.
        Assert.Equal("75%", (await page.Locator("[data-testid=dd-ontime] .dd-big").InnerTextAsync()).Trim());
        Assert.Equal("50%", (await page.Locator("[data-testid=dd-online] .dd-big").InnerTextAsync()).Trim());
        Assert.Equal("25%", (await page.Locator("[data-testid=dd-cross] .dd-big").InnerTextAsync()).Trim());

        var thuongTan = page.Locator("[data-testid=dd-child-08051]");
        var text = await thuongTan.InnerTextAsync();
        Assert.Contains("Xã Thượng Tân", text);
        Assert.Contains("66,7%", text); // on time 2 of 3, online 2 of 3, in Vietnamese digits
        Assert.Contains("33,3%", text); // one of its three received at another commune
        var ranks = await page.Locator("[data-testid^=dd-child-] .dc-badge").AllInnerTextsAsync();
        Assert.Equal(["1", "2"], ranks.Take(2));
        // The late count links to the list of those dossiers.
        var late = page.Locator("[data-testid=dd-child-late-08051]");
        Assert.Equal("1", (await late.InnerTextAsync()).Trim());
        Assert.Equal("/dossiers/list?unit=08051&period=2024-03&kind=late", await late.GetAttributeAsync("href"));
        Assert.True(await page.Locator("[data-testid=dd-trend-chart]").IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(page, "dossiers-dashboard-vi-1280");
    }

    [Fact]
    public async Task The_late_list_shows_the_dossier_finished_late()
    {
        await EnsureImportedAsync();
        var page = await browser.NewPageAsync(signInAs: Manager);
        await page.GotoAsync("/dossiers?period=2024-03");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=dd-child-late-08051]").ClickAsync();
        await page.WaitForURLAsync("**/dossiers/list?unit=08051&period=2024-03&kind=late");
        var row = page.Locator("[data-testid=dl-row-BT-0324-2]");
        await row.WaitForAsync();
        var text = await row.InnerTextAsync();
        Assert.Contains("Cấp giấy phép xây dựng", text);
        Assert.Contains("12/03/2024", text);
        Assert.Contains("15/03/2024", text);
        Assert.Contains("3 ngày", text);
        Assert.Equal(1, await page.Locator("[data-testid^=dl-row-]").CountAsync());
    }

    [Theory]
    [InlineData("/dossiers?period=2024-03", "[data-testid=dd-children]")]
    [InlineData("/dossiers/list?unit=08051&period=2024-03&kind=received", "[data-testid=dl-list]")]
    [InlineData("/dossiers/import", "[data-testid=di-upload]")]
    public async Task On_a_390_px_phone_the_pages_do_not_scroll_sideways(string url, string ready)
    {
        await EnsureImportedAsync();
        var page = await browser.NewPageAsync(390, 844, signInAs: Manager);
        await page.GotoAsync(url);
        await page.Locator(ready).WaitForAsync();
        var (scroll, width) = await WidthsAsync(page);
        Assert.True(scroll <= width, $"{url} is {scroll} px wide on a {width} px screen");
    }

    [Fact]
    public async Task On_a_phone_the_import_result_fits_without_sideways_scrolling()
    {
        await EnsureImportedAsync();
        var page = await browser.NewPageAsync(390, 844, signInAs: Manager);
        await ImportThroughThePageAsync(page);
        await page.Locator("[data-testid=di-problems-table]").WaitForAsync();
        var (scroll, width) = await WidthsAsync(page);
        Assert.True(scroll <= width, $"the import result is {scroll} px wide on a {width} px screen");
        await BrowserApp.ScreenshotAsync(page, "dossiers-import-vi-390");
    }

    private static async Task<(int Scroll, int Width)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }
}
