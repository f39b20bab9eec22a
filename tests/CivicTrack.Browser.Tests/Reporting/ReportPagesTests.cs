using System.Text.Json;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Reporting;

/// <summary>The periodic-reporting pages in Chromium on the demo province: the late list with urging, a commune reporter's
/// own reports, the synthesized report as a print page and a Word file, and the overview tile.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string MonthlyForm = "BC-CDS-THANG";

    private static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    [Fact]
    public async Task Manager_sees_completeness_and_the_missing_units_of_December()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync($"/reports/late?form={MonthlyForm}&period=2025-12");
        var rates = page.Locator("[data-testid=late-rates]");
        await BrowserApp.WaitFor(page, "[data-testid=late-rates]", "12/2025");
        // Vietnamese percentages: a decimal comma, at most one decimal.
        Assert.Matches(@"^\d{1,3}(,\d)?%$", (await rates.Locator("[data-testid=rate-completeness]").InnerTextAsync()).Trim());
        Assert.Matches(@"^\d{1,3}(,\d)?%$", (await rates.Locator("[data-testid=rate-timeliness]").InnerTextAsync()).Trim());
        var expected = int.Parse((await rates.Locator("[data-testid=rate-expected]").InnerTextAsync()).Replace(".", "", StringComparison.Ordinal).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expected, 90, 130);

        var rows = page.Locator("[data-testid^=late-row-]");
        await rows.First.WaitForAsync();
        var count = await rows.CountAsync();
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.Locator("[data-testid=late-count]").InnerTextAsync()).Trim());
        var texts = await rows.AllInnerTextsAsync();
        Assert.All(texts, t => Assert.True(t.Contains("Chưa gửi", StringComparison.Ordinal) || t.Contains("Chậm", StringComparison.Ordinal), t));
        Assert.Contains("Xã", string.Join("\n", await page.Locator("[data-testid=late-children]").AllInnerTextsAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-testid=nav-reports-late]").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "reports-late-vi-1280");

        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-testid=late-rates]").WaitForAsync();
        Assert.False(await ScrollsSidewaysAsync(page), "The late list scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "reports-late-vi-390");
    }

    [Fact]
    public async Task Late_page_speaks_English_with_English_number_formats()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        // A full load through the language switch, so the page's live connection starts in English.
        await page.GotoAsync("/culture/en-GB?returnUrl=" + Uri.EscapeDataString($"/reports/late?form={MonthlyForm}&period=2025-12"));
        await BrowserApp.WaitFor(page, "h1", "Late and missing reports");
        var rates = await BrowserApp.WaitFor(page, "[data-testid=late-rates]", "Completeness");
        Assert.Matches(@"^\d{1,3}(\.\d)?%$", (await rates.Locator("[data-testid=rate-completeness]").InnerTextAsync()).Trim());
        Assert.Contains("Due 25/12/2025", await rates.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "reports-late-en-1280");
    }

    [Fact]
    public async Task Manager_urges_a_missing_commune_and_its_reporter_finds_the_urging_in_the_inbox()
    {
        // A one-off form owed by Thượng Tân alone, long past due and never sent.
        var manager = await browser.NewPageAsync(1280, 900, Manager);
        var code = $"BC-THU-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var name = $"Báo cáo rà soát điểm hỗ trợ {code}";
        object Form(bool active) => new
        {
            code, name, periodType = "Month", onlyPeriod = "2025-11", due = "day:25", approvalLevels = 1, isActive = active,
            sections = new[] { new { title = "Hoạt động", fields = new[] { new { element = "COMM_EVENTS", required = true } } } },
            assign = new { units = new[] { "08051" } },
        };
        var created = await manager.Context.APIRequest.PostAsync("/api/report-forms", browser.OwnPageWrite(Form(true)));
        Assert.Equal(201, created.Status);

        await manager.GotoAsync($"/reports/late?form={code}&period=2025-11");
        var row = await BrowserApp.WaitFor(manager, "[data-testid=late-row-08051]", "Chưa gửi");
        Assert.Equal("0%", (await manager.Locator("[data-testid=late-rates] [data-testid=rate-completeness]").InnerTextAsync()).Trim());
        await BrowserApp.WaitInteractiveAsync(manager);
        await row.Locator("[data-testid=urge-one]").ClickAsync();
        var message = $"Đề nghị xã gửi báo cáo trước 17 giờ ({Guid.NewGuid():N})";
        await manager.Locator("[data-testid=report-urge-message] textarea, textarea[data-testid=report-urge-message]").First.FillAsync(message);
        await manager.Locator("[data-testid=report-urge-submit]").ClickAsync();
        await BrowserApp.WaitFor(manager, "[data-testid=urge-done]", "Đã đôn đốc 1 đơn vị");
        // The form was only for this test: set aside, it leaves the other pages as the demo has them.
        var retired = await manager.Context.APIRequest.PutAsync($"/api/report-forms/{code}", browser.OwnPageWrite(Form(false)));
        Assert.Equal(200, retired.Status);
        await manager.Context.CloseAsync();

        var reporter = await browser.NewPageAsync(1280, 900, Reporter);
        var inbox = await reporter.Context.APIRequest.GetAsync("/api/notifications?take=50");
        Assert.Equal(200, inbox.Status);
        using var json = JsonDocument.Parse(await inbox.TextAsync());
        var urging = json.RootElement.EnumerateArray()
            .FirstOrDefault(n => n.GetProperty("body").GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Object, urging.ValueKind);
        Assert.Contains(name, urging.GetProperty("title").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reporter_sees_only_the_reports_of_their_own_commune()
    {
        var page = await browser.NewPageAsync(390, 844, Reporter);
        await page.GotoAsync("/reports");
        var form = page.Locator($"[data-testid=report-form-{MonthlyForm}]");
        await form.Locator("[data-testid^=report-row-]").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=report-summary]").CountAsync());
        var units = await page.Locator("[data-testid^=report-row-]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)");
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Equal("08051", u));

        // September was returned, corrected and approved; its link opens the entry page of Thượng Tân's report.
        var september = form.Locator("[data-testid=report-row-08051-2025-09]");
        Assert.Contains("Đã duyệt", await september.InnerTextAsync());
        Assert.Equal($"/reports/{MonthlyForm}/08051/2025-09", await september.Locator("[data-testid=report-open]").GetAttributeAsync("href"));
        Assert.False(await ScrollsSidewaysAsync(page), "The report list scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "reports-vi-390");
    }

    [Fact]
    public async Task Manager_sees_rates_per_form_instead_of_rows_and_the_overview_tile()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync("/reports");
        var summary = page.Locator($"[data-testid=report-form-{MonthlyForm}] [data-testid=report-summary]");
        await summary.WaitForAsync();
        Assert.Contains("12/2025", await summary.InnerTextAsync());
        Assert.Equal(0, await page.Locator($"[data-testid=report-form-{MonthlyForm}] [data-testid^=report-row-]").CountAsync());
        Assert.Equal($"/reports/late?form={MonthlyForm}&period=2025-12",
            await summary.Locator("[data-testid=report-summary-late]").GetAttributeAsync("href"));
        await BrowserApp.ScreenshotAsync(page, "reports-vi-1280");

        await page.GotoAsync("/");
        var tile = await BrowserApp.WaitFor(page, "[data-testid=overview-reporting]", "Báo cáo kết quả chuyển đổi số");
        Assert.Matches(@"^\d{1,3}(,\d)?%$", (await tile.Locator("[data-testid=rate-completeness]").InnerTextAsync()).Trim());
        Assert.StartsWith("/reports/late", await tile.Locator("[data-testid=overview-reporting-late]").GetAttributeAsync("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synthesized_report_of_October_reads_as_an_official_report_and_downloads_as_Word()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync($"/reports/synthesis/{MonthlyForm}/2025-10");
        var view = await BrowserApp.WaitFor(page, "[data-testid=synthesis-view]", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        var text = await view.InnerTextAsync();
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text.Replace('–', '-'), StringComparison.Ordinal);
        Assert.Contains("Tổng hợp báo cáo kết quả chuyển đổi số kỳ 10/2025", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("10/2025", text, StringComparison.Ordinal);

        var href = await page.Locator("[data-testid=synthesis-docx]").GetAttributeAsync("href");
        Assert.Equal($"/api/synthesis/{MonthlyForm}/2025-10.docx", href);
        var file = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, file.Status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.Headers["content-type"]);
        var body = await file.BodyAsync();
        Assert.True(body.Length > 1000 && body[0] == (byte)'P' && body[1] == (byte)'K', "The Word file is not a zip package.");
        await BrowserApp.ScreenshotAsync(page, "synthesis-vi-1280");

        // Printed, only the document remains: no app bar, drawer, choices or buttons.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".mud-appbar").IsVisibleAsync());
        Assert.False(await page.Locator("[data-testid=synthesis-docx]").IsVisibleAsync());
        Assert.True(await view.IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(page, "synthesis-print-vi");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.SetViewportSizeAsync(390, 844);
        Assert.False(await ScrollsSidewaysAsync(page), "The synthesis page scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "synthesis-vi-390");
    }

    [Fact]
    public async Task Forms_page_tells_the_due_rule_in_words_and_opens_the_fields()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync("/reports/forms");
        var form = page.Locator($"[data-testid=form-{MonthlyForm}]");
        await form.WaitForAsync();
        // The circuit re-renders the page once it connects; a section opened before that would close again.
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal("Ngày 25 hằng tháng", (await form.Locator("[data-testid=form-due]").InnerTextAsync()).Trim());
        Assert.Contains("/api/report-forms", await page.Locator("[data-testid=forms-api-hint]").InnerTextAsync(), StringComparison.Ordinal);
        var sections = form.Locator("[data-testid=form-sections]");
        Assert.False(await sections.Locator("table").First.IsVisibleAsync());
        await sections.Locator("summary").ClickAsync();
        await sections.Locator("table").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Contains("DOSSIERS_RECEIVED", await sections.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "report-forms-vi-1280");
    }
}
