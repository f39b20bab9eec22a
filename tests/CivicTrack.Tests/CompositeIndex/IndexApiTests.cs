using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Features.CompositeIndex;
using CivicTrack.Tests.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CivicTrack.Tests.CompositeIndex;

/// <summary>The composite index on the demo province: the DTI definition ranks the communes for 2025, definitions are checked
/// field by field before anything is stored, and the workbook and Word report carry the ranking the API gives.</summary>
public sealed class IndexApiTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;

    private async Task<(HttpClient Manager, int Id)> ManagerAsync() =>
        (await App.SignedInAsync("manager@demo.local"), await IndexSamples.DemoIdAsync(App));

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json.Options)!;
    }

    [Fact]
    public async Task The_demo_DTI_definition_ranks_the_communes_for_2025_with_scores_in_range_and_ranks_one_to_n()
    {
        var (manager, id) = await ManagerAsync();
        var a = await OkAsync<IndexRankingAnswer>(await manager.GetAsync($"/api/indices/{id}/ranking?period=2025", Ct));
        Assert.Equal("2025", a.Period);
        Assert.Equal("2024", a.PreviousPeriod);
        Assert.Equal(1000, a.TotalPoints);
        Assert.Equal(8, a.Pillars.Count);
        Assert.True(a.Rows.Count >= 90, $"{a.Rows.Count} communes and wards");
        Assert.All(a.Rows, r =>
        {
            Assert.NotNull(r.Score);
            Assert.InRange(r.Score!.Value, 0, 1);
            Assert.InRange(r.Points!.Value, 0, 1000);
            Assert.Equal(8, r.Pillars.Count);
            Assert.All(r.Pillars.Where(p => p.Score is not null), p => Assert.InRange(p.Score!.Value, 0, 1));
            Assert.Null(r.RankChange); // nothing was reported for 2024
        });
        // Ranks run 1..n in order, ties sharing the better rank.
        Assert.Equal(1, a.Rows[0].Rank);
        for (var i = 1; i < a.Rows.Count; i++)
        {
            Assert.True(a.Rows[i - 1].Score >= a.Rows[i].Score);
            Assert.Equal(a.Rows[i].Score == a.Rows[i - 1].Score ? a.Rows[i - 1].Rank : i + 1, a.Rows[i].Rank);
        }
        Assert.True(a.Rows[0].Score > a.Rows[^1].Score);

        // The rank ranges are reproducible with a seed and hold each unit's own rank.
        var s1 = await OkAsync<IndexSensitivityAnswer>(await manager.GetAsync($"/api/indices/{id}/sensitivity?period=2025&draws=200&seed=5", Ct));
        var s2 = await OkAsync<IndexSensitivityAnswer>(await manager.GetAsync($"/api/indices/{id}/sensitivity?period=2025&draws=200&seed=5", Ct));
        Assert.Equal(s1.Rows, s2.Rows);
        Assert.Equal(a.Rows.Count, s1.Rows.Count);
        Assert.All(s1.Rows, r => Assert.InRange(r.Rank!.Value, r.Min, r.Max));
        var tooMany = await manager.GetAsync($"/api/indices/{id}/sensitivity?period=2025&draws=5001", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("draws", await tooMany.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // A unit's profile shows the same total and its components' raw and normalised values.
        var top = a.Rows[0];
        var profile = await OkAsync<IndexProfileAnswer>(await manager.GetAsync($"/api/indices/{id}/units/{top.Unit}?period=2025", Ct));
        Assert.Equal((top.Score, top.Rank), (profile.Score, profile.Rank));
        Assert.Contains(profile.Pillars.SelectMany(p => p.Components), c => c.Raw is not null && c.Score is >= 0 and <= 1);
        // Without a period, the latest one that ranks anyone: 2025, the demo's last year of figures.
        Assert.Equal("2025", (await OkAsync<IndexRankingAnswer>(await manager.GetAsync($"/api/indices/{id}/ranking", Ct))).Period);
        Assert.Equal("2025", (await OkAsync<IndexProfileAnswer>(await manager.GetAsync($"/api/indices/{id}/units/{top.Unit}", Ct))).Period);

        // A commune account ranks only within its own units: its commune alone.
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var own = await OkAsync<IndexRankingAnswer>(await reporter.GetAsync($"/api/indices/{id}/ranking?period=2025", Ct));
        Assert.Equal(["08051"], own.Rows.Select(r => r.Unit));
        var other = await reporter.GetAsync($"/api/indices/{id}/ranking?period=2025&unit=08052", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    public static TheoryData<string, string> BadDefinitions => new()
    {
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","weight":0}]}]}""", "pillars[0].components[0].weight" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","weight":-2}]}]}""", "pillars[0].components[0].weight" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","weight":"NaN"}]}]}""", "weight" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","weight":1e999}]}]}""", "weight" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":"Infinity","components":[{"indicator":"IND_HH_VNEID_PCT"}]}]}""", "points" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":0,"components":[{"indicator":"IND_HH_VNEID_PCT"}]}]}""", "pillars[0].points" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"NO_SUCH_INDICATOR"}]}]}""", "pillars[0].components[0].indicator" },
        { """{"name":"X","pillars":[]}""", "pillars" },
        { """{"name":"X"}""", "pillars" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[]}]}""", "pillars" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","normalisation":"Rank"}]}]}""", "normalisation" },
        { """{"name":"X","aggregation":"Harmonic","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT"}]}]}""", "aggregation" },
        { """{"name":"X","pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT","normalisation":"DistanceToTarget"}]}]}""", "pillars[0].components[0].target" },
        { """{"pillars":[{"code":"p","name":"P","points":100,"components":[{"indicator":"IND_HH_VNEID_PCT"}]}]}""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task A_bad_definition_is_refused_naming_the_field_and_nothing_is_stored(string json, string field)
    {
        var (manager, id) = await ManagerAsync();
        var before = await CountsAsync();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/indices"), (HttpMethod.Put, $"/api/indices/{id}") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            var response = await manager.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {(int)response.StatusCode} {body}");
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
            Assert.True(errors.EnumerateObject().Any(e => e.Name.Contains(field, StringComparison.Ordinal)), $"{field} not named: {body}");
        }
        Assert.Equal(before, await CountsAsync());
    }

    private async Task<(int Definitions, string Structure, int Audit)> CountsAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var first = await db.IndexDefinitions.AsNoTracking().OrderBy(d => d.Id).FirstAsync(Ct);
        return (await db.IndexDefinitions.CountAsync(Ct), IndexModel.ToJson(first.Pillars), await db.Audit.CountAsync(Ct));
    }

    [Fact]
    public async Task A_definition_is_created_read_changed_and_deleted_and_a_viewer_may_not_write()
    {
        var (manager, _) = await ManagerAsync();
        var created = await OkAsync<IndexDefinitionDto>(await manager.PostAsync("/api/indices", IndexSamples.Body(IndexSamples.Valid("Chỉ số vòng đời")), Ct));
        Assert.Equal(350, created.TotalPoints);
        Assert.Equal("Xã hội số", created.Pillars[0].Name.Pick("vi")); // the library pillar lends its name
        var changed = await OkAsync<IndexDefinitionDto>(await manager.PutAsync($"/api/indices/{created.Id}",
            IndexSamples.Body(IndexSamples.Valid("Chỉ số vòng đời") with { Aggregation = Engine.CompositeIndex.Aggregation.Geometric }), Ct));
        Assert.Equal(Engine.CompositeIndex.Aggregation.Geometric, changed.Aggregation);
        var ranking = await OkAsync<IndexRankingAnswer>(await manager.GetAsync($"/api/indices/{created.Id}/ranking?period=2025", Ct));
        Assert.All(ranking.Rows.Where(r => r.Score is not null), r => Assert.InRange(r.Score!.Value, 0, 1));
        var viewer = await App.SignedInAsync("viewer@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/indices/{created.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.DeleteAsync($"/api/indices/{created.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/indices/{created.Id}", Ct)).StatusCode);
        var wrongPeriod = await manager.GetAsync($"/api/indices/{await IndexSamples.DemoIdAsync(App)}/ranking?period=2025Q1", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongPeriod.StatusCode);
        Assert.Contains("period", await wrongPeriod.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workbook_holds_the_ranking_of_the_API_and_the_Word_report_is_valid_and_names_the_top_unit()
    {
        var (manager, id) = await ManagerAsync();
        var a = await OkAsync<IndexRankingAnswer>(await manager.GetAsync($"/api/indices/{id}/ranking?period=2025", Ct));

        var xlsx = await manager.GetAsync($"/api/indices/{id}/ranking.xlsx?period=2025", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct));
        var rows = book.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        var header = rows.FindIndex(r => Equals(r["A"], "Hạng"));
        Assert.True(header >= 0, "the header row");
        var data = rows.Skip(header + 1).Where(r => r["B"] is string).ToList();
        Assert.Equal(a.Rows.Select(r => r.Unit), data.Select(r => (string)r["B"]!));
        for (var i = 0; i < a.Rows.Count; i++)
        {
            Assert.Equal((double)a.Rows[i].Rank!.Value, Convert.ToDouble(data[i]["A"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(a.Rows[i].Score!.Value, 4), Convert.ToDouble(data[i]["D"], System.Globalization.CultureInfo.InvariantCulture), 9);
        }

        var docx = await manager.GetAsync($"/api/indices/{id}/ranking.docx?period=2025", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false);
        var problems = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        var text = string.Concat(word.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains(a.Rows[0].UnitName, text, StringComparison.Ordinal);
        Assert.NotEmpty(word.MainDocumentPart.ImageParts);
    }
}
