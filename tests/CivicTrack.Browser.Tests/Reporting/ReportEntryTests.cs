using System.Globalization;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Reporting;

/// <summary>The report data-entry page in Chromium: typing with draft autosave, rule and required checks, submitting,
/// returning with a reason, resubmitting and approving, and the phone layout. Each test defines its own monthly form
/// for the current month, owed by Thượng Tân commune only and never locked, so the demo's reports stay as they are.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportEntryTests(BrowserApp browser)
{
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string ReporterName = "Cán bộ báo cáo xã Thượng Tân";
    private const string Approver = "approver.thuongtan@demo.local";
    private const string Manager = "manager@demo.local";
    private const string Commune = "08051";
    private const string ShotsDir = "/tmp/shots";

    private static string CurrentMonth => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reporter_types_values_that_autosave_sees_rule_and_required_problems_then_submits()
    {
        var form = await CreateFormAsync("DOSSIERS_RECEIVED", "DOSSIERS_ONLINE", "Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.");
        var page = await browser.NewPageAsync(1280, 900, Reporter);
        await OpenAsync(page, form);
        Assert.Contains("Bản nháp", await page.Locator("[data-testid=entry-state]").InnerTextAsync());

        await EditAsync(page, "DOSSIERS_RECEIVED", "1.250");
        await Input(page, "OFFICIALS_TRAINED").FillAsync("1,5");
        await BrowserApp.WaitFor(page, "[data-testid=notes-OFFICIALS_TRAINED]", "Phải là số nguyên");
        await BrowserApp.WaitFor(page, "[data-testid=entry-save-status]", "Chưa lưu:");
        await EditAsync(page, "OFFICIALS_TRAINED", "3");

        // Enter moves to the next cell, ArrowUp back.
        await Input(page, "DOSSIERS_RECEIVED").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement?.dataset.testid === 'input-DOSSIERS_ONLINE'");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.WaitForFunctionAsync("() => document.activeElement?.dataset.testid === 'input-DOSSIERS_RECEIVED'");

        await page.ReloadAsync();
        await BrowserApp.WaitFor(page, "[data-testid=entry-title]", form);
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal("1.250", await Input(page, "DOSSIERS_RECEIVED").InputValueAsync());
        Assert.Equal("3", await Input(page, "OFFICIALS_TRAINED").InputValueAsync());
        Assert.Equal("", await Input(page, "DOSSIERS_ONLINE").InputValueAsync());

        await page.Locator("[data-testid=entry-submit]").ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=notes-DOSSIERS_ONLINE]", "Bắt buộc nhập");
        await BrowserApp.WaitFor(page, "[data-testid=entry-problems]", "Chưa nhập chỉ tiêu bắt buộc");
        Assert.Contains("Bản nháp", await page.Locator("[data-testid=entry-state]").InnerTextAsync());

        await EditAsync(page, "DOSSIERS_ONLINE", "2000");
        await BrowserApp.WaitFor(page, "[data-testid=notes-DOSSIERS_ONLINE]", "không được lớn hơn số hồ sơ tiếp nhận");
        await BrowserApp.WaitFor(page, "[data-testid=notes-DOSSIERS_RECEIVED]", "không được lớn hơn số hồ sơ tiếp nhận");
        await BrowserApp.WaitFor(page, "[data-testid=entry-problems]", "không được lớn hơn số hồ sơ tiếp nhận");
        await Shot(page, "entry-rule-1280");
        await page.Locator("[data-testid=entry-submit]").ClickAsync();
        await BrowserApp.WaitFor(page, ".mud-snackbar", "Chưa gửi được");
        Assert.Equal(0, await page.Locator("[data-testid=entry-confirm-yes]").CountAsync());

        await EditAsync(page, "DOSSIERS_ONLINE", "980");
        Assert.DoesNotContain("không được lớn hơn", await page.Locator("[data-testid=notes-DOSSIERS_ONLINE]").InnerTextAsync());
        await page.Locator("[data-testid=entry-submit]").ClickAsync();
        await page.Locator("[data-testid=entry-confirm-yes]").ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=entry-state]", "Đã gửi");
        // People are named as they are called, not by their e-mail.
        await BrowserApp.WaitFor(page, "[data-testid=entry-history]", ReporterName);
        Assert.DoesNotContain(Reporter, await page.Locator("[data-testid=entry-history]").InnerTextAsync());
        Assert.True(await Input(page, "DOSSIERS_ONLINE").IsDisabledAsync());
    }

    [Fact]
    public async Task Approver_returns_with_a_reason_reporter_corrects_and_resubmits_and_approval_locks_the_inputs()
    {
        var form = await CreateFormAsync("DOSSIERS_FINISHED", "DOSSIERS_ON_TIME", "Số hồ sơ giải quyết đúng hạn không được lớn hơn số hồ sơ đã giải quyết.");
        var reporter = await browser.NewPageAsync(390, 844, Reporter);
        await OpenAsync(reporter, form);
        await EditAsync(reporter, "DOSSIERS_FINISHED", "40");
        await EditAsync(reporter, "DOSSIERS_ON_TIME", "35");
        await reporter.Locator("[data-testid=entry-submit]").ClickAsync();
        await reporter.Locator("[data-testid=entry-confirm-yes]").ClickAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-state]", "Đã gửi");

        var approver = await browser.NewPageAsync(1280, 900, Approver);
        await OpenAsync(approver, form);
        Assert.True(await Input(approver, "DOSSIERS_FINISHED").IsDisabledAsync());
        await approver.Locator("[data-testid=entry-return]").ClickAsync();
        var reason = $"Số hồ sơ đúng hạn chưa khớp sổ theo dõi ({Guid.NewGuid():N})";
        await approver.Locator("[data-testid=return-reason] textarea, textarea[data-testid=return-reason]").First.FillAsync(reason);
        await approver.Locator("[data-testid=return-submit]").ClickAsync();
        await BrowserApp.WaitFor(approver, "[data-testid=entry-state]", "Bị trả lại");

        await reporter.ReloadAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-returned]", reason);
        await BrowserApp.WaitInteractiveAsync(reporter);
        Assert.Contains("Bị trả lại", await reporter.Locator("[data-testid=entry-state]").InnerTextAsync());
        await Shot(reporter, "entry-returned-390");
        await EditAsync(reporter, "DOSSIERS_ON_TIME", "32");
        await reporter.Locator("[data-testid=entry-submit]").ClickAsync();
        await reporter.Locator("[data-testid=entry-confirm-yes]").ClickAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-state]", "Đã gửi");
        Assert.Equal(0, await reporter.Locator("[data-testid=entry-returned]").CountAsync());

        await approver.ReloadAsync();
        await BrowserApp.WaitFor(approver, "[data-testid=entry-state]", "Đã gửi");
        await BrowserApp.WaitInteractiveAsync(approver);
        Assert.Equal("32", await Input(approver, "DOSSIERS_ON_TIME").InputValueAsync());
        await approver.Locator("[data-testid=entry-approve]").ClickAsync();
        await approver.Locator("[data-testid=entry-confirm-yes]").ClickAsync();
        await BrowserApp.WaitFor(approver, "[data-testid=entry-state]", "Đã phê duyệt");
        await BrowserApp.WaitFor(approver, "[data-testid=entry-levels]", "1/1");
        var history = await approver.Locator("[data-testid=entry-history]").InnerTextAsync();
        Assert.Contains(reason, history);
        Assert.Contains("Trả lại", history);

        await reporter.ReloadAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-approved]", "đã khóa");
        await BrowserApp.WaitInteractiveAsync(reporter);
        foreach (var element in new[] { "DOSSIERS_FINISHED", "DOSSIERS_ON_TIME", "OFFICIALS_TRAINED" })
            Assert.True(await Input(reporter, element).IsDisabledAsync(), element);
        Assert.Equal(0, await reporter.Locator("[data-testid=entry-submit]").CountAsync());
        Assert.Equal(0, await reporter.Locator("[data-testid=entry-comment]:not([disabled])").CountAsync());
    }

    [Fact]
    public async Task On_a_phone_the_entry_page_fits_the_screen_without_sideways_scrolling()
    {
        var form = await CreateFormAsync("DOSSIERS_PAID_ONLINE", "DOSSIERS_DIGITIZED", "Số hồ sơ số hóa không được lớn hơn số hồ sơ thanh toán trực tuyến.");
        foreach (var (width, name) in new[] { (390, "390"), (1280, "1280") })
        {
            var page = await browser.NewPageAsync(width, 844, Reporter);
            await OpenAsync(page, form);
            await Input(page, "DOSSIERS_PAID_ONLINE").FillAsync("12");
            await Input(page, "DOSSIERS_DIGITIZED").FillAsync("abc");
            await BrowserApp.WaitFor(page, "[data-testid=notes-DOSSIERS_DIGITIZED]", "Không phải là số");
            await page.Locator("[data-testid=comment-toggle-DOSSIERS_PAID_ONLINE]").ClickAsync();
            await page.Locator("[data-testid=comment-DOSSIERS_PAID_ONLINE]").FillAsync("Theo sổ theo dõi của bộ phận một cửa");
            await BrowserApp.WaitFor(page, "[data-testid=entry-save-status]", "Chưa lưu:");
            await Shot(page, $"entry-edit-{name}");
            var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scroll <= width, $"page is {scroll}px wide at {width}px");
            await page.Context.CloseAsync();
        }

        // The demo's September report of Thượng Tân: returned once, resubmitted and now locked for the reporter.
        var demo = await browser.NewPageAsync(390, 844, Reporter);
        await demo.GotoAsync("/reports/BC-CDS-THANG/08051/2025-09");
        await BrowserApp.WaitFor(demo, "[data-testid=entry-title]", "Báo cáo kết quả chuyển đổi số");
        await BrowserApp.WaitInteractiveAsync(demo);
        await BrowserApp.WaitFor(demo, "[data-testid=entry-history]", "Trả lại");
        Assert.Contains("09/2025", await demo.Locator("[data-testid=entry-period]").InnerTextAsync());
        Assert.Contains("25/09/2025", await demo.Locator("[data-testid=entry-due]").InnerTextAsync());
        Assert.True(await Input(demo, "DOSSIERS_RECEIVED").IsDisabledAsync());
        await Shot(demo, "entry-demo-390");
        Assert.True(await demo.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
        // The save status stays in sight under the app bar while the grid scrolls.
        await demo.Locator("[data-testid=entry-history]").ScrollIntoViewIfNeededAsync();
        await demo.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ShotsDir, "entry-demo-390-scrolled.png") });

        // The same report in English, with dates still written dd/MM/yyyy.
        await demo.GotoAsync("/culture/en-GB?returnUrl=" + Uri.EscapeDataString("/reports/BC-CDS-THANG/08051/2025-09"));
        await BrowserApp.WaitFor(demo, "[data-testid=entry-title]", "Digital transformation results report");
        await BrowserApp.WaitInteractiveAsync(demo);
        Assert.Contains("Approved", await demo.Locator("[data-testid=entry-state]").InnerTextAsync());
        Assert.Contains("25/09/2025", await demo.Locator("[data-testid=entry-due]").InnerTextAsync());
        await BrowserApp.WaitFor(demo, "[data-testid=entry-locked]", "locked on 15/10/2025");
        await Shot(demo, "entry-demo-en-390");
    }

    private static ILocator Input(IPage page, string element) => page.Locator($"[data-testid=input-{element}]");

    private static async Task OpenAsync(IPage page, string form)
    {
        await page.GotoAsync($"/reports/{form}/{Commune}/{CurrentMonth}");
        await BrowserApp.WaitFor(page, "[data-testid=entry-title]", form);
        await BrowserApp.WaitInteractiveAsync(page);
    }

    /// <summary>Types a value and waits for the autosave that follows it: the page first shows the change as unsaved,
    /// then "Đã lưu lúc …".</summary>
    private static async Task EditAsync(IPage page, string element, string text)
    {
        await Input(page, element).FillAsync(text);
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=entry-save-status]').textContent.startsWith('Đã lưu')");
        await BrowserApp.WaitFor(page, "[data-testid=entry-save-status]", "Đã lưu lúc");
    }

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(ShotsDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ShotsDir, name + ".png"), FullPage = true });
        await BrowserApp.ScreenshotAsync(page, name);
    }

    /// <summary>Defines a monthly form from the current month, owed by the commune only, with two required fields
    /// bound by a rule (first ≥ second) and one optional field, through the API as the programme manager.</summary>
    private async Task<string> CreateFormAsync(string first, string second, string ruleMessage)
    {
        var code = "BT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var page = await browser.NewPageAsync(800, 600, Manager);
        try
        {
            var response = await page.Context.APIRequest.PostAsync("/api/report-forms", browser.OwnPageWrite(new
                {
                    code, name = $"Báo cáo thử {code}", nameEn = $"Test report {code}", periodType = "Month", firstPeriod = CurrentMonth,
                    due = "day:25", approvalLevels = 1,
                    sections = new object[]
                    {
                        new { title = "Thủ tục hành chính", titleEn = "Procedures", fields = new object[]
                        {
                            new { element = first, required = true, min = 0 }, new { element = second, required = true, min = 0 },
                        } },
                        new { title = "Nhân lực", titleEn = "People", fields = new object[] { new { element = "OFFICIALS_TRAINED", min = 0 } } },
                    },
                    rules = new[] { new { expression = $"#{{{second}}} <= #{{{first}}}", message = ruleMessage, messageEn = "Second exceeds first." } },
                    assign = new { units = new[] { Commune } },
                }));
            Assert.True(response.Status == 201, $"creating the form answered {response.Status}: {await response.TextAsync()}");
            return code;
        }
        finally { await page.Context.CloseAsync(); }
    }
}
