using System.Text.Json;
using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CivicTrack.Browser.Tests.Community;

/// <summary>The household log on a team member's phone, with the network switched off and on again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HouseholdLogTests(BrowserApp browser)
{
    private const string Team = "team.thuongtan@demo.local";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Send = """
        async body => {
            const r = await fetch('/api/household-support', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body });
            return JSON.stringify({ status: r.status, body: await r.json() });
        }
        """;

    [Fact]
    public async Task Three_households_recorded_offline_are_stored_exactly_once_when_the_network_returns_and_another_village_stays_out_of_reach()
    {
        var page = await browser.NewPageAsync(390, 844, Team);
        // Online first, so the service worker keeps the page; the way in is the card on the member's home.
        await page.GotoAsync("/");
        await page.Locator("[data-testid=home-household-open]").ClickAsync();
        await page.WaitForURLAsync("**/household/index.html");
        await page.Locator("body[data-hh-ready=true]").WaitForAsync();
        Assert.Equal("Thôn Nà Bó – Xã Thượng Tân", await page.Locator("[data-testid=hh-village]").InnerTextAsync());
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");

        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.Locator("body[data-hh-ready=true]").WaitForAsync();
        Assert.Equal("Mất mạng", await page.Locator("[data-testid=hh-network]").InnerTextAsync());
        Assert.Contains("Không có mạng", await page.Locator("[data-testid=hh-offline-note]").InnerTextAsync());

        var run = Random.Shared.Next(100, 999);
        string[] codes = [$"HL{run}-1", $"HL{run}-2", $"HL{run}-3"];
        for (var i = 0; i < codes.Length; i++)
        {
            await page.Locator("[data-testid=hh-household]").FillAsync(codes[i].ToLowerInvariant());
            await page.Locator("[data-testid=hh-VNEID-done]").ClickAsync();
            await page.Locator("[data-testid=hh-EWALLET-partly]").ClickAsync();
            await page.Locator("[data-testid=hh-save]").ClickAsync();
            // A member enters households back to back: saving frees the form at once, and nothing typed next is wiped.
        }
        await page.Locator("[data-testid=hh-waiting][data-count='3']").WaitForAsync();
        Assert.Equal("3 lượt chờ gửi", await page.Locator("[data-testid=hh-waiting]").InnerTextAsync());
        Assert.Equal(3, await page.Locator("[data-testid=hh-entry-state]", new() { HasText = "Chờ gửi" }).CountAsync());
        await BrowserApp.ScreenshotAsync(page, "household-log-offline-vi-390");

        var posts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/household-support", StringComparison.Ordinal) && request.PostData is { } body) posts.Add(body);
        };
        await page.Context.SetOfflineAsync(false);
        await page.Locator("[data-testid=hh-waiting][data-count='0']").WaitForAsync();
        Assert.Equal(3, await page.Locator("[data-testid=hh-entry-state]", new() { HasText = "Đã gửi" }).CountAsync());
        var sent = Assert.Single(posts);

        // The same request once more (a retry after a lost answer): every entry is already there.
        using (var again = JsonDocument.Parse(await page.EvaluateAsync<string>(Send, sent)))
        {
            Assert.Equal(200, again.RootElement.GetProperty("status").GetInt32());
            Assert.All(again.RootElement.GetProperty("body").GetProperty("results").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("status").GetString()));
        }

        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct))
        {
            var stored = await db.HouseholdSupportEntries.AsNoTracking().Include(e => e.Services).Where(e => codes.Contains(e.Household)).ToListAsync(Ct);
            Assert.Equal(codes.Order(), stored.Select(e => e.Household).Order());
            Assert.All(stored, e => Assert.Equal(2, e.Services.Count));
        }

        // A write for another commune's village is refused as outside, and nothing is stored.
        var outsideId = Guid.NewGuid();
        var outside = JsonSerializer.Serialize(new
        {
            entries = new[] { new { id = outsideId, village = "08052-01", household = "GT-001", date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                editedAt = DateTime.UtcNow.AddMinutes(-1).ToString("O"), services = new[] { new { service = "VNEID", outcome = "done" } } } },
        });
        using (var refused = JsonDocument.Parse(await page.EvaluateAsync<string>(Send, outside)))
        {
            var result = refused.RootElement.GetProperty("body").GetProperty("results")[0];
            Assert.Equal(("refused", "outside"), (result.GetProperty("status").GetString(), result.GetProperty("reason").GetString()));
        }
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct))
            Assert.False(await db.HouseholdSupportEntries.AnyAsync(e => e.Id == outsideId, Ct));
        await BrowserApp.ScreenshotAsync(page, "household-log-vi-390");
        await page.Context.CloseAsync();
    }
}
