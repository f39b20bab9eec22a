using System.Globalization;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Reporting;

/// <summary>A late reporter on a phone finds a locked period marked in the list, asks to reopen it with a reason; the
/// programme manager sees the request in the inbox and on the report, reopens it for a week; the reporter is told and
/// can enter the report again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReopenPagesTests(BrowserApp browser)
{
    private const string Commune = "08051";

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    /// <summary>A monthly form for Thượng Tân from three months ago, locking one day after each due day.</summary>
    private async Task<(string Code, string Period)> LockedFormAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var code = "RO-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var start = Today.AddMonths(-3);
        var period = Period.Month(start.Year, start.Month).Id;
        var scope = await browser.Services.GetRequiredService<AccessScopes>().SystemAsync(ct);
        var created = await browser.Services.GetRequiredService<FormService>().CreateAsync(scope, new ReportFormInput(code,
            LocalText.Of($"Báo cáo mở lại {code}", $"Reopen report {code}"), null, PeriodType.Month, null, period, period, "day:25", 1, 1, null,
            [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0)])], [],
            new AssignmentInput(null, null, [Commune])), ct);
        Assert.True(created.Succeeded, string.Join("; ", created.Problems.SelectMany(p => p.Value)));
        return (code, period);
    }

    [Fact]
    public async Task A_reporter_asks_to_reopen_a_locked_period_and_a_manager_reopens_it()
    {
        // On a phone, the list marks the period as locked and offers to ask for it to be reopened.
        var reporter = await browser.NewPageAsync(390, 844, "reporter.thuongtan@demo.local");
        var (code, period) = await LockedFormAsync();
        var url = $"/reports/{code}/{Commune}/{period}";
        await reporter.GotoAsync("/reports");
        var row = reporter.Locator($"[data-testid=report-row-{Commune}-{period}]").Filter(new() { Has = reporter.Locator("[data-testid=report-locked]") });
        await row.Locator("[data-testid=report-open]").Filter(new() { HasText = "đề nghị mở lại" }).First.WaitForAsync();
        await reporter.GotoAsync(url);
        await BrowserApp.WaitInteractiveAsync(reporter);
        await reporter.Locator("[data-testid=entry-locked]").WaitForAsync();
        await reporter.Locator("[data-testid=entry-reopen-send]").ClickAsync();
        // A request needs a reason, said under the field.
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-reopen-request]", "Hãy ghi lý do");
        const string reason = "Cán bộ báo cáo đi tập huấn dài ngày, đề nghị mở lại để gửi báo cáo.";
        await Field(reporter, "entry-reopen-reason").FillAsync(reason);
        await reporter.Locator("[data-testid=entry-reopen-send]").ClickAsync();
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-reopen-asked]", reason);
        Assert.Equal(0, await reporter.Locator("[data-testid=entry-reopen-send]").CountAsync());
        Assert.False(await reporter.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"));
        await BrowserApp.ScreenshotAsync(reporter, "reopen-request-vi-390");

        // The manager is told in the inbox, opens the report from there and reopens it for a week.
        var manager = await browser.NewPageAsync(1280, 900, "manager@demo.local");
        await manager.GotoAsync("/inbox");
        await BrowserApp.WaitFor(manager, "main", $"Báo cáo mở lại {code}");
        await manager.GotoAsync(url);
        await BrowserApp.WaitInteractiveAsync(manager);
        await BrowserApp.WaitFor(manager, "[data-testid=entry-reopen-asked]", reason);
        await Field(manager, "entry-reopen-days").FillAsync("7");
        await manager.Locator("[data-testid=entry-reopen]").ClickAsync();
        var until = Today.AddDays(6).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        await BrowserApp.WaitFor(manager, "[data-testid=entry-reopened]", until);

        // The reporter is told, and the report can be entered again.
        await reporter.GotoAsync("/inbox");
        await BrowserApp.WaitFor(reporter, "main", until);
        await reporter.GotoAsync(url);
        await BrowserApp.WaitInteractiveAsync(reporter);
        await BrowserApp.WaitFor(reporter, "[data-testid=entry-reopened]", until);
        Assert.Equal(0, await reporter.Locator("[data-testid=entry-locked]").CountAsync());
        var input = reporter.Locator("[data-testid=input-DOSSIERS_RECEIVED]").First;
        Assert.True(await input.IsEditableAsync());
    }
}
