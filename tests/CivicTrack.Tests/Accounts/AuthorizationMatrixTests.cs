using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Accounts;

/// <summary>The authorization matrix: every endpoint the app maps declares an <see cref="AccessRule"/>, and every API
/// endpoint answers each role × {inside scope, outside scope} and anonymous callers as its rule says.</summary>
public sealed class AuthorizationMatrixTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private enum Variant { Anonymous, Inside, Outside }

    private enum Expected { Allowed, Unauthenticated, Forbidden, OutsideRefused }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every route endpoint of the started app, framework ones included.</summary>
    private static List<RouteEndpoint> RouteEndpoints(AppFactory app)
    {
        app.CreateClient().Dispose();
        return [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];
    }

    private static IReadOnlyList<string> Methods(Endpoint e) => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];

    private static string Pattern(RouteEndpoint e) => e.RoutePattern.RawText ?? e.DisplayName ?? "?";

    private static string Describe(RouteEndpoint e) =>
        $"{(Methods(e) is { Count: > 0 } m ? string.Join(",", m) : "ANY")} {Pattern(e)}  [{e.DisplayName}]";

    private static bool IsPage(Endpoint e) => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    /// <summary>A concrete path for a pattern, with its parameters taken from <paramref name="values"/>.</summary>
    private static string PathOf(RoutePattern pattern, Func<string, string?> values)
    {
        var sb = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            sb.Append('/');
            foreach (var part in segment.Parts)
                sb.Append(part switch
                {
                    RoutePatternLiteralPart l => l.Content,
                    RoutePatternSeparatorPart s => s.Content,
                    RoutePatternParameterPart p => Uri.EscapeDataString(values(p.Name) ?? throw new InvalidOperationException($"no value for route parameter {{{p.Name}}}")),
                    _ => throw new InvalidOperationException($"unexpected route part {part}"),
                });
        }
        return sb.Length == 0 ? "/" : sb.ToString();
    }

    [Fact]
    public void Every_endpoint_declares_an_access_rule()
    {
        var endpoints = RouteEndpoints(shared.App);
        Assert.NotEmpty(endpoints);

        var missing = endpoints.Where(e => e.Metadata.GetMetadata<AccessRule>() is null).Select(Describe).Order(StringComparer.Ordinal).ToList();
        // The rule is also what is enforced: its policy (or anonymous access) is on the endpoint, not only the metadata.
        var unenforced = endpoints.Where(e => e.Metadata.GetMetadata<AccessRule>() is { } rule && !Enforces(e, rule))
            .Select(e => $"{Describe(e)} declares '{e.Metadata.GetMetadata<AccessRule>()!.Name}' but its authorization metadata is: "
                + string.Join("; ", e.Metadata.OfType<IAuthorizeData>().Select(a => $"[Authorize(Policy={a.Policy ?? "-"}, Roles={a.Roles ?? "-"})]")
                    .Concat(e.Metadata.OfType<IAllowAnonymous>().Select(_ => "[AllowAnonymous]"))))
            .Order(StringComparer.Ordinal).ToList();
        var unknown = endpoints.Where(e => e.Metadata.GetMetadata<AccessRule>() is { } rule && !Access.Rules.Contains(rule))
            .Select(e => $"{Describe(e)}: rule '{e.Metadata.GetMetadata<AccessRule>()!.Name}' is not in Access.Rules").ToList();

        TestContext.Current.TestOutputHelper?.WriteLine($"{endpoints.Count} route endpoints, {missing.Count} without a rule.");
        var report = new StringBuilder();
        if (missing.Count > 0) report.AppendLine($"{missing.Count} of {endpoints.Count} endpoints declare no AccessRule:").AppendJoin('\n', missing).AppendLine();
        if (unenforced.Count > 0) report.AppendLine($"{unenforced.Count} endpoints declare a rule that is not enforced:").AppendJoin('\n', unenforced).AppendLine();
        if (unknown.Count > 0) report.AppendJoin('\n', unknown).AppendLine();
        Assert.True(report.Length == 0, report.ToString());
    }

    /// <summary>An anonymous rule means anonymous access; any other rule means exactly its policy (plain [Authorize] for signed-in).</summary>
    private static bool Enforces(Endpoint e, AccessRule rule)
    {
        var authorize = e.Metadata.OfType<IAuthorizeData>().ToList();
        var anonymous = e.Metadata.OfType<IAllowAnonymous>().Any();
        if (rule.Anonymous) return anonymous || authorize.Count == 0;
        return !anonymous && authorize.Count > 0
            && authorize.All(a => a.Policy == rule.Name || a.Policy is null && a.Roles is null && rule == Access.SignedIn);
    }

    [Fact]
    public async Task Each_api_endpoint_allows_and_denies_as_its_rule_declares()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite);
        var world = await MatrixWorld.CreateAsync(app);
        using var anonymous = app.CreateClient();

        var api = RouteEndpoints(app).Where(e => Pattern(e).StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        var failures = new List<string>();
        var cases = 0;

        var names = api.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().ToHashSet();
        foreach (var stale in AuthorizationMatrixSamples.All.Keys.Where(k => !names.Contains(k)).Order(StringComparer.Ordinal))
            failures.Add($"The sample table names '{stale}', which no /api endpoint is called: remove or rename the sample.");

        // Reads first, then writes; within each, by pattern: the same order every run.
        var work = api.SelectMany(e => (Methods(e) is { Count: > 0 } m ? m : [""]).Select(method => (Endpoint: e, Method: method)))
            .OrderBy(x => HttpMethods.IsGet(x.Method) ? 0 : 1).ThenBy(x => Pattern(x.Endpoint), StringComparer.Ordinal).ThenBy(x => x.Method, StringComparer.Ordinal)
            .ToList();
        foreach (var (endpoint, method) in work)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var label = $"{method} {Pattern(endpoint)} ({name ?? "unnamed"})";
            if (method.Length == 0) { failures.Add($"{label}: declares no HTTP method, so the matrix cannot call it."); continue; }
            if (endpoint.Metadata.GetMetadata<AccessRule>() is not { } rule) { failures.Add($"{label}: declares no AccessRule."); continue; }
            if (name is null || !AuthorizationMatrixSamples.All.TryGetValue(name, out var sample))
            {
                failures.Add($"{label}: no sample request in AuthorizationMatrixSamples (give the endpoint a WithName and a sample), so its access is unchecked.");
                continue;
            }

            cases++;
            await CheckAsync(world, endpoint, method, rule, sample, null, Variant.Anonymous, anonymous, label, failures);
            foreach (var caller in world.Callers)
                foreach (var variant in new[] { Variant.Inside, Variant.Outside })
                {
                    cases++;
                    await CheckAsync(world, endpoint, method, rule, sample, caller, variant, caller.Client, label, failures);
                }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{cases} (endpoint, role, variant) cases over {work.Count} API endpoints.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures));
    }

    private static Expected Expect(AccessRule rule, string? role, Variant variant) =>
        rule.Anonymous ? Expected.Allowed
        : role is null ? Expected.Unauthenticated
        : !rule.Roles.Contains(role) ? Expected.Forbidden
        : variant == Variant.Outside && rule.UnitScoped ? Expected.OutsideRefused
        : Expected.Allowed;

    private static async Task CheckAsync(MatrixWorld world, RouteEndpoint endpoint, string method, AccessRule rule, ApiSample sample,
        MatrixCaller? caller, Variant variant, HttpClient client, string label, List<string> failures)
    {
        var who = $"{label} as {caller?.Role ?? "anonymous"}{(variant == Variant.Anonymous ? "" : ", " + variant.ToString().ToLowerInvariant())} [rule {rule.Name}]";
        ApiRequest request;
        string url;
        try
        {
            request = await (variant == Variant.Outside ? sample.Outside : sample.Inside)(world, caller);
            url = PathOf(endpoint.RoutePattern, n => request.Route?.GetValueOrDefault(n)) + (request.Query is { } q ? "?" + q : "");
        }
        catch (InvalidOperationException ex)
        {
            failures.Add($"{who}: the sample cannot build a request: {ex.Message}");
            return;
        }
        using var message = new HttpRequestMessage(new HttpMethod(method), url) { Content = request.Body };
        using var response = await client.SendAsync(message, Ct);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(Ct);
        var got = $"got {status} {Short(body)}";
        var expected = Expect(rule, caller?.Role, variant);
        string? leak = sample.ListLike && status is >= 200 and < 300 ? MatrixWorld.OutsideMarkers.FirstOrDefault(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)) : null;

        switch (expected)
        {
            case Expected.Unauthenticated when status != 401:
                failures.Add($"{who}: expected 401, {got}");
                break;
            case Expected.Forbidden when status != 403:
                failures.Add($"{who}: expected 403 (role not in rule), {got}");
                break;
            case Expected.Allowed:
                if (status is 401 or 403 or 404 || !(status is >= 200 and < 300 or 400 or 409 or 422))
                    failures.Add($"{who}: expected to be let through (2xx, or 400/409/422 from validation), {got}");
                else if (leak is not null)
                    failures.Add($"{who}: the answer contains '{leak}' from outside the caller's units: {Short(body)}");
                break;
            case Expected.OutsideRefused:
                var ok = status is 403 or 404 || sample.Refusal switch
                {
                    OutsideRefusal.ValidationNamesOutsideCode => status is 400 or 422 && body.Contains(MatrixWorld.OutsideCommune, StringComparison.Ordinal),
                    OutsideRefusal.FilteredOut => status is >= 200 and < 300 && leak is null,
                    OutsideRefusal.ConflictNamesOutsideCode => status is 409 && body.Contains(MatrixWorld.OutsideCommune, StringComparison.Ordinal),
                    _ => false,
                };
                if (!ok)
                    failures.Add($"{who}: expected a refusal for a target outside the caller's units ({sample.Refusal switch
                    {
                        OutsideRefusal.ValidationNamesOutsideCode => $"404/403, or 400/422 naming {MatrixWorld.OutsideCommune}",
                        OutsideRefusal.FilteredOut => $"404/403, or an answer without {string.Join("/", MatrixWorld.OutsideMarkers)}",
                        OutsideRefusal.ConflictNamesOutsideCode => $"404/403, or 409 naming {MatrixWorld.OutsideCommune} as a conflict",
                        _ => "404 or 403",
                    }}), {got}");
                break;
        }
    }

    private static string Short(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }

    [Fact]
    public async Task Read_scoped_token_cannot_write()
    {
        const string reporter = "reporter.thuongtan@demo.local";
        using var reader = await shared.App.WithTokenAsync(reporter, TokenScopes.Read);
        using var writer = await shared.App.WithTokenAsync(reporter, TokenScopes.DataWrite);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/org-units/{MatrixWorld.InsideCommune}", Ct)).StatusCode);
        var village = (await reader.GetFromJsonAsync<OrgUnitDetailDto>($"/api/org-units/{MatrixWorld.InsideVillage}", Json.Options, Ct))!.Unit;
        var unchanged = new OrgUnitInput(null, village.Name, village.Kind.ToString(), village.ParentCode, village.OpenedOn, village.ClosedOn, null);

        var refused = await reader.PutAsJsonAsync($"/api/org-units/{MatrixWorld.InsideVillage}", unchanged, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var written = await writer.PutAsJsonAsync($"/api/org-units/{MatrixWorld.InsideVillage}", unchanged, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
    }

    [Fact]
    public async Task Pages_redirect_anonymous_visitors_to_sign_in()
    {
        var pages = RouteEndpoints(shared.App).Where(IsPage)
            .Where(e => Methods(e).Count == 0 || Methods(e).Contains(HttpMethods.Get))
            .OrderBy(Pattern, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(pages);
        using var client = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();
        TestContext.Current.TestOutputHelper?.WriteLine($"{pages.Count} pages: " + string.Join(", ", pages.Select(p => $"{Pattern(p)} [{p.Metadata.GetMetadata<AccessRule>()?.Name ?? "no rule"}]")));
        foreach (var page in pages)
        {
            var rule = page.Metadata.GetMetadata<AccessRule>();
            var path = PathOf(page.RoutePattern, _ => MatrixWorld.InsideCommune);
            using var response = await client.GetAsync(path, Ct);
            var status = (int)response.StatusCode;
            if (rule is null) failures.Add($"GET {path} ({Pattern(page)}): the page declares no AccessRule; it answered {status}");
            else if (rule.Anonymous)
            {
                // The not-found page is public and answers, by its nature, 404.
                var expected = path == "/not-found" ? HttpStatusCode.NotFound : HttpStatusCode.OK;
                if (response.StatusCode != expected) failures.Add($"GET {path} ({Pattern(page)}) [public]: expected {(int)expected}, got {status} {response.Headers.Location}");
            }
            else
            {
                var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(client.BaseAddress!, l)) : null;
                if (response.StatusCode != HttpStatusCode.Redirect || location?.AbsolutePath != "/account/login")
                    failures.Add($"GET {path} ({Pattern(page)}) [rule {rule.Name}]: expected 302 to /account/login, got {status} {location}");
                else if (!Uri.UnescapeDataString(location.Query).Contains(path, StringComparison.Ordinal))
                    failures.Add($"GET {path} ({Pattern(page)}) [rule {rule.Name}]: the sign-in redirect does not carry the page as its return address: {location}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
