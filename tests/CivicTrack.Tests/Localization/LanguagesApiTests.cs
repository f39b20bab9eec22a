using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Localization;

/// <summary>Names travel through the API as maps of language → text; a plain string is the Vietnamese.</summary>
public abstract class LanguagesApiTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_name_is_written_as_a_map_read_as_a_map_or_a_string_and_shown_in_the_readers_language()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var code = $"L_{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var created = await manager.PostAsync("/api/data-elements", Json($$"""
            {"code": "{{code}}", "name": {"vi": "Hộ được hỗ trợ", "en": "Households helped", "bn": "সহায়তা পাওয়া পরিবার"},
             "valueType": "Integer", "aggregation": "Sum", "unit": "hộ"}
            """), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("সহায়তা পাওয়া পরিবার", (string?)body["name"]!["bn"]);
        Assert.Equal("hộ", (string?)body["unit"]!["vi"]);
        Assert.Null(body["unit"]!["en"]);

        var analytics = await manager.GetAsync($"/api/analytics?indicators={code}&units=08051&periods=2025-01&culture=bn-BD", Ct);
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
        Assert.Contains("সহায়তা পাওয়া পরিবার", await analytics.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var english = await manager.GetStringAsync($"/api/analytics?indicators={code}&units=08051&periods=2025-01&culture=en-GB", Ct);
        Assert.Contains("Households helped", english, StringComparison.Ordinal);

        // A plain string replaces the map with a Vietnamese name alone.
        var renamed = await manager.PutAsync($"/api/data-elements/{code}", Json("""{"name": "Hộ được hỗ trợ (mới)"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var now = JsonNode.Parse(await renamed.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("""{"vi":"Hộ được hỗ trợ (mới)"}""", now["name"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("""{"vi": "Tên", "xx": "?"}""", "name.xx")]
    [InlineData("""{"en": "Only English"}""", "name.vi")]
    [InlineData("""{"vi": "Dòng\nhai"}""", "name.vi")]
    public async Task A_bad_name_is_a_400_naming_the_language(string name, string field)
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var code = $"L_{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var response = await manager.PostAsync("/api/data-elements", Json($$"""{"code": "{{code}}", "name": {{name}}, "valueType": "Integer", "aggregation": "Sum"}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"vi": 5}""")]
    [InlineData("""["vi"]""")]
    public async Task A_name_that_is_not_text_is_a_400_not_a_500(string name)
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var response = await manager.PostAsync("/api/pillars", Json($$"""{"code": "bad-name", "name": {{name}}}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_language_switch_offers_every_configured_language_and_remembers_bengali()
    {
        var client = shared.App.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/account/login", Ct);
        foreach (var language in new[] { "vi", "en", "bn" })
            Assert.Contains($"data-testid=\"lang-{language}\"", page, StringComparison.Ordinal);
        Assert.Contains("বাংলা", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\"", page, StringComparison.Ordinal);

        var chosen = await client.GetAsync("/culture/bn-BD?returnUrl=/account/login", Ct);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var cookie = chosen.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var bengali = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"bn\"", bengali, StringComparison.Ordinal);
        Assert.Matches("[\u0980-\u09FF]{3,}", bengali);
    }
}

public sealed class LanguagesApiSqliteTests(SqliteDemoApp app) : LanguagesApiTests(app), IClassFixture<SqliteDemoApp>;

public sealed class LanguagesApiPostgresTests(PostgresDemoApp app) : LanguagesApiTests(app), IClassFixture<PostgresDemoApp>;
