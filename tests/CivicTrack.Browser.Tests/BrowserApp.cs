using System.Collections.Concurrent;
using CivicTrack.Data;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests;

/// <summary>The browser tests share one app and one Chromium: on a small machine, starting a second of each costs more
/// than running the classes one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}

/// <summary>The demo app on a real Kestrel server and Debian's Chromium driven by Playwright, shared by the browser tests.
/// Without Chromium the tests skip with a reason, unless CIVICTRACK_REQUIRE_ALL=1, where they fail.
/// Every page needs an account: pages open signed in as the administrator unless a test says otherwise.</summary>
public sealed class BrowserApp : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Admin = "admin@demo.local";
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Each account signs in once through the real sign-in page; later pages reuse its cookies.
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private AppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _app?.ServerAddress ?? throw new InvalidOperationException("Not started.");

    /// <summary>The running app's services, for a test to look at what a page stored.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>A fresh browser context (its own cookies) on a page of the given width, signed in as
    /// <paramref name="signInAs"/> (a demo account; null for an anonymous visitor).</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string? signInAs = Admin)
    {
        await EnsureStartedAsync();
        var session = signInAs is null ? null
            : await _sessions.GetOrAdd(signInAs, email => new Lazy<Task<string>>(() => SignInOnceAsync(email))).Value;
        return await NewContextPageAsync(width, height, session);
    }

    /// <summary>A JSON write through the page's cookies, sent as a script on the site's own page sends it (with the
    /// site as its <c>Origin</c>): the app refuses cookie-carried writes that do not show where they come from.</summary>
    public APIRequestContextOptions OwnPageWrite(object data) => new()
    {
        DataObject = data,
        Headers = new Dictionary<string, string> { ["Origin"] = BaseAddress.GetLeftPart(UriPartial.Authority) },
    };

    /// <summary>Signs in through the sign-in page as a person would, and keeps the session's cookies.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = AppFactory.DemoPassword)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal)) await page.GotoAsync("/account/login");
        await page.Locator("[data-testid=login-email]").FillAsync(email);
        await page.Locator("[data-testid=login-password]").FillAsync(password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        // The cookie comes with the redirect; the page it leads to need not finish loading.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Waits until the page's live connection is up, so typing and clicks reach the server.</summary>
    public static Task WaitInteractiveAsync(IPage page) => page.Locator(".ct-body[data-interactive=true]").WaitForAsync();

    private async Task<string> SignInOnceAsync(string email)
    {
        var page = await NewContextPageAsync(1280, 800, null);
        try
        {
            await SignInAsync(page, email);
            return await page.Context.StorageStateAsync();
        }
        finally { await page.Context.CloseAsync(); }
    }

    private async Task<IPage> NewContextPageAsync(int width, int height, string? storageState)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US", // the app must still speak Vietnamese first, whatever the browser says
            StorageState = storageState,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private async Task EnsureStartedAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Browser tests need Debian's Chromium at {ChromiumPath} (apt-get install chromium); .ci/run installs it.";
            if (TestEnvironment.RequireAll) Assert.Fail(reason + " CIVICTRACK_REQUIRE_ALL=1 forbids skipping.");
            Assert.Skip(reason);
        }
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null) return;
            _app = new AppFactory(DatabaseProvider.Sqlite);
            _app.StartKestrel();
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic"],
            });
        }
        finally { _gate.Release(); }
    }

    /// <summary>The first element matching the selector that holds the text, once it is there.</summary>
    public static async Task<ILocator> WaitFor(IPage page, string selector, string text)
    {
        var locator = page.Locator(selector).Filter(new LocatorFilterOptions { HasText = text }).First;
        await locator.WaitForAsync();
        return locator;
    }

    /// <summary>Keeps a screenshot beside the test results, for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
