using System.Globalization;
using System.Text.Json.Nodes;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.OpenData.Pages;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.OpenData;

public static class OpenDataApi
{
    public const string RateLimit = "open-data";
    private const int MaxAge = 300;

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup("/api/open-datasets").WithTags("Open data");
        manage.MapGet("/", async (AccessScope scope, OpenDatasetService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(scope, ct)))
            .WithName("ListOpenDatasets").RequireAccess(Access.OpenDataRead).WithSummary("Every dataset (published or not) about the caller's units");
        manage.MapGet("/{slug}", async (string slug, AccessScope scope, OpenDatasetService s, IStringLocalizer<OpenDataResource> t, CancellationToken ct) =>
                (await s.GetAsync(scope, slug, ct)).ToHttp(t["Manage.NotFound"]))
            .WithName("GetOpenDataset").RequireAccess(Access.OpenDataRead).WithSummary("One dataset's definition");
        manage.MapPost("/", async (OpenDatasetInput input, AccessScope scope, OpenDatasetService s, IStringLocalizer<OpenDataResource> t, CancellationToken ct) =>
                (await s.SaveAsync(scope, null, input, ct)).ToHttp(t["Manage.NotFound"], null, d => $"/api/open-datasets/{d.Slug}"))
            .WithName("CreateOpenDataset").RequireAccess(Access.OpenDataManage).WithSummary("Define a dataset (published when published is true)");
        manage.MapPut("/{slug}", async (string slug, OpenDatasetInput input, AccessScope scope, OpenDatasetService s, IStringLocalizer<OpenDataResource> t, CancellationToken ct) =>
                (await s.SaveAsync(scope, slug, input, ct)).ToHttp(t["Manage.NotFound"]))
            .WithName("UpdateOpenDataset").RequireAccess(Access.OpenDataManage).WithSummary("Change a dataset; fields left out keep their value");
        manage.MapDelete("/{slug}", async (string slug, AccessScope scope, OpenDatasetService s, IStringLocalizer<OpenDataResource> t, CancellationToken ct) =>
                (await s.DeleteAsync(scope, slug, ct)).Kind == OutcomeKind.Ok ? Results.NoContent() : TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = t["Manage.NotFound"], Status = 404 }))
            .WithName("DeleteOpenDataset").RequireAccess(Access.OpenDataManage).WithSummary("Remove a dataset from the portal and the catalogues");

        // The portal, its downloads and the machine catalogues: anonymous, read-only, cached, rate-limited per address.
        app.MapGet("/open", ListPageAsync).ExcludeFromDescription().RequireAccess(Access.Public).RequireRateLimiting(RateLimit);
        app.MapGet("/open/{name}", DatasetAsync).ExcludeFromDescription().RequireAccess(Access.Public).RequireRateLimiting(RateLimit);
        app.MapGet("/catalog.jsonld", DcatAsync).WithTags("Open data").WithSummary("DCAT-AP catalogue (JSON-LD)").RequireAccess(Access.Public).RequireRateLimiting(RateLimit);
        app.MapGet("/data.json", DataJsonAsync).WithTags("Open data").WithSummary("DCAT-US (Project Open Data v1.1) catalogue").RequireAccess(Access.Public).RequireRateLimiting(RateLimit);
        var ckan = app.MapGroup("/api/3/action").WithTags("Open data").RequireAccess(Access.Public).RequireRateLimiting(RateLimit);
        ckan.MapGet("/package_list", PackageListAsync).WithName("CkanPackageList").WithSummary("CKAN: the published datasets' names");
        ckan.MapGet("/package_search", PackageSearchAsync).WithName("CkanPackageSearch").WithSummary("CKAN: search the published datasets (q, rows ≤ 1000, start)");
        ckan.MapGet("/package_show", PackageShowAsync).WithName("CkanPackageShow").WithSummary("CKAN: one published dataset by name or id");
        return app;
    }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static string BaseUrl(HttpContext http, IConfiguration config) =>
        config["OpenData:BaseUrl"] is { Length: > 0 } b ? b.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static async Task<OpenPublisher> PublisherAsync(HttpContext http, IConfiguration config, OrgDirectory directory, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        var name = OpenDataCatalogs.PublisherName(config, tree);
        var root = tree.Roots.FirstOrDefault();
        return new OpenPublisher(name, config["OpenData:PublisherId"] ?? "province-" + (root?.Code ?? "0"),
            config["OpenData:ContactEmail"] ?? "opendata@example.gov.vn", BaseUrl(http, config), Language);
    }

    /// <summary>Answers with the prepared bytes, or 304 when the client holds them already; public caching either way.</summary>
    private static IResult Send(HttpContext http, OpenAnswer answer, int status = 200)
    {
        var h = http.Response.Headers;
        var gzip = answer.Gzip is not null && status == 200 && AcceptsGzip(http.Request);
        var tag = gzip ? answer.GzipETag : answer.ETag;
        h.ETag = tag;
        h.CacheControl = status == 200 ? $"public, max-age={MaxAge}" : "no-store";
        h.Vary = "Accept-Encoding, Cookie";
        if (status == 200 && http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(t => t.Trim().TrimStart('W', '/') == tag))))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (status != 200) return Results.Text(System.Text.Encoding.UTF8.GetString(answer.Body), answer.ContentType, null, status);
        var body = answer.Body;
        if (gzip)
        {
            h.ContentEncoding = "gzip";
            body = answer.Gzip!;
        }
        return answer.FileName is { } file ? Results.File(body, answer.ContentType, file) : Results.Bytes(body, answer.ContentType);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e => e.Trim().StartsWith("gzip", StringComparison.OrdinalIgnoreCase)
            && !e.Replace(" ", "", StringComparison.Ordinal).EndsWith(";q=0", StringComparison.Ordinal)));

    private static async Task<byte[]> RenderAsync<T>(HttpContext http, Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return System.Text.Encoding.UTF8.GetBytes(html);
    }

    private const string Html = "text/html; charset=utf-8";

    private static async Task<IResult> ListPageAsync(HttpContext http, string? q, string? kind, string? keyword, OpenDataCatalog catalog, CancellationToken ct)
    {
        q = q?.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, 100)] : null;
        keyword = keyword?.Trim() is { Length: > 0 } k ? k[..Math.Min(k.Length, 50)] : null;
        OpenDatasetKind? kindFilter = Enum.TryParse<OpenDatasetKind>(kind, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _) ? parsed : null;
        var stamp = await catalog.StampAsync(ct);
        var key = $"page|list|{stamp}|{Language}|{q}|{kindFilter}|{keyword}";
        var answer = await catalog.AnswerAsync(key, async etag =>
        {
            var entries = new List<OpenEntry>();
            foreach (var d in await catalog.PublishedAsync(ct)) entries.Add(new(d, await catalog.TableAsync(d, ct)));
            var all = entries;
            var shown = entries.Where(e => OpenDataCatalogs.Matches(e.Dataset, q) && (kindFilter is null || e.Dataset.Kind == kindFilter)
                && (keyword is null || OpenDataQuery.List(e.Dataset.Keywords).Contains(keyword.ToLowerInvariant()))).ToList();
            var body = await RenderAsync<OpenListPage>(http, new()
            {
                [nameof(OpenListPage.Entries)] = shown, [nameof(OpenListPage.Total)] = all.Count,
                [nameof(OpenListPage.Keywords)] = all.SelectMany(e => OpenDataQuery.List(e.Dataset.Keywords)).Distinct().Order().ToList(),
                [nameof(OpenListPage.Query)] = q, [nameof(OpenListPage.Kind)] = kindFilter, [nameof(OpenListPage.Keyword)] = keyword,
            });
            return new OpenAnswer(body, Html, etag);
        });
        return Send(http, answer);
    }

    private static async Task<IResult> DatasetAsync(HttpContext http, string name, string? period, string? item, OpenDataCatalog catalog,
        IStringLocalizer<OpenDataResource> t, IConfiguration config, OrgDirectory directory, CancellationToken ct)
    {
        var dot = name.LastIndexOf('.');
        var (slug, format) = dot > 0 ? (name[..dot], name[(dot + 1)..].ToLowerInvariant()) : (name, "html");
        if (format is not ("html" or "csv" or "json" or "xlsx")) return Results.NotFound();
        if (await catalog.FindAsync(slug, ct) is not { } d || d.Slug != slug) return Results.NotFound();
        var table = await catalog.TableAsync(d, ct);
        var language = Language;
        var baseKey = $"{d.Id}|{d.ModifiedAt.Ticks}|{table.Hash}|{table.Modified.Ticks}|{language}";
        OpenAnswer answer;
        switch (format)
        {
            case "csv":
                answer = await catalog.AnswerAsync($"csv|{baseKey}", etag =>
                    Task.FromResult(new OpenAnswer(OpenDataFormats.Csv(table, language, t), "text/csv; charset=utf-8", etag, $"{d.Slug}.csv")));
                break;
            case "json":
                var url = OpenDataCatalogs.DatasetUrl(await PublisherAsync(http, config, directory, ct), d);
                answer = await catalog.AnswerAsync($"json|{baseKey}|{url}", etag =>
                    Task.FromResult(new OpenAnswer(OpenDataFormats.Json(d, table, language, url, t), "application/json; charset=utf-8", etag, $"{d.Slug}.json")));
                break;
            case "xlsx":
                answer = await catalog.AnswerAsync($"xlsx|{baseKey}", etag =>
                    Task.FromResult(new OpenAnswer(OpenDataFormats.Xlsx(d, table, language, t), Workbook.ContentType, etag, $"{d.Slug}.xlsx")));
                break;
            default:
                var shownPeriod = period is not null && table.Periods.Contains(period) ? period : table.Periods.LastOrDefault();
                var shownItem = item is not null && table.Columns.Any(c => c.Code == item) ? item : table.Columns.FirstOrDefault()?.Code;
                var publisher = OpenDataCatalogs.PublisherName(config, await directory.TreeAsync(ct));
                answer = await catalog.AnswerAsync($"page|{baseKey}|{shownPeriod}|{shownItem}", async etag =>
                    new OpenAnswer(await RenderAsync<OpenDatasetPage>(http, new()
                    {
                        [nameof(OpenDatasetPage.Dataset)] = d, [nameof(OpenDatasetPage.Table)] = table,
                        [nameof(OpenDatasetPage.Period)] = shownPeriod, [nameof(OpenDatasetPage.Item)] = shownItem,
                        [nameof(OpenDatasetPage.Publisher)] = publisher,
                    }), Html, etag));
                break;
        }
        return Send(http, answer);
    }

    private static async Task<List<OpenEntry>> EntriesAsync(OpenDataCatalog catalog, CancellationToken ct)
    {
        var list = new List<OpenEntry>();
        foreach (var d in await catalog.PublishedAsync(ct)) list.Add(new(d, await catalog.TableAsync(d, ct)));
        return list;
    }

    private static async Task<IResult> DcatAsync(HttpContext http, OpenDataCatalog catalog, IConfiguration config, OrgDirectory directory,
        IStringLocalizer<OpenDataResource> t, CancellationToken ct)
    {
        var p = await PublisherAsync(http, config, directory, ct);
        var stamp = await catalog.StampAsync(ct);
        var answer = await catalog.AnswerAsync($"dcat|{stamp}|{p}", async etag =>
            new OpenAnswer(OpenDataCatalogs.DcatAp(p, t["Catalog.Title", p.Name], t["Catalog.Description", p.Name], await EntriesAsync(catalog, ct)), "application/ld+json; charset=utf-8", etag));
        return Send(http, answer);
    }

    private static async Task<IResult> DataJsonAsync(HttpContext http, OpenDataCatalog catalog, IConfiguration config, OrgDirectory directory, CancellationToken ct)
    {
        var p = await PublisherAsync(http, config, directory, ct);
        var stamp = await catalog.StampAsync(ct);
        var answer = await catalog.AnswerAsync($"datajson|{stamp}|{p}", async etag =>
            new OpenAnswer(OpenDataCatalogs.DataJson(p, await EntriesAsync(catalog, ct)), "application/json; charset=utf-8", etag));
        return Send(http, answer);
    }

    private const string Json = "application/json; charset=utf-8";
    private static string Help(OpenPublisher p, string action) => $"{p.BaseUrl}/api/3/action/help_show?name={action}";

    private static async Task<IResult> PackageListAsync(HttpContext http, OpenDataCatalog catalog, IConfiguration config, OrgDirectory directory, CancellationToken ct)
    {
        var p = await PublisherAsync(http, config, directory, ct);
        var stamp = await catalog.StampAsync(ct);
        var answer = await catalog.AnswerAsync($"ckan-list|{stamp}|{p}", async etag =>
            new OpenAnswer(OpenDataCatalogs.Ckan(Help(p, "package_list"),
                new JsonArray([.. (await catalog.PublishedAsync(ct)).Select(d => (JsonNode)JsonValue.Create(d.Slug)!)])), Json, etag));
        return Send(http, answer);
    }

    private static async Task<IResult> PackageSearchAsync(HttpContext http, string? q, string? rows, string? start, OpenDataCatalog catalog,
        IConfiguration config, OrgDirectory directory, IStringLocalizer<OpenDataResource> t, CancellationToken ct)
    {
        var p = await PublisherAsync(http, config, directory, ct);
        var help = Help(p, "package_search");
        var take = 10;
        if (rows is not null && (!int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take > 1000))
            return CkanInvalid(http, help, "rows", t["Ckan.Rows"]);
        var skip = 0;
        if (start is not null && !int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
            return CkanInvalid(http, help, "start", t["Ckan.Start"]);
        q = q?.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, 200)] : null;
        var stamp = await catalog.StampAsync(ct);
        var answer = await catalog.AnswerAsync($"ckan-search|{stamp}|{p}|{q}|{take}|{skip}", async etag =>
        {
            var found = (await EntriesAsync(catalog, ct)).Where(e => OpenDataCatalogs.Matches(e.Dataset, q))
                .OrderByDescending(e => e.Table.Modified).ThenBy(e => e.Dataset.Slug, StringComparer.Ordinal).ToList();
            var result = new JsonObject
            {
                ["count"] = found.Count,
                ["sort"] = "score desc, metadata_modified desc",
                ["facets"] = new JsonObject(),
                ["search_facets"] = new JsonObject(),
                ["results"] = new JsonArray([.. found.Skip(skip).Take(take).Select(e => (JsonNode)OpenDataCatalogs.CkanPackage(p, e))]),
            };
            return new OpenAnswer(OpenDataCatalogs.Ckan(help, result), Json, etag);
        });
        return Send(http, answer);
    }

    private static async Task<IResult> PackageShowAsync(HttpContext http, string? id, OpenDataCatalog catalog, IConfiguration config, OrgDirectory directory,
        IStringLocalizer<OpenDataResource> t, CancellationToken ct)
    {
        var p = await PublisherAsync(http, config, directory, ct);
        var help = Help(p, "package_show");
        if (string.IsNullOrWhiteSpace(id)) return CkanInvalid(http, help, "id", t["Ckan.Missing"]);
        id = id.Trim();
        if (id.StartsWith(p.Slug + "-", StringComparison.Ordinal)) id = id[(p.Slug.Length + 1)..];
        var d = await catalog.FindAsync(id, ct);
        if (d is null)
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(System.Text.Encoding.UTF8.GetString(OpenDataCatalogs.CkanError(help, "Not Found Error", t["Ckan.NotFound"])), Json, null, StatusCodes.Status404NotFound);
        }
        var table = await catalog.TableAsync(d, ct);
        var answer = await catalog.AnswerAsync($"ckan-show|{d.Id}|{d.ModifiedAt.Ticks}|{table.Hash}|{table.Modified.Ticks}|{p}", etag =>
            Task.FromResult(new OpenAnswer(OpenDataCatalogs.Ckan(help, OpenDataCatalogs.CkanPackage(p, new OpenEntry(d, table))), Json, etag)));
        return Send(http, answer);
    }

    private static IResult CkanInvalid(HttpContext http, string help, string field, string message)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(System.Text.Encoding.UTF8.GetString(OpenDataCatalogs.CkanError(help, "Validation Error", message, field)), Json, null, StatusCodes.Status409Conflict);
    }
}
