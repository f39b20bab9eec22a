using System.Text;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Tasks;

/// <summary>Tasks, progress reports with evidence, urging, the KPI page and the indicator library, in Chromium,
/// on the demo campaign 38/KH-UBND of Thượng Tân commune.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskPagesTests(BrowserApp browser)
{
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string Manager = "manager@demo.local";

    [Fact]
    public async Task Commune_reporter_reports_progress_with_an_evidence_file_and_sees_it_in_the_history()
    {
        var page = await browser.NewPageAsync(390, 844, Reporter);
        await page.GotoAsync("/tasks");
        var row = await BrowserApp.WaitFor(page, "[data-testid^=task-row-]", "VssID");
        await row.ClickAsync();
        await page.WaitForURLAsync("**/tasks/*");
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", "VssID");
        await BrowserApp.WaitFor(page, "[data-testid=task-clears]", "Thẩm quyền phê duyệt");
        await BrowserApp.WaitInteractiveAsync(page);

        await page.Locator("[data-testid=task-report]").ClickAsync();
        var form = page.Locator("[data-testid=progress-form]");
        await form.WaitForAsync();
        Assert.Contains("10 MB", await page.Locator("[data-testid=progress-limits]").InnerTextAsync());
        var note = $"Đã hỗ trợ thêm 120 hộ cài VssID ({Guid.NewGuid():N})";
        await page.Locator("[data-testid=progress-value] input, input[data-testid=progress-value]").First.FillAsync("90");
        await page.Locator("[data-testid=progress-note] textarea, textarea[data-testid=progress-note]").First.FillAsync(note);
        await form.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "bien-ban-ho-tro.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Biên bản hỗ trợ cài VssID thôn Nà Bó"),
        });
        await BrowserApp.WaitFor(page, "[data-testid=progress-file-list]", "bien-ban-ho-tro.txt");
        await page.Locator("[data-testid=progress-submit]").ClickAsync();

        var update = await BrowserApp.WaitFor(page, "[data-testid^=task-update-]", note);
        Assert.Contains("90%", await update.InnerTextAsync());
        var link = update.Locator("[data-testid=evidence-link]");
        Assert.Contains("bien-ban-ho-tro.txt", await link.InnerTextAsync());
        var href = await link.GetAttributeAsync("href");
        Assert.Matches("^/api/tasks/[0-9]+/evidence/[0-9]+$", href);
        var file = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, file.Status);
        Assert.Equal("Biên bản hỗ trợ cài VssID thôn Nà Bó", Encoding.UTF8.GetString(await file.BodyAsync()));
        Assert.Contains("90%", await page.Locator("[data-testid=task-progress]").InnerTextAsync());
    }

    [Fact]
    public async Task Progress_report_without_a_note_or_with_a_forbidden_file_is_refused_before_sending()
    {
        var page = await browser.NewPageAsync(390, 844, Reporter);
        await page.GotoAsync("/tasks");
        var row = await BrowserApp.WaitFor(page, "[data-testid^=task-row-]", "ví điện tử");
        await row.ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", "ví điện tử");
        await BrowserApp.WaitInteractiveAsync(page);
        var before = await page.Locator("[data-testid^=task-update-]").CountAsync();

        await page.Locator("[data-testid=task-report]").ClickAsync();
        var form = page.Locator("[data-testid=progress-form]");
        await form.WaitForAsync();
        await form.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "cai-dat.exe", MimeType = "application/octet-stream", Buffer = [0x4D, 0x5A],
        });
        await page.Locator("[data-testid=progress-submit]").ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=progress-form]", "Hãy nhập nội dung báo cáo");
        await BrowserApp.WaitFor(page, "[data-testid=progress-file-list]", "không được phép");
        Assert.Equal(before, await page.Locator("[data-testid^=task-update-]").CountAsync());
    }

    [Fact]
    public async Task Manager_urges_an_overdue_task_and_sees_the_urging_recorded()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync("/tasks?overdue=true");
        var row = await BrowserApp.WaitFor(page, "[data-testid^=task-row-]", "chữ ký số");
        Assert.Contains("Quá hạn", await row.InnerTextAsync());
        await row.ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", "chữ ký số");
        await BrowserApp.WaitInteractiveAsync(page);

        await page.Locator("[data-testid=task-urge]").ClickAsync();
        var message = $"Đề nghị xã hoàn thành trước ngày 30 ({Guid.NewGuid():N})";
        await page.Locator("[data-testid=urge-message] textarea, textarea[data-testid=urge-message]").First.FillAsync(message);
        await page.Locator("[data-testid=urge-submit]").ClickAsync();

        await BrowserApp.WaitFor(page, ".mud-snackbar", "Đã gửi lời đôn đốc");
        var urging = await BrowserApp.WaitFor(page, "[data-testid=task-urging]", message);
        // The urging names the manager as people know them, not by e-mail.
        Assert.Contains("Sở Khoa học và Công nghệ", await urging.InnerTextAsync());
        Assert.DoesNotContain(Manager, await urging.InnerTextAsync());
    }

    [Fact]
    public async Task Reporter_sees_no_urge_button()
    {
        var page = await browser.NewPageAsync(1280, 900, Reporter);
        await page.GotoAsync("/tasks");
        var row = await BrowserApp.WaitFor(page, "[data-testid^=task-row-]", "chữ ký số");
        await row.ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", "chữ ký số");
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal(1, await page.Locator("[data-testid=task-report]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=task-urge]").CountAsync());
    }

    [Fact]
    public async Task Indicator_dialog_names_an_unknown_data_element_as_it_is_typed()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/indicators");
        await BrowserApp.WaitFor(page, "[data-testid=indicator-list]", "VNeID");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=indicator-add]").ClickAsync();
        var numerator = page.Locator("[data-testid=indicator-numerator] input, input[data-testid=indicator-numerator]").First;
        await numerator.WaitForAsync();
        await numerator.PressSequentiallyAsync("#{HH_VNEID} / #{NOPE}");
        var problems = await BrowserApp.WaitFor(page, "[data-testid=indicator-numerator-problems]", "NOPE");
        Assert.DoesNotContain("HH_VNEID", await problems.InnerTextAsync());

        await numerator.FillAsync("#{HH_VNEID}");
        await BrowserApp.WaitFor(page, "[data-testid=indicator-references]", "HH_VNEID");
        Assert.Equal(0, await page.Locator("[data-testid=indicator-numerator-problems]").CountAsync());
    }

    [Fact]
    public async Task Data_elements_show_the_values_they_accept_in_the_readers_format()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/indicators");
        await BrowserApp.WaitFor(page, "[data-testid=indicator-list]", "VNeID");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Chỉ tiêu dữ liệu") }).ClickAsync();
        var row = await BrowserApp.WaitFor(page, "[data-testid=element-table] tr", "HH_VNEID");
        // Counts: 0 to a billion, grouped the Vietnamese way.
        Assert.Contains("0 – 1.000.000.000", await row.InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "indicators-elements-vi-1280");
    }

    [Fact]
    public async Task Kpi_page_shows_the_formula_and_scores_of_october()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        await page.GotoAsync("/kpi?month=2025-10");
        await BrowserApp.WaitFor(page, "[data-testid=kpi-formula]", "½");
        var units = await BrowserApp.WaitFor(page, "[data-testid=kpi-units]", "Xã Thượng Tân");
        Assert.Contains("%", await units.InnerTextAsync());
    }

    [Fact]
    public async Task Task_list_fits_a_phone_screen()
    {
        var page = await browser.NewPageAsync(390, 844, Reporter);
        await page.GotoAsync("/tasks");
        await BrowserApp.WaitFor(page, "[data-testid^=task-row-]", "Thượng Tân");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The task list scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "tasks-vi-390");
    }
}
