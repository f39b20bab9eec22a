using CivicTrack.Data;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests;

/// <summary>The demo app on a real Kestrel server and Debian's Chromium driven by Playwright, shared by a test class.
/// Without Chromium the tests skip with a reason, unless CIVICTRACK_REQUIRE_ALL=1, where they fail.</summary>
public sealed class BrowserApp : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _app?.ServerAddress ?? throw new InvalidOperationException("Not started.");

    /// <summary>A fresh browser context (its own cookies) on a page of the given width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        await EnsureStartedAsync();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US", // the app must still speak Vietnamese first, whatever the browser says
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
