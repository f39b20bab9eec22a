using CivicTrack.Engine.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Reliability;

/// <summary>A request the app answered wrongly: a server error, more than the time allowed, or a change made by a refusal.</summary>
public sealed record CorpusFinding(string Endpoint, string Class, string Kind, int Status, string Input, string Answer);

public sealed record EndpointCorpusResult(string Endpoint, string Name, BodyKind Kind, bool HasRouteValues, int Sent, int Accepted, int Refused, int ServerErrors, int Slow,
    int ChangedByRefusal, IReadOnlyList<CorpusFinding> Findings);

public sealed record CorpusResult(IReadOnlyList<EndpointCorpusResult> Endpoints, IReadOnlyList<string> WithoutSeed, TimeSpan Elapsed)
{
    public IEnumerable<CorpusFinding> Findings => Endpoints.SelectMany(e => e.Findings);

    /// <summary>Findings grouped by endpoint, kind and class of input, each with one example.</summary>
    public IEnumerable<(string Endpoint, string Kind, string Class, int Count, CorpusFinding Example)> Summary() =>
        Findings.GroupBy(f => (f.Endpoint, f.Kind, f.Class)).OrderBy(g => g.Key.Endpoint, StringComparer.Ordinal).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Class)
            .Select(g => (g.Key.Endpoint, g.Key.Kind, g.Key.Class, g.Count(), g.First()));
}

