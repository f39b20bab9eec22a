using System.Globalization;
using CivicTrack.Features.Reporting;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Reporting;

/// <summary>The report form set-up pages in Chromium: the programme manager defines a monthly form with two sections and a
/// rule, checked as it is typed, and assigns it to every commune; a commune reporter fills and sends its report on a
/// phone; the manager then runs the form a year longer. No step uses the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormSetupPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string Commune = "08051";

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    /// <summary>The MudBlazor control around the field, where its error text shows.</summary>
    private static ILocator Control(IPage page, string testId) =>
        page.Locator(".mud-input-control").Filter(new() { Has = page.Locator($"[data-testid={testId}], [data-testid={testId}] input") }).First;

    private static async Task ChooseAsync(IPage page, string testId, string code)
    {
        var input = Field(page, testId);
        await input.ClickAsync();
        await input.FillAsync(code);
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = $"({code})" }).First;
        await item.ClickAsync();
        await page.WaitForFunctionAsync("([id, code]) => { const e = document.querySelector(`[data-testid=${id}] input, input[data-testid=${id}]`); return e && e.value.includes(`(${code})`); }",
            new[] { testId, code });
    }

    private static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    [Fact]
    public async Task Manager_sets_up_a_form_on_the_pages_a_commune_reporter_sends_it_from_a_phone_and_the_manager_extends_it_by_a_year()
    {
        // Last month's period: the figures it takes are the commune's own for that month, which no other test enters.
        var start = Today.AddMonths(-1);
        var month = Month(start);
        var code = "FS-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var manager = await browser.NewPageAsync(1280, 900, Manager);
        await manager.GotoAsync("/reports/forms");
        await BrowserApp.WaitInteractiveAsync(manager);
        await manager.Locator("[data-testid=forms-new]").ClickAsync();
        await manager.WaitForURLAsync("**/reports/forms/new");
        await BrowserApp.WaitFor(manager, "h1", "Tạo biểu mẫu báo cáo");
        await BrowserApp.WaitInteractiveAsync(manager);

        await Field(manager, "form-code").FillAsync("bad code!");
        await Field(manager, "form-name-vi").FillAsync($"Báo cáo chuyển đổi số thử {code}");
        await Field(manager, "form-name-en").FillAsync($"Trial digital transformation report {code}");
        await Field(manager, "form-first-period").FillAsync(month);
        await Field(manager, "form-last-period").FillAsync(month);

        await Field(manager, "section-0-title-vi").FillAsync("Thủ tục hành chính");
        await ChooseAsync(manager, "section-0-field-0-element", "DOSSIERS_RECEIVED");
        await manager.Locator("[data-testid=section-0-field-0-required]").First.ClickAsync();
        await manager.Locator("[data-testid=section-0-add-field]").ClickAsync();
        await ChooseAsync(manager, "section-0-field-1-element", "DOSSIERS_ONLINE");
        await Field(manager, "section-0-field-1-min").FillAsync("0");
        await manager.Locator("[data-testid=section-add]").ClickAsync();
        await Field(manager, "section-1-title-vi").FillAsync("Nhân lực số");
        await ChooseAsync(manager, "section-1-field-0-element", "OFFICIALS_TRAINED");

        // The rule is checked as it is typed: an element the form lacks is named, then the sound rule reads as valid.
        await manager.Locator("[data-testid=rule-add]").ClickAsync();
        var expression = Field(manager, "rule-0-expression");
        await expression.PressSequentiallyAsync("#{DOSSIERS_ONLINE} <= #{HH_TOTAL}");
        await BrowserApp.WaitFor(manager, "[data-testid=rule-0-check]", "HH_TOTAL");
        await expression.FillAsync("#{DOSSIERS_ONLINE} <= ");
        await manager.WaitForFunctionAsync("() => !document.querySelector('[data-testid=rule-0-check]').textContent.includes('HH_TOTAL')");
        Assert.DoesNotContain("Hợp lệ", await manager.Locator("[data-testid=rule-0-check]").InnerTextAsync());
        await expression.FillAsync("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}");
        await BrowserApp.WaitFor(manager, "[data-testid=rule-0-check]", "Hợp lệ");
        await Field(manager, "rule-0-message-vi").FillAsync("Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.");
        await manager.Locator("[data-testid=assign-kind-Commune]").First.ClickAsync();

        // The service refuses the code, and the page says so beside the field.
        await manager.Locator("[data-testid=form-save]").ClickAsync();
        await BrowserApp.WaitFor(manager, "[data-testid=form-setup-errors]", "1");
        Assert.Contains("Mã biểu mẫu gồm", await Control(manager, "form-code").InnerTextAsync());
        Assert.EndsWith("/reports/forms/new", manager.Url);

        // From the top, so the fixed app bar sits at the top of the whole-page picture.
        await manager.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(manager, "form-setup-vi");
        await manager.SetViewportSizeAsync(390, 844);
        await manager.Locator("[data-testid=form-save]").WaitForAsync();
        // The navigation drawer slides away when the page narrows; the page is measured once it has.
        try { await manager.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth + 1", null, new() { Timeout = 5_000 }); }
        catch (TimeoutException) { /* measured below, where the failure says what it means */ }
        Assert.False(await ScrollsSidewaysAsync(manager), "The form set-up page scrolls sideways at 390 px.");
        await manager.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(manager, "form-setup-vi-390");
        await manager.SetViewportSizeAsync(1280, 900);

        await Field(manager, "form-code").FillAsync(code);
        await manager.Locator("[data-testid=form-save]").ClickAsync();
        await manager.WaitForURLAsync($"**/reports/forms/{code}/edit");
        await BrowserApp.WaitFor(manager, "[data-testid=form-runs]", $"{start:MM}/{start.Year}");
        var stored = await browser.Services.GetRequiredService<FormService>().GetAsync(code, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Sections.Count);
        Assert.Equal(["DOSSIERS_RECEIVED", "DOSSIERS_ONLINE"], stored.Sections[0].Fields.Select(f => f.Element));
        Assert.True(stored.Sections[0].Fields[0].Required);
        Assert.Equal("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", Assert.Single(stored.Rules).Expression);
        Assert.Equal([Engine.Organisation.OrgUnitKind.Commune], stored.Assign.Kinds);
        Assert.True(stored.AssignedUnits > 50);

        // The commune reporter finds the new form among its reports and sends last month's from a phone.
        var reporter = await browser.NewPageAsync(390, 844, Reporter);
        await reporter.GotoAsync("/reports");
        var row = reporter.Locator($"[data-testid=report-form-{code}] [data-testid=report-row-{Commune}-{month}]");
        await row.WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(reporter);
        await row.Locator("[data-testid=report-open]").ClickAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-title]", code);
        await BrowserApp.WaitInteractiveAsync(reporter);
        await EditAsync(reporter, "DOSSIERS_RECEIVED", "120");
        await EditAsync(reporter, "DOSSIERS_ONLINE", "95");
        await EditAsync(reporter, "OFFICIALS_TRAINED", "4");
        await reporter.Locator("[data-testid=entry-submit]").ClickAsync();
        await reporter.Locator("[data-testid=entry-confirm-yes]").ClickAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-state]", "Đã gửi");
        Assert.False(await ScrollsSidewaysAsync(reporter), "The report scrolls sideways at 390 px.");
        await reporter.Context.CloseAsync();

        // The manager runs the form a year longer, from its page.
        await manager.ReloadAsync();
        await BrowserApp.WaitInteractiveAsync(manager);
        await manager.Locator("[data-testid=form-extend]").ClickAsync();
        var nextYear = start.AddYears(1);
        await BrowserApp.WaitFor(manager, "[data-testid=form-runs]", $"{nextYear:MM}/{nextYear.Year}");
        Assert.Equal(Month(nextYear), await Field(manager, "form-last-period").InputValueAsync());
        Assert.Equal(Month(nextYear), (await browser.Services.GetRequiredService<FormService>().GetAsync(code, TestContext.Current.CancellationToken))!.LastPeriod);
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task The_set_up_pages_pass_axe_for_the_manager_and_are_closed_to_a_reporter()
    {
        var manager = await browser.NewPageAsync(1280, 900, Manager);
        var failures = new List<string>();
        foreach (var url in new[] { "/reports/forms/new", "/reports/forms/BC-CDS-THANG/edit" })
        {
            await manager.GotoAsync(url);
            await BrowserApp.WaitInteractiveAsync(manager);
            await manager.Locator("[data-testid=form-save]").WaitForAsync();
            var result = await manager.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            failures.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{url}: {v.Impact} {v.Id} — {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await manager.GotoAsync("/reports/forms");
        await manager.Locator("[data-testid=form-edit]").First.WaitForAsync();
        await manager.Context.CloseAsync();

        var reporter = await browser.NewPageAsync(1280, 900, Reporter);
        await reporter.GotoAsync("/reports/forms");
        await BrowserApp.WaitInteractiveAsync(reporter);
        await reporter.Locator("[data-testid^=form-]").First.WaitForAsync();
        Assert.Equal(0, await reporter.Locator("[data-testid=forms-new], [data-testid=form-edit]").CountAsync());
        await reporter.GotoAsync("/reports/forms/new");
        await reporter.Locator("[data-testid=not-allowed]").WaitForAsync();
        Assert.Equal(0, await reporter.Locator("[data-testid=form-save]").CountAsync());
        await reporter.Context.CloseAsync();
    }

    private static ILocator Input(IPage page, string element) => page.Locator($"[data-testid=input-{element}]");

    /// <summary>Types a value and waits for the autosave that follows it.</summary>
    private static async Task EditAsync(IPage page, string element, string text)
    {
        await Input(page, element).FillAsync(text);
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=entry-save-status]').textContent.startsWith('Đã lưu')");
        await BrowserApp.WaitFor(page, "[data-testid=entry-save-status]", "Đã lưu lúc");
    }
}
