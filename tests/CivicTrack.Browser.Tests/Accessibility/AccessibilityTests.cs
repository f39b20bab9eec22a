using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CivicTrack.Features.Accounts;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Accessibility;

/// <summary>Every page passes axe-core (WCAG 2.0 and 2.1, levels A and AA) with no serious or critical violation, as
/// every role that can open it. The administrator sees each page in Vietnamese, English and Bengali; every other
/// role sees it in one of the three, in turn, so each role meets every language across the pages. axe runs under
/// the app's own Content-Security-Policy: the browser does not bypass it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserApp app)
{
    private static readonly string[] Cultures = ["vi-VN", "en-GB", "bn-BD"];

    private static readonly string[] Roles =
    [
        BrowserApp.Admin, "manager@demo.local", "reporter.thuongtan@demo.local", "approver.thuongtan@demo.local",
        "team.thuongtan@demo.local", "viewer@demo.local",
    ];

    private static readonly string[] PageList =
    [
        "/", "/org", "/org/08051", "/org/import", "/org/new", "/indicators", "/plans?asOf=2025-06-30", "/plans/{plan}?asOf=2025-06-30",
        "/plans/{plan}/targets/import", "/plans/new", "/plans/{plan}/edit", "/plans/{plan}/targets/new", "/plans/{plan}/targets/{target}/edit",
        "/tasks", "/tasks/{task}", "/tasks/new", "/tasks/{task}/edit", "/kpi?month=2025-10", "/reports", "/reports/forms", "/reports/forms/new",
        "/reports/forms/BC-CDS-THANG/edit",
        "/reports/late?form=BC-CDS-THANG&period=2025-12", "/reports/synthesis", "/reports/synthesis/BC-CDS-THANG/2025-10",
        "/reports/BC-CDS-THANG/08051/2025-10", "/inbox", "/admin/accounts", "/admin/audit", "/account/password",
        "/account/tokens", "/account/two-factor", "/dossiers?period=2025-10", "/dossiers/list?unit=08051&period=2025-10&kind=late",
        "/dossiers/import", "/teams?unit=08051", "/teams/{team}", "/teams/import", "/commendation?period=2025",
        "/campaigns", "/campaigns/{campaign}", "/activities", "/activities/new", "/activities/{activity}",
        "/household/index.html", "/indices", "/indices/{index}?period=2025", "/indices/{index}/units/08051?period=2025", "/indices/{index}/edit",
        "/open", "/open/chi-tieu-chinh-theo-xa-2025", "/open/manage", "/open/manage/new",
        "/open/manage/ty-le-gui-bao-cao-thang/edit",
        "/explore?items=IND_HH_VNEID_PCT,HH_TOTAL&units=08&children=true&periods=2025-01..2025-12&by=quarter", "/pillars", "/pillars/digital-society?unit=08051",
        "/federation",
    ];

    // One signed-in page per role, kept across the pages: a context per visit would sign in again each time.
    private static readonly ConcurrentDictionary<string, Task<IPage>> RolePages = new();
    private static Task<Dictionary<string, string>>? _ids;

    public static TheoryData<string> Pages() => [.. PageList];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_violation_for_any_role_that_opens_it(string path)
    {
        var ids = await (_ids ??= IdsAsync());
        var url = ids.Aggregate(path, (u, id) => u.Replace(id.Key, id.Value, StringComparison.Ordinal));
        var pageIndex = Array.IndexOf(PageList, path);
        var failures = new StringBuilder();
        var log = TestContext.Current.TestOutputHelper;
        // Every other role first, each in its turn's language; the administrator then reads the page in each language
        // no role has read it in (at least one), so every page is read in all three.
        var unread = new HashSet<string>(Cultures);
        for (var r = 1; r <= Roles.Length; r++)
        {
            var role = Roles[r % Roles.Length];
            var page = await RolePageAsync(role);
            string[] cultures = role == BrowserApp.Admin
                ? (unread.Count > 0 ? [.. unread] : [Cultures[pageIndex % Cultures.Length]])
                : [Cultures[(pageIndex + r) % Cultures.Length]];
            foreach (var culture in cultures)
            {
                var clock = Stopwatch.StartNew();
                if (!await OpenAsync(page, url, culture))
                {
                    Assert.NotEqual(BrowserApp.Admin, role); // the administrator opens every page
                    log?.WriteLine($"{role} may not open {url}");
                    break;
                }
                var opened = clock.ElapsedMilliseconds;
                Assert.Equal(culture[..2], await page.Locator("html").GetAttributeAsync("lang"));
                Describe(failures, $"{url} as {role} ({culture})", await page.RunAxe(Options));
                unread.Remove(culture);
                log?.WriteLine($"{role} {culture} {url}: opened in {opened} ms, checked in {clock.ElapsedMilliseconds - opened} ms");
            }
        }
        Assert.Empty(unread);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Theory]
    [InlineData("vi-VN")]
    [InlineData("en-GB")]
    [InlineData("bn-BD")]
    public async Task The_sign_in_page_has_no_serious_or_critical_violation_and_speaks_the_chosen_language(string culture)
    {
        var page = await app.NewPageAsync(width: 390, height: 844, signInAs: null);
        await page.GotoAsync($"/culture/{culture}?returnUrl=%2Faccount%2Flogin");
        await page.Locator("[data-testid=login-email]").WaitForAsync();
        Assert.Equal(culture[..2], await page.Locator("html").GetAttributeAsync("lang"));
        var failures = new StringBuilder();
        Describe(failures, $"/account/login ({culture}, 390 px)", await page.RunAxe(Options));
        await page.Context.CloseAsync();
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Theory]
    [InlineData("vi-VN")]
    [InlineData("en-GB")]
    [InlineData("bn-BD")]
    public async Task The_open_data_portal_has_no_serious_or_critical_violation_for_an_anonymous_visitor_at_phone_width(string culture)
    {
        var page = await app.NewPageAsync(width: 390, height: 844, signInAs: null);
        var failures = new StringBuilder();
        foreach (var url in new[] { "/open", "/open/chi-tieu-chinh-theo-xa-2025", "/open/ty-le-gui-bao-cao-thang?period=2025-10" })
        {
            Assert.True(await OpenAsync(page, url, culture), url);
            Assert.Equal(culture[..2], await page.Locator("html").GetAttributeAsync("lang"));
            Describe(failures, $"{url} anonymous ({culture}, 390 px)", await page.RunAxe(Options));
        }
        await page.Context.CloseAsync();
        Assert.True(failures.Length == 0, failures.ToString());
    }

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private Task<IPage> RolePageAsync(string role) => RolePages.GetOrAdd(role, email => app.NewPageAsync(signInAs: email));

    /// <summary>Real ids for the pages that take one: the first plan and the first task the administrator sees.</summary>
    private async Task<Dictionary<string, string>> IdsAsync()
    {
        var page = await RolePageAsync(BrowserApp.Admin);
        // The first plan with targets, so that a target's edit page opens on one of its own.
        var plan = await FirstIdAsync(page, "/api/plans?asOf=2025-06-30", p => p.GetProperty("summary").GetProperty("total").GetInt32() > 0);
        return new Dictionary<string, string>
        {
            ["{plan}"] = plan,
            ["{task}"] = await FirstIdAsync(page, "/api/tasks"),
            ["{target}"] = await FirstIdAsync(page, $"/api/plans/{plan}/targets"),
            ["{team}"] = await TeamIdAsync(page),
            ["{campaign}"] = await FirstIdAsync(page, "/api/campaigns"),
            ["{activity}"] = await FirstIdAsync(page, "/api/activities"),
            ["{index}"] = await FirstIdAsync(page, "/api/indices"),
        };
    }

    /// <summary>The team of Thượng Tân's first village, which the commune's accounts and its village team member all see.</summary>
    private static async Task<string> TeamIdAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("/api/teams?unit=08051-01&children=false");
        Assert.True(response.Ok, $"teams: {response.Status}");
        using var json = JsonDocument.Parse(await response.BodyAsync());
        return json.RootElement.GetProperty("teams")[0].GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> FirstIdAsync(IPage page, string url, Func<JsonElement, bool>? which = null)
    {
        var response = await page.Context.APIRequest.GetAsync(url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        using var json = JsonDocument.Parse(await response.BodyAsync());
        var list = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
            : json.RootElement.GetProperty("items");
        return list.EnumerateArray().First(which ?? (_ => true)).GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opens the page in the culture and waits until it is live and its data drawn; false when the role
    /// may not open it.</summary>
    private static async Task<bool> OpenAsync(IPage page, string url, string culture)
    {
        var response = await page.GotoAsync($"/culture/{culture}?returnUrl={Uri.EscapeDataString(url)}");
        if (page.Url.Contains("/account/denied", StringComparison.Ordinal) || page.Url.Contains("/account/login", StringComparison.Ordinal)) return false;
        // axe runs on the page as served, under the app's own policy.
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response?.Headers.GetValueOrDefault("content-security-policy"));
        // Main pages are live once their connection is up; the account pages render on the server and are ready at once.
        await page.Locator(".ct-body[data-interactive=true], [data-testid=not-allowed], .acc-main, body[data-hh-ready=true], .od-main").First.WaitForAsync();
        if (await page.Locator("[data-testid=not-allowed]").CountAsync() > 0) return false;
        // Data loads after the connection is up; what is drawn then is what a person meets.
        try
        {
            await page.Locator(".mud-progress-indeterminate, .mud-skeleton").First
                .WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 10_000 });
        }
        catch (TimeoutException) { /* a page may keep a progress bar as part of its content */ }
        return true;
    }

    private static void Describe(StringBuilder failures, string where, AxeResult result)
    {
        foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            failures.Append("  ").Append(where).Append(": ").Append(v.Impact).Append(' ').Append(v.Id).Append(" — ").Append(v.Help).Append('\n');
            foreach (var node in v.Nodes.Take(5))
                failures.Append("      ").Append(node.Target?.ToString()).Append("  ").Append(node.Html.Length > 200 ? node.Html[..200] + "…" : node.Html).Append('\n');
        }
    }
}