/// <summary>Sends every write endpoint of the app (from its <see cref="EndpointDataSource"/>) a seeded corpus of malformed
/// requests, as an administrator, and checks each answer: no 5xx, none slower than the limit, and a refused request
/// (4xx) leaves the database as it was.</summary>
public static class CorpusRun
{
    public const string Admin = "admin@demo.local";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Every endpoint that writes or imports: any method but GET and HEAD under /api/ (the pages' own form posts
    /// carry antiforgery tokens and are refused before any input is read).</summary>
    public static IReadOnlyList<(RouteEndpoint Endpoint, string Method, string Key)> WriteEndpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && p.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is not ("GET" or "HEAD")).Select(m => (e, m)))
            .Select(x => (x.e, x.m, Key(x.e, x.m)))
            .OrderBy(x => x.Item3, StringComparer.Ordinal)];

    private static string Key(RouteEndpoint e, string method) => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{method} {e.RoutePattern.RawText}";

    public static async Task<CorpusResult> RunAsync(IServiceProvider services, Func<HttpClient> newClient, string password, int perEndpoint, int seed,
        TimeSpan slowLimit, Action<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var http = newClient();
        http.Timeout = TimeSpan.FromSeconds(Math.Max(60, slowLimit.TotalSeconds * 3));
        await SignInAsync(http, password, ct);
        var seeds = await SeedsAsync(http, password, ct);
        await using var fingerprint = await DatabaseFingerprint.OpenAsync(services.GetRequiredService<IDbContextFactory<AppDb>>(), ct);
        var results = new List<EndpointCorpusResult>();
        var withoutSeed = new List<string>();
        var index = 0;
        foreach (var (endpoint, method, key) in WriteEndpoints(services))
        {
            index++;
            if (!seeds.TryGetValue(key, out var s))
            {
                withoutSeed.Add(key);
                s = new CorpusSeed(new Dictionary<string, string>(), null, BodyKind.Json, "{}");
            }
            await SignInAsync(http, password, ct);
            var result = await RunEndpointAsync(http, fingerprint, endpoint, method, key, s, perEndpoint, seed + index * 7919, slowLimit, password, ct);
            results.Add(result);
            progress?.Invoke($"{result.Endpoint}: {result.Sent} sent, {result.Accepted} accepted, {result.Refused} refused, {result.ServerErrors} 5xx, {result.Slow} slow, {result.ChangedByRefusal} changed by a refusal");
        }
        return new CorpusResult(results, withoutSeed, clock.Elapsed);
    }

    private static async Task<EndpointCorpusResult> RunEndpointAsync(HttpClient http, DatabaseFingerprint fingerprint, RouteEndpoint endpoint, string method,
        string key, CorpusSeed seed, int count, int randomSeed, TimeSpan slowLimit, string password, CancellationToken ct)
    {
        var name = $"{method} {endpoint.RoutePattern.RawText}";
        int sent = 0, accepted = 0, refused = 0, serverErrors = 0, slow = 0, changed = 0;
        var findings = new List<CorpusFinding>();
        var before = await fingerprint.ComputeAsync(ct);
        var version = await fingerprint.VersionAsync(ct);
        foreach (var input in BadInputCorpus.Generate(method, endpoint.RoutePattern.RawText!, seed, count, randomSeed))
        {
            sent++;
            using var request = new HttpRequestMessage(new HttpMethod(input.Method), input.Path);
            if (input.Body.Length > 0 || input.ContentType is not null)
            {
                request.Content = new ByteArrayContent(input.Body);
                if (input.ContentType is not null && MediaTypeHeaderValue.TryParse(input.ContentType, out var type)) request.Content.Headers.ContentType = type;
                else if (input.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", input.ContentType);
            }
            var watch = Stopwatch.StartNew();
            int status;
            string answer;
            try
            {
                using var response = await http.SendAsync(request, ct);
                status = (int)response.StatusCode;
                answer = Shorten(await response.Content.ReadAsStringAsync(ct));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException && !ct.IsCancellationRequested)
            {
                // The in-process server rethrows what the app did not handle; a real server would have answered 500.
                status = 599;
                answer = $"{e.GetType().Name}: {Shorten(e.Message)}";
            }
            watch.Stop();
            if (status >= 500)
            {
                serverErrors++;
                findings.Add(new CorpusFinding(name, input.Class, "5xx", status, input.Describe(), answer));
            }
            if (watch.Elapsed > slowLimit)
            {
                slow++;
                findings.Add(new CorpusFinding(name, input.Class, "slow", status, input.Describe(), $"{watch.Elapsed.TotalSeconds:0.0} s"));
            }
            if (status is >= 200 and < 300) accepted++;
            else if (status is >= 400 and < 500) refused++;

            var now = await fingerprint.VersionAsync(ct);
            if (now is null || now != version)
            {
                var after = await fingerprint.ComputeAsync(ct);
                if (status is >= 400 and < 500 && after != before)
                {
                    changed++;
                    findings.Add(new CorpusFinding(name, input.Class, "changed by a refusal", status, input.Describe(), DatabaseFingerprint.Difference(before, after)));
                }
                before = after;
                version = await fingerprint.VersionAsync(ct);
                if (version != now) before = await fingerprint.ComputeAsync(ct);
            }
            // A request may have revoked the session itself (its own token): sign in again, and start comparing from there.
            if (status == (int)HttpStatusCode.Unauthorized)
            {
                using var me = await http.GetAsync("/api/auth/me", ct);
                if (!me.IsSuccessStatusCode)
                {
                    await SignInAsync(http, password, ct);
                    before = await fingerprint.ComputeAsync(ct);
                    version = await fingerprint.VersionAsync(ct);
                }
            }
        }
        return new EndpointCorpusResult(name, key, seed.Kind, endpoint.RoutePattern.Parameters.Count > 0, sent, accepted, refused, serverErrors, slow, changed, findings);
    }

    private static async Task SignInAsync(HttpClient http, string password, CancellationToken ct)
    {
        http.DefaultRequestHeaders.Authorization = null;
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email = Admin, password }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/auth/login answered {(int)response.StatusCode}: {Shorten(body)}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(body)!["token"]!.GetValue<string>());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string J<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static Dictionary<string, string> R(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>A valid request per endpoint name, aimed at things made here for the purpose (a village, a plan, a task, a form,
    /// an account, a token), so that what the corpus manages to change is its own.</summary>
    private static async Task<Dictionary<string, CorpusSeed>> SeedsAsync(HttpClient http, string password, CancellationToken ct)
    {
        const string Commune = "08051", Village = "08051-01";
        async Task<JsonNode> Send(HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Shorten(text)}");
            return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
        }
        async Task<string> Unit(string code)
        {
            await Send(HttpMethod.Post, "/api/org-units", new OrgUnitInput(code, $"Thôn thử {code}", "Village", Commune, new DateOnly(2025, 7, 1), null, null));
            return code;
        }
        var updateUnit = await Unit($"{Commune}-FZ1");
        var mergeUnit = await Unit($"{Commune}-FZ2");
        var plan = (await Send(HttpMethod.Post, "/api/plans", new PlanInput("FZ/KH-UBND", "Kế hoạch thử", PlanKind.Plan, new DateOnly(2025, 1, 2), Commune,
            new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))))["id"]!.GetValue<int>();
        var target = new TargetInput("1", "Mỗi thôn có tổ công nghệ số", null, null, Commune, OrgUnitKind.Village, TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null);
        await Send(HttpMethod.Put, $"/api/plans/{plan}/targets", target);
        var doomed = (await Send(HttpMethod.Put, $"/api/plans/{plan}/targets", target with { Code = "9" }))["id"]!.GetValue<int>();
        using var annex = await http.GetAsync($"/api/plans/{plan}/targets/template", ct);
        var annexBytes = await annex.Content.ReadAsByteArrayAsync(ct);
        var taskInput = new TaskInput(plan, "Nhiệm vụ thử", Commune, "Cán bộ", null, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), "Kết quả", "Trách nhiệm", "Chủ tịch UBND", 1, null);
        var task = (await Send(HttpMethod.Post, "/api/tasks", taskInput))["id"]!.GetValue<int>();
        var account = (await Send(HttpMethod.Post, "/api/accounts", new AccountCreate("fuzz.viewer@test.local", "Fuzz Viewer", [Roles.Viewer], [Village], password)))["id"]!.GetValue<string>();
        var token = (await Send(HttpMethod.Post, "/api/auth/tokens", new TokenRequest("fuzz", [TokenScopes.Read], 1)))["details"]!["id"]!.GetValue<int>();
        await Send(HttpMethod.Post, "/api/data-elements", new DataElementInput("FZ_ELEMENT", "Chỉ tiêu thử", null, null, null, null));
        await Send(HttpMethod.Post, "/api/pillars", new PillarInput("fz-pillar", LocalText.Of("Trụ cột thử", "Test pillar"), 99));
        var indicator = new IndicatorInput("FZ_INDICATOR", "Chỉ số thử", null, "#{FZ_ELEMENT}", "#{HH_TOTAL}", 100, null, 1, null);
        await Send(HttpMethod.Post, "/api/indicators", indicator);
        ReportFormInput Form(string code) => new(code, "Biểu mẫu thử", null, Engine.Periods.PeriodType.Month, null, "2030-01", "2030-12", "day:25", null, 1, null,
            [new SectionInput("Số liệu", [new FieldInput("HH_TOTAL", true, 0), new FieldInput("HH_SMARTPHONE", false, 0, 1_000_000)])],
            [new RuleInput("#{HH_SMARTPHONE} <= #{HH_TOTAL}", "Không lớn hơn số hộ.")], new AssignmentInput(null, null, [Commune]));
        await Send(HttpMethod.Post, "/api/report-forms", Form("FZ-FORM"));
        // A form whose only period locked long ago, for asking to reopen it and reopening it.
        await Send(HttpMethod.Post, "/api/report-forms", Form("FZ-LOCK") with { FirstPeriod = "2020-01", LastPeriod = "2020-01", LockAfterDays = 1 });
        var locked = R(("form", "FZ-LOCK"), ("unit", Commune), ("period", "2020-01"));
        var report = R(("form", "FZ-FORM"), ("unit", Commune), ("period", "2030-01"));
        var reportValues = new ReportInput([new ReportValueInput("HH_TOTAL", 120), new ReportValueInput("HH_SMARTPHONE", 80, "ghi chú")], "Báo cáo");
        using var sheet = await http.GetAsync($"/api/reports/FZ-FORM/{Commune}/2030-01/template", ct);
        var sheetBytes = await sheet.Content.ReadAsByteArrayAsync(ct);
        var unitsCsv = System.Text.Encoding.UTF8.GetBytes($"code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n{updateUnit},Thôn thử {updateUnit},Village,{Commune},2025-07-01,,,\n");
        const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        // A team of a village made here, two of its members (one to remove), a village without a team, and its own export.
        var teamUnit = await Unit($"{Commune}-FZ3");
        var freeUnit = await Unit($"{Commune}-FZ4");
        var teamInput = new Features.Community.Teams.TeamInput(teamUnit, "1/QĐ-UBND", new DateOnly(2025, 8, 1), true);
        var team = (await Send(HttpMethod.Post, "/api/teams", teamInput))["team"]!["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
        var memberInput = new Features.Community.Teams.MemberInput("Thành viên thử", "Member", true, "0912 000 999", true);
        var member = (await Send(HttpMethod.Post, $"/api/teams/{team}/members", memberInput))["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
        var leaving = (await Send(HttpMethod.Post, $"/api/teams/{team}/members", memberInput with { FullName = "Thành viên rời tổ", Phone = null }))["id"]!
            .GetValue<int>().ToString(CultureInfo.InvariantCulture);
        using var teamBook = await http.GetAsync($"/api/teams/export?unit={teamUnit}&format=xlsx", ct);
        var teamBytes = await teamBook.Content.ReadAsByteArrayAsync(ct);
        var activityInput = new CivicTrack.Features.Community.Activities.ActivityInput(Village, null, CivicTrack.Features.Community.Activities.ActivityKind.DigitalLiteracyClass,
            "Lớp Bình dân học vụ số", new DateOnly(2019, 3, 9), new DateOnly(2019, 3, 10), "Nhà văn hóa thôn", 1, 30, 5, 4, 0, 20, "Hướng dẫn VNeID");
        var pinInput = new Features.Explorer.PinInput("Hộ gia đình theo quý", "items=HH_TOTAL&units=08051&periods=2025-01..2025-12&by=quarter");
        var doomedPin = (await Send(HttpMethod.Post, "/api/explore/pins", pinInput))["id"]!.GetValue<int>();
        var activity = (await Send(HttpMethod.Post, "/api/activities", activityInput))["id"]!.GetValue<int>();
        var doomedActivity = (await Send(HttpMethod.Post, "/api/activities", activityInput))["id"]!.GetValue<int>();
        object Household(string id, string household) => new
        {
            entries = new[] { new { id, village = Village, household, date = "2025-10-03", editedAt = "2025-10-03T08:01:02Z",
                services = new[] { new { service = "VNEID", outcome = "done" }, new { service = "EWALLET", outcome = "partly" } }, note = "Hẹn quay lại" } },
        };
        const string Doomed = "6f9c2a1e-5a1b-4c3d-8e9f-00000000f2d1";
        await Send(HttpMethod.Post, "/api/household-support", Household(Doomed, "FZ-002"));
        var indexInput = new CivicTrack.Features.CompositeIndex.IndexDefinitionInput(LocalText.Of("Chỉ số thử", "Test index"),
            CivicTrack.Features.CompositeIndex.IndexUnitSet.Communes, Engine.Periods.PeriodType.Year, Engine.CompositeIndex.Aggregation.Linear, Engine.CompositeIndex.MissingRule.Skip,
            [new("digital-society", null, 150, [new("IND_HH_VNEID_PCT", 1, null, Engine.CompositeIndex.Normalisation.DistanceToTarget, 100)]),
             new("fz-pillar", LocalText.Of("Trụ cột thử", "Test pillar"), 50, [new("IND_DOSSIERS_ONLINE_PCT", 2, Engine.CompositeIndex.Direction.HigherIsBetter, Engine.CompositeIndex.Normalisation.ZScore, null)])]);
        var index = (await Send(HttpMethod.Post, "/api/indices", indexInput))["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
        var doomedIndex = (await Send(HttpMethod.Post, "/api/indices", indexInput))["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
        var openInput = new CivicTrack.Features.OpenData.OpenDatasetInput("fz-open", LocalText.Of("Bộ dữ liệu thử", "Test dataset"), LocalText.Of("Mô tả"),
            "CC-BY-4.0", CivicTrack.Features.OpenData.OpenDataFrequency.Monthly, ["thử"], CivicTrack.Features.OpenData.OpenDatasetKind.Indicators,
            ["IND_HH_VNEID_PCT", "HH_TOTAL"], Commune, ["Village"], true, CivicTrack.Features.OpenData.OpenDataPeriodType.Month, "2025-01", "2025-12", false);
        await Send(HttpMethod.Post, "/api/open-datasets", openInput);
        await Send(HttpMethod.Post, "/api/open-datasets", openInput with { Slug = "fz-open-doomed" });

        return new Dictionary<string, CorpusSeed>
        {
            ["CreateOrgUnit"] = new(R(), null, BodyKind.Json, J(new OrgUnitInput($"{Commune}-FZ9", "Thôn mới", "Village", Commune, new DateOnly(2025, 7, 1), null, ["pilot"]))),
            ["UpdateOrgUnit"] = new(R(("code", updateUnit)), null, BodyKind.Json, J(new OrgUnitInput(null, $"Thôn thử {updateUnit}", "Village", Commune, new DateOnly(2025, 7, 1), null, null))),
            ["MergeOrgUnit"] = new(R(("code", mergeUnit)), null, BodyKind.Json, J(new MergeRequest(Village, new DateOnly(2026, 1, 1)))),
            ["ImportOrgUnits"] = new(R(), null, BodyKind.File, FileName: "units.csv", FileContentType: "text/csv", File: unitsCsv),
            ["ImportDossiers"] = new(R(), null, BodyKind.File, FileName: "dossiers.csv", FileContentType: "text/csv", File: System.Text.Encoding.UTF8.GetBytes(
                CivicTrack.Engine.Dossiers.DossierColumns.Header + "\n" + $"FZ-D1,1.001,Thủ tục thử,Thử,4,2,{Commune},{Commune},2025-10-01,2025-10-05,2025-10-03,,10,0,0,0\n")),
            ["ApiLogin"] = new(R(), null, BodyKind.Json, J(new LoginRequest("fuzz.viewer@test.local", password, null))),
            ["CreateToken"] = new(R(), null, BodyKind.Json, J(new TokenRequest("fuzz 2", [TokenScopes.Read, TokenScopes.DataWrite], 30))),
            ["RevokeToken"] = new(R(("id", token.ToString(CultureInfo.InvariantCulture))), null, BodyKind.None),
            ["CreateAccount"] = new(R(), null, BodyKind.Json, J(new AccountCreate("fuzz.new@test.local", "Fuzz New", [Roles.Reporter], [Village], password))),
            ["UpdateAccount"] = new(R(("id", account)), null, BodyKind.Json, J(new AccountUpdate("Fuzz Viewer", [Roles.Viewer], [Village], false))),
            ["ResetPassword"] = new(R(("id", account)), null, BodyKind.Json, J(new PasswordReset(password))),
            ["CreatePillar"] = new(R(), null, BodyKind.Json, J(new PillarInput("fz-pillar-2", LocalText.Of("Trụ cột", "Pillar"), 98))),
            ["UpdatePillar"] = new(R(("code", "fz-pillar")), null, BodyKind.Json, J(new PillarInput(null, LocalText.Of("Trụ cột thử", "Test pillar"), 97))),
            ["CreateDataElement"] = new(R(), null, BodyKind.Json, J(new DataElementInput("FZ_ELEMENT_2", LocalText.Of("Chỉ tiêu", "Element"), Engine.Analytics.ValueType.Integer, Engine.Analytics.AggregationType.Sum, LocalText.Of("hộ", "households"), null))),
            ["UpdateDataElement"] = new(R(("code", "FZ_ELEMENT")), null, BodyKind.Json, J(new DataElementInput(null, "Chỉ tiêu thử", null, null, null, null))),
            ["CreateIndicator"] = new(R(), null, BodyKind.Json, J(indicator with { Code = "FZ_INDICATOR_2" })),
            ["UpdateIndicator"] = new(R(("code", "FZ_INDICATOR")), null, BodyKind.Json, J(indicator with { Code = null })),
            ["ValidateIndicator"] = new(R(), null, BodyKind.Json, J(indicator)),
            ["LoadIndicatorLibrary"] = new(R(), null, BodyKind.None),
            ["PutDataValues"] = new(R(), null, BodyKind.Json, J(new DataValueBatch([new DataValueInput("HH_TOTAL", Village, "2019-01", 120), new DataValueInput("FZ_ELEMENT", Village, "2019Q1", 3.5, "ghi chú")]))),
            ["UpdatePlan"] = new(R(("id", plan.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Json, J(new PlanInput("FZ/KH-UBND", "Kế hoạch thử (sửa)",
                PlanKind.Plan, new DateOnly(2025, 1, 2), Commune, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)))),
            ["DeleteTarget"] = new(R(("id", plan.ToString(CultureInfo.InvariantCulture)), ("targetId", doomed.ToString(CultureInfo.InvariantCulture))), null, BodyKind.None),
            ["UpdateTask"] = new(R(("id", task.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Json, J(taskInput with { Title = "Nhiệm vụ thử (sửa)" })),
            ["RequestReportReopen"] = new(locked, null, BodyKind.Json, J(new ReopenRequestInput("Đề nghị mở lại để bổ sung số liệu"))),
            ["ReopenReport"] = new(locked, null, BodyKind.Json, J(new ReopenInput(3))),
            ["CreatePlan"] = new(R(), null, BodyKind.Json, J(new PlanInput("FZ2/KH-UBND", "Kế hoạch", PlanKind.Plan, new DateOnly(2025, 1, 2), Commune, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)))),
            ["SaveTarget"] = new(R(("id", plan.ToString(CultureInfo.InvariantCulture))), "asOf=2025-06-30", BodyKind.Json,
                J(target with { Code = "2", Comparison = TargetComparison.AtLeast, Indicator = "FZ_INDICATOR", ScopeKind = null, Value = 70, Baseline = 10 })),
            ["ImportTargets"] = new(R(("id", plan.ToString(CultureInfo.InvariantCulture))), null, BodyKind.File, FileName: "annex.xlsx", FileContentType: Xlsx, File: annexBytes),
            ["CreateTask"] = new(R(), null, BodyKind.Json, J(taskInput)),
            ["ReportTaskProgress"] = new(R(("id", task.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Multipart,
                Fields: [new("progress", "40"), new("state", "InProgress"), new("note", "Đang làm"), new("completedOn", "")], FileField: "files", FileName: "bien-ban.pdf",
                FileContentType: "application/pdf", File: "%PDF-1.4\n%%EOF\n"u8.ToArray()),
            ["UrgeTask"] = new(R(("id", task.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Json, J(new TasksApi.UrgeInput("Đề nghị khẩn trương"))),
            ["MarkNotificationRead"] = new(R(("id", "1")), null, BodyKind.None),
            ["MarkAllNotificationsRead"] = new(R(), null, BodyKind.None),
            ["CreateReportForm"] = new(R(), null, BodyKind.Json, J(Form("FZ-FORM-2"))),
            ["UpdateReportForm"] = new(R(("code", "FZ-FORM")), null, BodyKind.Json, J(Form("FZ-FORM"))),
            ["SaveReport"] = new(report, null, BodyKind.Json, J(reportValues)),
            ["SubmitReport"] = new(report, null, BodyKind.Json, J(reportValues)),
            ["ApproveReport"] = new(report, null, BodyKind.None),
            ["ReturnReport"] = new(report, null, BodyKind.Json, J(new ReturnInput("Kiểm tra lại"))),
            ["ImportReport"] = new(report, null, BodyKind.Multipart, FileName: "report.xlsx", FileContentType: Xlsx, File: sheetBytes),
            ["CreateActivity"] = new(R(), null, BodyKind.Json, J(activityInput)),
            ["UpdateActivity"] = new(R(("id", activity.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Json, J(activityInput with { Citizens = 32 })),
            ["DeleteActivity"] = new(R(("id", doomedActivity.ToString(CultureInfo.InvariantCulture))), null, BodyKind.None),
            ["AddActivityEvidence"] = new(R(("id", activity.ToString(CultureInfo.InvariantCulture))), null, BodyKind.Multipart, FileField: "files", FileName: "anh.pdf",
                FileContentType: "application/pdf", File: "%PDF-1.4\n%%EOF\n"u8.ToArray()),
            ["SaveHouseholdSupport"] = new(R(), null, BodyKind.Json, J(Household("6f9c2a1e-5a1b-4c3d-8e9f-00000000f2d0", "FZ-001"))),
            ["DeleteHouseholdSupport"] = new(R(("id", Doomed)), null, BodyKind.None),
            ["UrgeReports"] = new(R(), null, BodyKind.Json, J(new UrgeReportsInput("FZ-FORM", "2030-01", Commune, "Đề nghị gửi báo cáo"))),
            ["CreateTeam"] = new(R(), null, BodyKind.Json, J(teamInput with { Unit = freeUnit })),
            ["UpdateTeam"] = new(R(("id", team)), null, BodyKind.Json, J(teamInput with { Unit = null, DecisionNumber = "2/QĐ-UBND" })),
            ["AddTeamMember"] = new(R(("id", team)), null, BodyKind.Json, J(memberInput with { FullName = "Thành viên mới", Phone = "0388 000 888" })),
            ["UpdateTeamMember"] = new(R(("id", team), ("memberId", member)), null, BodyKind.Json, J(memberInput with { Role = "Deputy" })),
            ["RemoveTeamMember"] = new(R(("id", team), ("memberId", leaving)), null, BodyKind.None),
            ["ImportTeams"] = new(R(), null, BodyKind.File, FileName: "teams.xlsx", FileContentType: Xlsx, File: teamBytes),
            ["ImportDhis2DataValueSets"] = new(R(), "idScheme=CODE&atomicMode=ALL", BodyKind.Json,
                $$"""{"dataSet":"FZ-FORM","period":"201903","orgUnit":"{{Village}}","dataValues":[{"dataElement":"HH_TOTAL","categoryOptionCombo":"HllvX50cXC0","value":"130","comment":"ghi chú"}]}"""),
            ["ImportDhis2Mappings"] = new(R(), null, BodyKind.File, FileName: "mapping.csv", FileContentType: "text/csv",
                File: System.Text.Encoding.UTF8.GetBytes("kind,uid,code\ndataElement,fzHhTotal01,HH_TOTAL\norgUnit,fzVillage01," + Village + "\n")),
            ["CreateIndex"] = new(R(), null, BodyKind.Json, J(indexInput)),
            ["UpdateIndex"] = new(R(("id", index)), null, BodyKind.Json, J(indexInput with { Missing = Engine.CompositeIndex.MissingRule.Zero })),
            ["DeleteIndex"] = new(R(("id", doomedIndex)), null, BodyKind.None),
            ["CreateOpenDataset"] = new(R(), null, BodyKind.Json, J(openInput with { Slug = "fz-open-2" })),
            ["UpdateOpenDataset"] = new(R(("slug", "fz-open")), null, BodyKind.Json, J(openInput with { Slug = null, Published = true })),
            ["DeleteOpenDataset"] = new(R(("slug", "fz-open-doomed")), null, BodyKind.None),
            ["CreatePinnedView"] = new(R(), null, BodyKind.Json, J(pinInput)),
            ["DeletePinnedView"] = new(R(("id", doomedPin.ToString(CultureInfo.InvariantCulture))), null, BodyKind.None),
            ["ReceiveFederationBatch"] = new(R(), null, BodyKind.Json,
                $$"""{"id":"5f0c4f3e-8d2a-4a5b-9c1e-2b7d6a9e0f11","province":"08","madeAt":"2026-01-05T03:00:00Z","units":null,"values":[{"element":"HH_TOTAL","unit":"{{Village}}","period":"2019-04","value":131},{"element":"HH_VNEID","unit":"{{Village}}","period":"2019-04","value":null}],"totals":[{"element":"HH_TOTAL","period":"2019-04","value":131}]}"""),
            ["PushFederationNow"] = new(R(), null, BodyKind.None),
        };
    }
}
