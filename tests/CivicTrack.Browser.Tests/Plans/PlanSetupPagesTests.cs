using System.Text.Json;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Plans;

/// <summary>A programme manager sets up a plan, its targets and a task through the pages alone, in Chromium; other
/// roles neither see the buttons nor open the pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlanSetupPagesTests(BrowserApp browser)
{
    private const string Manager = "manager@demo.local";
    private const string Reporter = "reporter.thuongtan@demo.local";

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    private static async Task FillAsync(IPage page, string testId, string text)
    {
        var field = Field(page, testId);
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    /// <summary>Types into a picker and chooses the offered item that holds the text.</summary>
    private static async Task PickAsync(IPage page, string testId, string typed, string option, bool keepsChoice = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            await Field(page, testId).FillAsync("");
            await Field(page, testId).PressSequentiallyAsync(typed, new() { Delay = 20 });
            var item = await BrowserApp.WaitFor(page, ".mud-popover-open .mud-list-item", option);
            await item.ClickAsync();
            if (!keepsChoice) return;
            // On a loaded machine a click can land before the list is ready: the field shows the choice once it is taken.
            for (var i = 0; i < 50 && await Field(page, testId).InputValueAsync() != option; i++) await page.WaitForTimeoutAsync(100);
            if (await Field(page, testId).InputValueAsync() == option || attempt == 2) return;
        }
    }

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        var item = await BrowserApp.WaitFor(page, ".mud-popover-open .mud-list-item", option);
        await item.ClickAsync();
    }

    [Fact]
    public async Task Manager_creates_a_plan_adds_edits_and_deletes_a_target_and_assigns_a_task_through_the_pages()
    {
        var page = await browser.NewPageAsync(1280, 900, Manager);
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var number = $"15/KH-{suffix}";

        await page.GotoAsync("/plans");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=plan-new]").ClickAsync();
        await page.Locator("[data-testid=plan-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        await FillAsync(page, "plan-number", number);
        await FillAsync(page, "plan-title-vi", "Kế hoạch chuyển đổi số cấp xã năm 2026");
        await FillAsync(page, "plan-title-en", "Commune digital transformation plan 2026");
        await FillAsync(page, "plan-issued", "05/01/2026");
        await PickAsync(page, "plan-issuer", "Khoa học", "Sở Khoa học và Công nghệ");
        await FillAsync(page, "plan-starts", "01/01/2026");
        await FillAsync(page, "plan-ends", "31/12/2026");
        await page.Locator("[data-testid=plan-save]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/plans/[0-9]+$"), new() { Timeout = 60_000 });
        await BrowserApp.WaitFor(page, "[data-testid=plan-title]", "Kế hoạch chuyển đổi số cấp xã năm 2026");
        Assert.Contains(number, await page.Locator("[data-testid=plan-document]").InnerTextAsync());
        Assert.Contains("Sở Khoa học và Công nghệ", await page.Locator("[data-testid=plan-document]").InnerTextAsync());
        var planUrl = page.Url;

        // A milestone target for the whole province, due at the plan's end.
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=target-new]").ClickAsync();
        await page.Locator("[data-testid=target-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        await FillAsync(page, "target-code", "1");
        await FillAsync(page, "target-name-vi", "Mỗi xã có tổ công nghệ số cộng đồng");
        await ChooseAsync(page, "target-comparison", "Mốc hoàn thành");
        await page.Locator("[data-testid=target-save]").ClickAsync();
        await page.WaitForURLAsync(planUrl);
        await BrowserApp.WaitFor(page, "[data-testid=target-row-1]", "Mỗi xã có tổ công nghệ số cộng đồng");

        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=target-edit-1]").ClickAsync();
        await page.Locator("[data-testid=target-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.True(await Field(page, "target-code").IsDisabledAsync());
        await FillAsync(page, "target-name-vi", "Mỗi xã, phường có tổ công nghệ số cộng đồng");
        await page.Locator("[data-testid=target-save]").ClickAsync();
        await page.WaitForURLAsync(planUrl);
        await BrowserApp.WaitFor(page, "[data-testid=target-row-1]", "Mỗi xã, phường có tổ công nghệ số cộng đồng");

        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=target-delete-1]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        Assert.Contains("Mỗi xã, phường có tổ công nghệ số cộng đồng", await dialog.InnerTextAsync());
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Xóa", Exact = true }).ClickAsync();
        await BrowserApp.WaitFor(page, ".mud-snackbar", "Đã xóa chỉ tiêu 1");
        await page.Locator("[data-testid=target-row-1]").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // A task of the plan, led by a commune with the department coordinating; saving it empty names each field first.
        await page.Locator("[data-testid=plan-new-task]").ClickAsync();
        await page.Locator("[data-testid=task-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Contains(number, await page.Locator("[data-testid=task-plan]").First.EvaluateAsync<string>("e => (e.querySelector('input') || e).value || e.innerText"));
        await page.Locator("[data-testid=task-save]").ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=task-form-error]", "hãy sửa các ô được đánh dấu");
        await BrowserApp.WaitFor(page, "[data-testid=clear-work]", "Bắt buộc nhập");
        await BrowserApp.WaitFor(page, "[data-testid=clear-person]", "Không có đơn vị mã");

        var title = $"Ra mắt tổ công nghệ số cộng đồng ở mọi thôn ({suffix})";
        await FillAsync(page, "task-work", title);
        await PickAsync(page, "task-lead-unit", "Thượng Tân", "Xã Thượng Tân");
        await FillAsync(page, "task-lead-person", "Chủ tịch UBND xã Thượng Tân");
        await FillAsync(page, "task-starts", "01/02/2026");
        await FillAsync(page, "task-due", "30/04/2026");
        await FillAsync(page, "task-result", "Quyết định thành lập tổ ở 100% thôn");
        await FillAsync(page, "task-responsibility", "UBND xã chịu trách nhiệm thành lập và duy trì tổ");
        await FillAsync(page, "task-authority", "Chủ tịch UBND tỉnh");
        await PickAsync(page, "task-coordinator-add", "Khoa học", "Sở Khoa học và Công nghệ", keepsChoice: false);
        await BrowserApp.WaitFor(page, "[data-testid=task-coordinators]", "Sở Khoa học và Công nghệ");
        await FillAsync(page, "task-weight", "2");
        await page.Locator("[data-testid=task-save]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/tasks/[0-9]+$"));
        await BrowserApp.WaitFor(page, "[data-testid=task-title]", title);
        var clears = await page.Locator("[data-testid=task-clears]").InnerTextAsync();
        Assert.Contains("Xã Thượng Tân", clears);
        Assert.Contains("30/04/2026", clears);
        Assert.Contains("Chủ tịch UBND tỉnh", clears);
        Assert.Contains("Sở Khoa học và Công nghệ", await page.Locator(".td-status").InnerTextAsync());
        Assert.Contains(number, await page.Locator(".td-status").InnerTextAsync());

        // Edited: the due day moves.
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=task-edit]").ClickAsync();
        await page.Locator("[data-testid=task-form]").WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Contains("Sở Khoa học và Công nghệ", await page.Locator("[data-testid=task-coordinators]").InnerTextAsync());
        await FillAsync(page, "task-due", "15/05/2026");
        await page.Locator("[data-testid=task-save]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/tasks/[0-9]+$"));
        await BrowserApp.WaitFor(page, "[data-testid=task-clears]", "15/05/2026");
    }

    [Fact]
    public async Task A_reporter_sees_no_set_up_buttons_and_is_refused_the_set_up_pages()
    {
        var page = await browser.NewPageAsync(1280, 900, Reporter);
        await page.GotoAsync("/plans");
        await page.Locator("[data-testid^=plan-row-]").First.WaitForAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        Assert.Equal(0, await page.Locator("[data-testid=plan-new]").CountAsync());
        await page.Locator("[data-testid^=plan-row-] a").First.ClickAsync();
        await page.Locator("[data-testid=plan-title]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=plan-edit], [data-testid=target-new], [data-testid=plan-new-task], [data-testid^=target-edit-]").CountAsync());
        var planId = page.Url.Split('/').Last().Split('?')[0];
        foreach (var url in new[] { "/plans/new", $"/plans/{planId}/edit", $"/plans/{planId}/targets/new", "/tasks/new" })
        {
            await page.GotoAsync(url);
            await page.Locator("[data-testid=not-allowed]").WaitForAsync();
            Assert.Equal(0, await page.Locator("[data-testid=plan-form], [data-testid=target-form], [data-testid=task-form]").CountAsync());
        }
    }

    [Fact]
    public async Task The_plan_and_task_forms_fit_a_phone_screen_in_Vietnamese()
    {
        var page = await browser.NewPageAsync(390, 844, Manager);
        var plan = await FirstIdAsync(page, "/api/plans?asOf=2025-06-30", p => p.GetProperty("documentNumber").GetString() == "38/KH-UBND");
        var task = await FirstIdAsync(page, "/api/tasks", t => t.GetProperty("title").GetString()!.Contains("VssID", StringComparison.Ordinal));
        foreach (var (url, form, shot) in new[] { ($"/plans/{plan}/edit", "plan-form", "plan-setup-vi-390"), ($"/tasks/{task}/edit", "task-form", "task-setup-vi-390") })
        {
            await page.GotoAsync(url);
            await page.Locator($"[data-testid={form}]").WaitForAsync();
            await BrowserApp.WaitInteractiveAsync(page);
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{url} scrolls sideways at 390 px.");
            await BrowserApp.ScreenshotAsync(page, shot);
        }
    }

    private static async Task<int> FirstIdAsync(IPage page, string url, Func<JsonElement, bool> which)
    {
        var response = await page.Context.APIRequest.GetAsync(url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        using var json = JsonDocument.Parse(await response.BodyAsync());
        return json.RootElement.EnumerateArray().First(which).GetProperty("id").GetInt32();
    }
}
