using CivicTrack.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Accounts;

/// <summary>Signing in and out, what each account may see, and the administration pages, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesTests(BrowserApp browser)
{
    private const string Reporter = "reporter.thuongtan@demo.local";
    private const string Viewer = "viewer@demo.local";

    [Fact]
    public async Task Anonymous_visit_goes_to_sign_in_and_back_to_the_page_asked_for()
    {
        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync("/org");
        await page.WaitForURLAsync("**/account/login?**");
        Assert.Contains("%2Forg", page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));

        await BrowserApp.SignInAsync(page, BrowserApp.Admin);
        await page.WaitForURLAsync("**/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Tỉnh Tuyên Quang");
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_and_the_password_is_not_sent_back()
    {
        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync("/account/login");
        await page.Locator("[data-testid=login-email]").FillAsync(Viewer);
        await page.Locator("[data-testid=login-password]").FillAsync("Not-The-Password-1");
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        var error = page.Locator("[data-testid=login-error]");
        await error.WaitForAsync();
        Assert.Contains("không đúng", await error.InnerTextAsync());
        Assert.Equal("", await page.Locator("[data-testid=login-password]").InputValueAsync());
        Assert.Contains("/account/login", page.Url);
    }

    [Fact]
    public async Task Login_page_speaks_english_when_asked()
    {
        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync("/account/login");
        await page.Locator("[data-testid=lang-en]").ClickAsync();
        await BrowserApp.WaitFor(page, "h1", "Sign in");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Sign in", (await page.Locator("[data-testid=login-submit]").InnerTextAsync()).Trim(), ignoreCase: true);
        await BrowserApp.ScreenshotAsync(page, "login-en-1280");
    }

    [Fact]
    public async Task Reporter_sees_only_their_commune_in_the_tree()
    {
        var page = await browser.NewPageAsync(signInAs: Reporter);
        await page.GotoAsync("/org");
        await BrowserApp.WaitFor(page, "[data-testid=org-tree-node]", "Xã Thượng Tân");
        var first = await page.Locator("[data-testid=org-tree-node]").First.InnerTextAsync();
        Assert.Contains("Xã Thượng Tân", first);
        Assert.Equal(0, await page.GetByText("Giáp Trung").CountAsync());
        Assert.Equal(0, await page.GetByText("Tỉnh Tuyên Quang").CountAsync());
    }

    [Fact]
    public async Task Reporter_cannot_open_a_unit_outside_their_commune()
    {
        var page = await browser.NewPageAsync(signInAs: Reporter);
        await page.GotoAsync("/org/08052");
        await page.Locator("[data-testid=unit-not-found]").WaitForAsync();
        Assert.Equal(0, await page.GetByText("Xã Giáp Trung").CountAsync());
    }

    [Fact]
    public async Task Reporter_search_does_not_find_another_commune()
    {
        var page = await browser.NewPageAsync(signInAs: Reporter);
        await page.GotoAsync("/org?q=giap%20trung");
        await page.Locator("[data-testid=org-search-empty]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=org-search-result]").CountAsync());
    }

    [Fact]
    public async Task Viewer_is_refused_the_administration_pages()
    {
        var page = await browser.NewPageAsync(signInAs: Viewer);
        await page.GotoAsync("/admin/accounts");
        await page.WaitForURLAsync("**/account/denied**");
        await page.Locator("[data-testid=not-allowed]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=nav-admin]").CountAsync());
    }

    [Fact]
    public async Task Opening_two_factor_setup_shows_a_key_without_signing_the_person_out_elsewhere()
    {
        const string email = "reporter.giaptrung@demo.local";
        var before = await StampAsync(email);
        var page = await browser.NewPageAsync(signInAs: email);
        await page.GotoAsync("/account/two-factor");
        var key = (await page.Locator("[data-testid=two-factor-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[a-z2-7]{16,}$", key);
        // The first key guards nothing yet: the stamp every other session is checked against stays as it was.
        Assert.Equal(before, await StampAsync(email));
        await page.ReloadAsync();
        Assert.Equal(key, (await page.Locator("[data-testid=two-factor-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));

        // Asking for a new key does renew it, and this page stays signed in.
        await page.Locator("[data-testid=two-factor-reset]").ClickAsync();
        await page.Locator("[data-testid=two-factor-message]").WaitForAsync();
        Assert.NotEqual(before, await StampAsync(email));
        await page.GotoAsync("/account/two-factor");
        Assert.NotEqual(key, (await page.Locator("[data-testid=two-factor-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    private async Task<string?> StampAsync(string email)
    {
        using var scope = browser.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CivicTrack.Features.Accounts.AppUser>>();
        return (await users.FindByEmailAsync(email))!.SecurityStamp;
    }

    [Fact]
    public async Task The_account_menu_is_one_control_named_by_its_words_and_opens_from_the_keyboard()
    {
        var page = await browser.NewPageAsync(signInAs: Viewer);
        await page.GotoAsync("/org");
        await BrowserApp.WaitInteractiveAsync(page);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "viewer@demo.local" });
        Assert.Equal(1, await menu.CountAsync());
        Assert.Equal(0, await menu.Locator("button, a, [tabindex]").CountAsync());
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=sign-out]").WaitForAsync();

        // Space opens it as well, on a fresh page.
        await page.ReloadAsync();
        await BrowserApp.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToHaveCountAsync(0);
        await menu.FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await page.Locator("[data-testid=sign-out]").WaitForAsync();
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var page = await browser.NewPageAsync(signInAs: Viewer);
        await page.GotoAsync("/org");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=account-menu] button").ClickAsync();
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync("**/account/login");
        await page.GotoAsync("/org");
        await page.WaitForURLAsync("**/account/login?**");
        Assert.True(await page.Locator("[data-testid=login-email]").IsVisibleAsync());
    }

    [Fact]
    public async Task Admin_accounts_page_lists_the_demo_accounts()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/admin/accounts");
        await BrowserApp.WaitFor(page, "[data-testid=account-email]", "viewer@demo.local");
        var emails = await page.Locator("[data-testid=account-email]").AllInnerTextsAsync();
        foreach (var (email, _, _, _) in DemoAccounts.Accounts)
            Assert.Contains(email, emails);
        await BrowserApp.ScreenshotAsync(page, "admin-accounts-vi");
    }

    [Fact]
    public async Task Audit_page_shows_the_sign_in()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/admin/audit");
        var signIn = page.Locator("[data-testid=audit-row-action][data-action=SignIn]").First;
        await signIn.WaitForAsync();
        Assert.Equal("Đăng nhập", (await signIn.InnerTextAsync()).Trim());
        Assert.Contains("format=csv", await page.Locator("[data-testid=audit-export]").GetAttributeAsync("href"));
        await BrowserApp.ScreenshotAsync(page, "audit-vi");
    }

    [Fact]
    public async Task Token_secret_is_shown_once_and_the_token_can_be_revoked()
    {
        var page = await browser.NewPageAsync(signInAs: "manager@demo.local");
        await page.GotoAsync("/account/tokens");
        await BrowserApp.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=token-name] input, input[data-testid=token-name]").First.FillAsync("Một cửa");
        await page.Locator("[data-testid=token-create]").ClickAsync();
        var secret = await page.Locator("[data-testid=token-secret]").InputValueAsync();
        Assert.StartsWith("ct_", secret);

        var me = await page.APIRequest.GetAsync("/api/auth/me", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + secret } });
        Assert.Equal(200, me.Status);

        await page.Locator("[data-testid=token-revoke]").First.ClickAsync();
        await page.Locator(".mud-dialog .mud-button-root").Filter(new() { HasText = "Thu hồi" }).Last.ClickAsync();
        await BrowserApp.WaitFor(page, "[data-testid=token-status]", "Đã thu hồi");
        Assert.Equal(0, await page.Locator("[data-testid=token-secret]").CountAsync());
        var after = await page.APIRequest.GetAsync("/api/auth/me", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + secret } });
        Assert.Equal(401, after.Status);
    }

    [Fact]
    public async Task Login_and_accounts_pages_fit_a_phone_screen()
    {
        var page = await browser.NewPageAsync(390, 844, signInAs: null);
        await page.GotoAsync("/account/login");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "The sign-in page scrolls sideways at 390 px.");
        await BrowserApp.ScreenshotAsync(page, "login-vi-390");

        page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync("/admin/accounts");
        await BrowserApp.WaitFor(page, "[data-testid=account-email]", "viewer@demo.local");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "The accounts page scrolls sideways at 390 px.");
        await BrowserApp.WaitInteractiveAsync(page);
        var account = await page.Locator("[data-testid=account-menu] button").BoundingBoxAsync();
        Assert.True(account is { } box && box.X + box.Width <= 390, "The account button is pushed off a 390 px screen.");
    }
}
