using System.Net;
using CivicTrack.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CivicTrack.Tests.Organisation;

/// <summary>What the server answers a person for addresses that lead nowhere, and for units out of their reach:
/// a page in the app's layout and the reader's language with 404, while the API keeps problem+json.</summary>
public sealed class PageAnswersTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Page(string url, string? culture = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (culture is not null) request.Headers.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
        return request;
    }

    [Theory]
    [InlineData(null, "Không tìm thấy trang này.", "Về trang chủ")]
    [InlineData("en-GB", "This page does not exist.", "Go to the home page")]
    [InlineData("bn-BD", "এই পৃষ্ঠাটি পাওয়া যায়নি।", "হোম পেজে ফিরে যান")]
    public async Task An_unknown_page_is_a_404_page_in_the_readers_language_with_a_way_home(string? culture, string title, string home)
    {
        using var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var response = await reporter.SendAsync(Page("/khong-co-trang-nay", culture), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains(title, html);
        Assert.Contains(home, html);
        Assert.Contains("href=\"/\"", html);
        Assert.Contains("mud-layout", html); // the app's own layout around it
    }

    [Fact]
    public async Task An_unknown_page_answers_a_visitor_who_is_not_signed_in_too()
    {
        var client = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.SendAsync(Page("/khong-co-trang-nay"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Không tìm thấy trang này.", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_unknown_api_path_stays_a_problem_in_json()
    {
        using var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var response = await reporter.SendAsync(Page("/api/khong-co-trang-nay"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plan_that_is_not_there_answers_404_with_the_not_found_page()
    {
        using var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var response = await reporter.SendAsync(Page("/plans/999999"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains("href=\"/\"", html);
    }

    [Fact]
    public async Task A_unit_above_ones_own_reads_not_accessible_and_any_other_unit_out_of_reach_reads_as_one_that_is_not_there()
    {
        using var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");

        // The province is on the reporter's own pages (the path to Thượng Tân): saying it exists tells nothing new.
        var above = await reporter.SendAsync(Page("/org/08", "en-GB"), Ct);
        var aboveHtml = await above.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"unit-no-access\"", aboveHtml);
        Assert.Contains("You do not have access to this unit", aboveHtml);
        Assert.Contains("Tỉnh Tuyên Quang", aboveHtml);

        // A neighbouring commune and a code nobody uses read the same, so the page tells nothing of units out of reach.
        var sibling = await reporter.SendAsync(Page("/org/08050", "en-GB"), Ct);
        var nowhere = await reporter.SendAsync(Page("/org/99999", "en-GB"), Ct);
        var siblingHtml = await sibling.Content.ReadAsStringAsync(Ct);
        Assert.Contains("There is no unit with code \"08050\" within your reach.", System.Net.WebUtility.HtmlDecode(siblingHtml));
        Assert.DoesNotContain("Xã Bắc Mê", siblingHtml);
        Assert.Contains("There is no unit with code \"99999\" within your reach.", System.Net.WebUtility.HtmlDecode(await nowhere.Content.ReadAsStringAsync(Ct)));
        Assert.DoesNotContain("You do not have access", siblingHtml);

        // The API keeps answering 404 for both.
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync("/api/org-units/08", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync("/api/org-units/08050", Ct)).StatusCode);
    }
}
