using System.Text;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Organisation;

/// <summary>What a person sees of the organisation registry, in Chromium, signed in as the administrator
/// (<see cref="BrowserApp.NewPageAsync"/> signs in through the real sign-in page).</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrgPagesTests(BrowserApp browser)
{
    [Fact]
    public async Task Tree_page_loads_the_demo_province_in_vietnamese()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Tỉnh Tuyên Quang");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Sở Khoa học và Công nghệ");
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await page.Locator("[data-testid=demo-badge]").IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(page, "org-tree-vi-1280");
    }

    [Fact]
    public async Task The_tree_works_from_the_keyboard_alone()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Sở Khoa học và Công nghệ");
        await BrowserApp.WaitInteractiveAsync(page);
        var root = page.Locator(".org-tree > li > .org-row a.org-name").First;
        var rootToggle = page.Locator(".org-tree > li > .org-row [data-testid=org-tree-toggle]").First;
        async Task<string> Focused() => await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''");

        await root.FocusAsync();
        Assert.Equal("Tỉnh Tuyên Quang", await Focused());
        await page.Keyboard.PressAsync("ArrowDown");
        var child = await Focused();
        Assert.NotEqual("Tỉnh Tuyên Quang", child);
        await page.Keyboard.PressAsync("ArrowLeft"); // a closed unit: back to its parent
        Assert.Equal("Tỉnh Tuyên Quang", await Focused());
        await page.Keyboard.PressAsync("ArrowLeft"); // an open unit closes
        await Assertions.Expect(rootToggle).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(0, await page.Locator(".org-tree > li > .org-children").CountAsync());
        await page.Keyboard.PressAsync("ArrowRight"); // and opens again
        await Assertions.Expect(rootToggle).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Locator(".org-tree > li > .org-children a.org-name").First.WaitForAsync();
        await page.Keyboard.PressAsync("ArrowRight"); // an open unit: down to its first child
        Assert.Equal(child, await Focused());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/org/", StringComparison.Ordinal) && !url.EndsWith("/org", StringComparison.Ordinal));
        await BrowserApp.WaitFor(page, "[data-testid=unit-title]", child);
    }

    [Fact]
    public async Task Search_finds_thuong_tan_typed_without_diacritics()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Tỉnh Tuyên Quang");
        var search = page.Locator("[data-testid=org-search] input, input[data-testid=org-search]").First;
        await search.FillAsync("thuong tan");
        var first = await BrowserApp.WaitFor(page, "[data-testid=org-search-result]", "Xã Thượng Tân");
        await first.ClickAsync();
        await page.WaitForURLAsync("**/org/08051");
        await BrowserApp.WaitFor(page, "[data-testid=unit-title]", "Xã Thượng Tân");
    }

    [Fact]
    public async Task Language_switch_shows_english_and_is_remembered()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Tỉnh Tuyên Quang");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=lang-en]").ClickAsync();
        await page.Locator("html[lang=en]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.WaitForURLAsync("**/org");
        await BrowserApp.WaitFor(page, "nav, .mud-navmenu", "Unit tree");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await page.ReloadAsync();
        await BrowserApp.WaitFor(page, "nav, .mud-navmenu", "Unit tree");
        await page.Locator("[data-testid=lang-vi]").ClickAsync();
        await BrowserApp.WaitFor(page, "nav, .mud-navmenu", "Cây đơn vị");
    }

    [Fact]
    public async Task Unit_profile_shows_breadcrumbs_children_and_groups()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org/08051");
        await BrowserApp.WaitFor(page, "[data-testid=unit-title]", "Xã Thượng Tân");
        await BrowserApp.WaitFor(page, ".mud-breadcrumbs", "Tỉnh Tuyên Quang");
        await BrowserApp.WaitFor(page, "body", "Xã thí điểm");
        await BrowserApp.WaitFor(page, "body", "08051-01");
    }

    [Fact]
    public async Task Import_page_lists_each_bad_line_and_changes_nothing()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/org/import");
        // A file picked before the page's live connection is up is never read.
        await BrowserApp.WaitInteractiveAsync(page);
        var csv = "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n"
                  + "08051-90,Thôn Mới,Village,08051,2025-07-01,,,\n"
                  + "08051-91,Thôn Sai,Village,NOPE,2025-07-01,,,\n"
                  + "08051-92,,Village,08051,01/07/2025,,,\n";
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "units.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        var table = page.Locator("[data-testid=import-errors]");
        await table.WaitForAsync();
        var text = await table.InnerTextAsync();
        Assert.Contains("NOPE", text);
        Assert.Contains("01/07/2025", text);
        Assert.Contains("3", text);
        Assert.Contains("4", text);
        await BrowserApp.ScreenshotAsync(page, "org-import-errors-vi");

        await page.GotoAsync("/org/08051");
        await BrowserApp.WaitFor(page, "[data-testid=unit-title]", "Xã Thượng Tân");
        Assert.Equal(0, await page.GetByText("Thôn Mới").CountAsync());
    }

    [Fact]
    public async Task Tree_page_fits_a_phone_screen()
    {
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Tỉnh Tuyên Quang");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The tree page scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "org-tree-vi-390");
    }
}
