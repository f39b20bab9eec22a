using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Demo;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.OpenData;
using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CivicTrack.Tests.OpenData;

/// <summary>The open-data portal as a citizen, a harvester and a manager meet it: catalogues in CKAN's, DCAT-AP's and
/// DCAT-US's shapes, small counts suppressed in every format, caching, unpublished datasets hidden, validation.</summary>
public abstract class OpenDataTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Ckan_actions_answer_in_ckans_shape_with_paging_search_and_not_found_errors()
    {
        using var client = App.CreateClient();
        var list = await JsonAsync(await client.GetAsync("/api/3/action/package_list", Ct));
        Assert.True(list.GetProperty("success").GetBoolean());
        Assert.StartsWith("http", list.GetProperty("help").GetString());
        var names = list.GetProperty("result").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string?> { DemoOpenData.KeyIndicators, DemoOpenData.Households, DemoOpenData.Dossiers, DemoOpenData.ReportingRates });
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var search = await JsonAsync(await client.GetAsync("/api/3/action/package_search?q=" + Uri.EscapeDataString("báo cáo"), Ct));
        var found = search.GetProperty("result");
        Assert.Contains(found.GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == DemoOpenData.ReportingRates);
        Assert.Equal(found.GetProperty("count").GetInt32(), found.GetProperty("results").GetArrayLength());
        // By keyword only ("vneid" is a keyword of the household dataset, not in its title).
        var byKeyword = await JsonAsync(await client.GetAsync("/api/3/action/package_search?q=vneid", Ct));
        // (Another test of this class may publish a dataset of its own about VNeID; the demo's other three do not match.)
        var matched = byKeyword.GetProperty("result").GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains(DemoOpenData.Households, matched);
        Assert.DoesNotContain(matched, n => n is DemoOpenData.KeyIndicators or DemoOpenData.Dossiers or DemoOpenData.ReportingRates);

        var all = (await JsonAsync(await client.GetAsync("/api/3/action/package_search", Ct))).GetProperty("result");
        var page = (await JsonAsync(await client.GetAsync("/api/3/action/package_search?rows=2&start=1", Ct))).GetProperty("result");
        Assert.Equal(names.Count, page.GetProperty("count").GetInt32());
        Assert.Equal(all.GetProperty("results").EnumerateArray().Skip(1).Take(2).Select(r => r.GetProperty("name").GetString()),
            page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        var tooMany = await client.GetAsync("/api/3/action/package_search?rows=5000", Ct);
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        var tooManyBody = await JsonAsync(tooMany);
        Assert.False(tooManyBody.GetProperty("success").GetBoolean());
        Assert.Equal("Validation Error", tooManyBody.GetProperty("error").GetProperty("__type").GetString());
        Assert.True(tooManyBody.GetProperty("error").TryGetProperty("rows", out _));

        var show = await JsonAsync(await client.GetAsync($"/api/3/action/package_show?id={DemoOpenData.Dossiers}", Ct));
        var package = show.GetProperty("result");
        foreach (var field in new[] { "id", "name", "title", "notes", "license_id", "license_title", "license_url", "metadata_created", "metadata_modified", "organization", "tags", "extras", "num_resources", "resources" })
            Assert.True(package.TryGetProperty(field, out _), $"package_show lacks {field}");
        Assert.Equal("CC-BY-4.0", package.GetProperty("license_id").GetString());
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", package.GetProperty("license_url").GetString());
        Assert.Equal(3, package.GetProperty("num_resources").GetInt32());
        var resource = package.GetProperty("resources")[0];
        foreach (var field in new[] { "id", "name", "format", "mimetype", "url", "package_id", "last_modified" })
            Assert.True(resource.TryGetProperty(field, out _), $"resource lacks {field}");
        Assert.EndsWith($"/open/{DemoOpenData.Dossiers}.csv", resource.GetProperty("url").GetString());
        Assert.Equal(package.GetProperty("id").GetString(), resource.GetProperty("package_id").GetString());
        // The same package by its id.
        var byId = await JsonAsync(await client.GetAsync($"/api/3/action/package_show?id={package.GetProperty("id").GetString()}", Ct));
        Assert.Equal(DemoOpenData.Dossiers, byId.GetProperty("result").GetProperty("name").GetString());

        var missing = await client.GetAsync("/api/3/action/package_show?id=no-such-dataset", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = await JsonAsync(missing);
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Equal("Not Found Error", error.GetProperty("error").GetProperty("__type").GetString());
        Assert.True(error.GetProperty("error").TryGetProperty("message", out _));
    }

    [Fact]
    public async Task Dcat_ap_and_dcat_us_catalogues_carry_the_required_fields()
    {
        using var client = App.CreateClient();
        var dcat = await client.GetAsync("/catalog.jsonld", Ct);
        Assert.Equal("application/ld+json", dcat.Content.Headers.ContentType?.MediaType);
        var catalog = await JsonAsync(dcat);
        var context = catalog.GetProperty("@context");
        foreach (var prefix in new[] { "dcat", "dct", "foaf", "vcard" }) Assert.StartsWith("http", context.GetProperty(prefix).GetString());
        Assert.Equal("dcat:Catalog", catalog.GetProperty("@type").GetString());
        foreach (var field in new[] { "dct:title", "dct:description", "dct:publisher" }) Assert.True(catalog.TryGetProperty(field, out _), field);
        var datasets = catalog.GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.True(datasets.Count >= 4);
        foreach (var d in datasets)
        {
            Assert.Equal("dcat:Dataset", d.GetProperty("@type").GetString());
            foreach (var field in new[] { "dct:identifier", "dct:title", "dct:description", "dcat:keyword", "dct:issued", "dct:modified", "dct:license",
                         "dct:publisher", "dcat:contactPoint", "dct:accrualPeriodicity", "dcat:distribution" })
                Assert.True(d.TryGetProperty(field, out _), $"{d.GetProperty("dct:identifier")} lacks {field}");
            foreach (var dist in d.GetProperty("dcat:distribution").EnumerateArray())
            {
                Assert.Equal("dcat:Distribution", dist.GetProperty("@type").GetString());
                foreach (var field in new[] { "dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:format", "dct:license" })
                    Assert.True(dist.TryGetProperty(field, out _), field);
                Assert.StartsWith("http://localhost/open/", dist.GetProperty("dcat:downloadURL").GetProperty("@id").GetString());
            }
        }

        var us = await JsonAsync(await client.GetAsync("/data.json", Ct));
        Assert.Equal("https://project-open-data.cio.gov/v1.1/schema", us.GetProperty("conformsTo").GetString());
        Assert.Equal("dcat:Catalog", us.GetProperty("@type").GetString());
        Assert.True(us.TryGetProperty("describedBy", out _));
        foreach (var d in us.GetProperty("dataset").EnumerateArray())
        {
            foreach (var field in new[] { "title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel", "license", "accrualPeriodicity", "distribution" })
                Assert.True(d.TryGetProperty(field, out _), $"data.json dataset lacks {field}");
            Assert.Equal("public", d.GetProperty("accessLevel").GetString());
            Assert.Equal("org:Organization", d.GetProperty("publisher").GetProperty("@type").GetString());
            Assert.StartsWith("mailto:", d.GetProperty("contactPoint").GetProperty("hasEmail").GetString());
            Assert.Matches("^R/P", d.GetProperty("accrualPeriodicity").GetString()!);
            Assert.True(DateTimeOffset.TryParse(d.GetProperty("modified").GetString(), out _));
            Assert.NotEmpty(d.GetProperty("keyword").EnumerateArray());
            foreach (var dist in d.GetProperty("distribution").EnumerateArray())
                Assert.True(dist.TryGetProperty("downloadURL", out _) && dist.TryGetProperty("mediaType", out _));
        }
    }

    /// <summary>Builds a dataset over a month no one has reported and writes, through the ordinary API, one commune's
    /// three households with VNeID among 400: its count and its percentage must not leave the server in any format.</summary>
    [Fact]
    public Task A_small_count_is_suppressed_in_every_format_and_published_figures_follow_later_changes() => SuppressionScenarioAsync(App);

    public static async Task SuppressionScenarioAsync(AppFactory App)
    {
        var admin = await App.SignedInAsync("admin@demo.local");
        var slug = "ho-vneid-" + App.Provider.ToString().ToLowerInvariant();
        var created = await admin.PostAsJsonAsync("/api/open-datasets", new OpenDatasetInput(slug, "Hộ có VNeID theo xã",
            Kind: OpenDatasetKind.Indicators, Items: ["IND_HH_VNEID_PCT", "HH_VNEID", "HH_TOTAL"], Unit: "08", UnitKinds: ["Commune", "Ward"],
            PeriodType: OpenDataPeriodType.Month, PeriodFrom: "2030-01", PeriodTo: "2030-01", Published: true), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        async Task PutAsync(params DataValueInput[] values) =>
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/data-values", new DataValueBatch(values), Json.Options, Ct)).StatusCode);
        await PutAsync(new("HH_VNEID", "08051", "2030-01", 3), new("HH_TOTAL", "08051", "2030-01", 400),
            new("HH_VNEID", "08052", "2030-01", 40), new("HH_TOTAL", "08052", "2030-01", 500),
            new("HH_VNEID", "08011", "2030-01", 60), new("HH_TOTAL", "08011", "2030-01", 600));

        using var citizen = App.CreateClient();
        // JSON: null with "suppressed": true, for the count and for the percentage computed from it.
        var json = await JsonAsync(await citizen.GetAsync($"/open/{slug}.json", Ct));
        Assert.Equal(5, json.GetProperty("suppressBelow").GetInt32());
        JsonElement Row(JsonElement j, string unit, string item) =>
            j.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == unit && r.GetProperty("item").GetString() == item);
        foreach (var item in new[] { "HH_VNEID", "IND_HH_VNEID_PCT" })
        {
            var cell = Row(json, "08051", item);
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("value").ValueKind);
            Assert.True(cell.GetProperty("suppressed").GetBoolean(), item);
        }
        Assert.Equal(400, Row(json, "08051", "HH_TOTAL").GetProperty("value").GetDouble());
        // Complementary: the province total is published, so one more commune's count is withheld too.
        Assert.True(Row(json, "08052", "HH_VNEID").GetProperty("suppressed").GetBoolean());
        Assert.Equal(60, Row(json, "08011", "HH_VNEID").GetProperty("value").GetDouble());
        Assert.Equal(103, Row(json, "08", "HH_VNEID").GetProperty("value").GetDouble());

        // CSV: empty value and the flag.
        var csv = (await citizen.GetStringAsync($"/open/{slug}.csv", Ct)).Split('\n');
        var csvLine = csv.Single(l => l.StartsWith("08051,", StringComparison.Ordinal) && l.Contains(",HH_VNEID,", StringComparison.Ordinal));
        Assert.EndsWith(",,suppressed", csvLine.TrimEnd('\r'));
        Assert.EndsWith(",,suppressed", csv.Single(l => l.StartsWith("08051,", StringComparison.Ordinal) && l.Contains(",IND_HH_VNEID_PCT,", StringComparison.Ordinal)).TrimEnd('\r'));
        Assert.Contains(csv, l => l.StartsWith("08011,", StringComparison.Ordinal) && l.Contains(",HH_VNEID,", StringComparison.Ordinal) && l.TrimEnd('\r').EndsWith(",60,", StringComparison.Ordinal));

        // XLSX: "<5" and the flag, with the explanation under the table.
        var xlsx = await citizen.GetByteArrayAsync($"/open/{slug}.xlsx", Ct);
        var rows = new MemoryStream(xlsx).Query().Cast<IDictionary<string, object?>>().ToList();
        var xlsxRow = rows.Single(r => Equals(r["A"], "08051") && Equals(r["D"], "HH_VNEID"));
        Assert.Equal("<5", xlsxRow["G"]);
        Assert.False(string.IsNullOrEmpty(xlsxRow["H"] as string));
        Assert.Contains(rows, r => r.Values.OfType<string>().Any(v => v.Contains("<5", StringComparison.Ordinal) && v.Length > 20));
        Assert.DoesNotContain(rows, r => Equals(r["A"], "08051") && r["G"] is double d && d is 3 or 0.75);

        // The page: "<5" marked in the commune's row, the explanation under the table.
        var html = await citizen.GetStringAsync($"/open/{slug}", Ct);
        var tr = html[html.IndexOf("Thượng Tân</th>", StringComparison.Ordinal)..];
        tr = tr[..tr.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Equal(2, tr.Split("data-suppressed=\"true\"").Length - 1);
        Assert.Contains("&lt;5", tr);
        Assert.Contains("data-testid=\"open-suppression-note\"", html);

        // A value changed after publishing shows at once, under a new entity tag.
        var before = await citizen.GetAsync($"/open/{slug}.json", Ct);
        await PutAsync(new DataValueInput("HH_VNEID", "08011", "2030-01", 75));
        var after = await citizen.GetAsync($"/open/{slug}.json", Ct);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(75, Row(await JsonAsync(after), "08011", "HH_VNEID").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Pages_and_downloads_are_static_cached_and_answer_304_to_their_entity_tag()
    {
        using var client = App.CreateClient();
        foreach (var path in new[] { "/open", $"/open/{DemoOpenData.KeyIndicators}", $"/open/{DemoOpenData.KeyIndicators}.csv", "/data.json" })
        {
            var first = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: not null }, $"{path}: {first.Headers.CacheControl}");
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(tag);
            var second = await client.SendAsync(again, Ct);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Equal(tag, second.Headers.ETag);
            Assert.Empty(await second.Content.ReadAsByteArrayAsync(Ct));
        }
        // Compressed for clients that accept it, under its own tag, to the same bytes.
        var plain = await client.GetByteArrayAsync($"/open/{DemoOpenData.KeyIndicators}.json", Ct);
        using (var zipped = new HttpRequestMessage(HttpMethod.Get, $"/open/{DemoOpenData.KeyIndicators}.json"))
        {
            zipped.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            var response = await client.SendAsync(zipped, Ct);
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            var compressed = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.True(compressed.Length < plain.Length / 3, $"{compressed.Length} of {plain.Length} bytes");
            using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
            using var back = new MemoryStream();
            await unzip.CopyToAsync(back, Ct);
            Assert.Equal(plain, back.ToArray());
            Assert.EndsWith("-gz\"", response.Headers.ETag!.Tag);
        }

        var page = await client.GetStringAsync($"/open/{DemoOpenData.KeyIndicators}", Ct);
        Assert.DoesNotContain("<!--Blazor:", page);
        Assert.DoesNotContain("blazor.web.js", page);
        Assert.Contains("<html lang=\"vi\"", page);
        Assert.Contains("data-testid=\"open-table\"", page);
        Assert.Contains("<svg", page);

        // The language is part of the tag: English has its own.
        var english = await client.GetAsync($"/open/{DemoOpenData.KeyIndicators}?culture=en-GB", Ct);
        Assert.Contains("<html lang=\"en\"", await english.Content.ReadAsStringAsync(Ct));
        var vietnamese = await client.GetAsync($"/open/{DemoOpenData.KeyIndicators}", Ct);
        Assert.NotEqual(vietnamese.Headers.ETag, english.Headers.ETag);
    }

    [Fact]
    public async Task Unpublished_datasets_are_invisible_and_bad_definitions_name_the_field_and_store_nothing()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var slug = "nhap-" + Provider;
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/open-datasets",
            new OpenDatasetInput(slug, "Bản nháp", Kind: OpenDatasetKind.Dossiers, Unit: "08", Published: false), Json.Options, Ct)).StatusCode);
        using var citizen = App.CreateClient();
        foreach (var path in new[] { $"/open/{slug}", $"/open/{slug}.csv", $"/open/{slug}.json" })
            Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/api/3/action/package_show?id={slug}", Ct)).StatusCode);
        Assert.DoesNotContain(slug, await citizen.GetStringAsync("/api/3/action/package_list", Ct));
        Assert.DoesNotContain(slug, await citizen.GetStringAsync("/data.json", Ct));
        Assert.DoesNotContain(slug, await citizen.GetStringAsync("/open", Ct));
        // Published later, it appears.
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync($"/api/open-datasets/{slug}", new OpenDatasetInput(null, null, Published: true), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/open/{slug}", Ct)).StatusCode);

        await using var fingerprint = await DatabaseFingerprint.OpenAsync(App.Services.GetRequiredService<IDbContextFactory<AppDb>>(), Ct);
        var before = await fingerprint.ComputeAsync(Ct);
        var bad = await manager.PostAsJsonAsync("/api/open-datasets", new OpenDatasetInput("Bad slug!", null, Licence: "MIT",
            Kind: OpenDatasetKind.Households, Items: ["IND_DOSSIERS_ON_TIME_PCT", "NO_SUCH_CODE"], Unit: "99999", PeriodFrom: "2025Q1"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        foreach (var field in new[] { "slug", "title", "licence", "items", "unit", "periodFrom" })
            Assert.True(errors.TryGetProperty(field, out _), $"no problem named {field}: {errors}");
        var conflict = await manager.PutAsJsonAsync($"/api/open-datasets/{slug}", new OpenDatasetInput(DemoOpenData.Dossiers, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        Assert.True((await JsonAsync(conflict)).GetProperty("errors").TryGetProperty("slug", out _));
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));
    }

    [Fact]
    public async Task No_download_carries_household_codes_team_members_or_dossier_codes()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var households = await db.HouseholdSupportEntries.Select(h => h.Household).Distinct().Take(200).ToListAsync(Ct);
        var members = await db.CommunityTeamMembers.Select(m => new { m.FullName, m.Phone }).Take(200).ToListAsync(Ct);
        var dossiers = await db.Dossiers.Select(d => d.Code).Take(200).ToListAsync(Ct);
        Assert.NotEmpty(households);
        Assert.NotEmpty(members);
        using var client = App.CreateClient();
        foreach (var slug in new[] { DemoOpenData.Households, DemoOpenData.KeyIndicators, DemoOpenData.Dossiers, DemoOpenData.ReportingRates })
            foreach (var format in new[] { ".csv", ".json", "" })
            {
                var text = await client.GetStringAsync($"/open/{slug}{format}", Ct);
                Assert.DoesNotContain(households, h => text.Contains("," + h + ",", StringComparison.Ordinal) || text.Contains("\"" + h + "\"", StringComparison.Ordinal));
                Assert.DoesNotContain(members, m => m.FullName.Length > 0 && text.Contains(m.FullName, StringComparison.Ordinal)
                    || m.Phone is { Length: > 5 } phone && text.Contains(phone, StringComparison.Ordinal));
                Assert.DoesNotContain(dossiers, d => text.Contains(d, StringComparison.Ordinal));
            }
    }

    private string Provider => App.Provider.ToString().ToLowerInvariant();
}

public sealed class OpenDataSqliteTests(SqliteDemoApp app) : OpenDataTests(app), IClassFixture<SqliteDemoApp>;

/// <summary>On PostgreSQL, the scenario that reads and writes through the database: suppression and a later change.</summary>
public sealed class OpenDataPostgresTests(PostgresDemoApp app) : IClassFixture<PostgresDemoApp>
{
    [Fact]
    public Task A_small_count_is_suppressed_in_every_format_and_published_figures_follow_later_changes() => OpenDataTests.SuppressionScenarioAsync(app.App);
}

/// <summary>The portal's per-address limit, on an instance without the demo and with a tiny limit.</summary>
public sealed class OpenDataRateLimitTests
{
    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite, loadDemo: false) { Settings = { ["OpenData:RequestsPerMinute"] = "3" } };
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/3/action/package_list", TestContext.Current.CancellationToken)).StatusCode);
        var refused = await client.GetAsync("/data.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {refused.Headers.RetryAfter}");
    }
}
