using CivicTrack.Demo;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.OpenData;

/// <summary>A citizen without an account reads the open-data portal in Chromium: the list, a dataset's table, a CSV
/// download; the page runs no live connection, and it reads at phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenDataPortalTests(BrowserApp browser)
{
    [Fact]
    public async Task A_citizen_reads_a_dataset_and_downloads_its_csv_without_an_account()
    {
        var page = await browser.NewPageAsync(signInAs: null);
        var sockets = 0;
        page.WebSocket += (_, _) => sockets++;
        await page.GotoAsync("/open");
        await Assertions.Expect(page.Locator("[data-testid=open-list] li")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Link, new() { Name = "Chỉ tiêu chuyển đổi số chính theo xã, phường – 2025" }).ClickAsync();
        await page.WaitForURLAsync($"**/open/{DemoOpenData.KeyIndicators}");
        var table = page.Locator("[data-testid=open-table]");
        await Assertions.Expect(table).ToBeVisibleAsync();
        Assert.True(await table.Locator("tbody tr").CountAsync() > 50, "a row for the province and each commune and ward");
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("Tỉnh Tuyên Quang");
        await Assertions.Expect(page.Locator("[data-testid=open-chart]")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-csv]").ClickAsync());
        Assert.Equal($"{DemoOpenData.KeyIndicators}.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path!, TestContext.Current.CancellationToken);
        Assert.Equal("unit_code,unit_name,period,item_code,item_name,unit_of_measure,value,flag", lines[0].TrimStart('\uFEFF'));
        Assert.Contains(lines, l => l.StartsWith("08051,", StringComparison.Ordinal) && l.Contains(",2025-10,IND_DOSSIERS_ONLINE_PCT,", StringComparison.Ordinal));

        // No live connection: no Blazor script, no circuit marker, no socket.
        var html = await page.ContentAsync();
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.DoesNotContain("<!--Blazor:", html);
        Assert.Equal(0, sockets);

        // The language switch works without a circuit.
        await page.Locator("[data-testid=lang-en]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h2#od-table-title")).ToHaveTextAsync("Table");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dataset_page_reads_at_phone_width()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844, signInAs: null);
        await page.GotoAsync($"/open/{DemoOpenData.KeyIndicators}");
        await Assertions.Expect(page.Locator("[data-testid=open-table]")).ToBeVisibleAsync();
        // Nothing but the table's own scrolling box is wider than the phone.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(overflow <= 390, $"the page is {overflow} px wide");
        await Assertions.Expect(page.Locator("[data-testid=download-csv]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
