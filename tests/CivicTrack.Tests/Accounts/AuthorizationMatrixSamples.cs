using CivicTrack.Engine.Text;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Accounts;

/// <summary>How a unit-scoped endpoint turns away a caller who aims outside the caller's units.</summary>
public enum OutsideRefusal
{
    /// <summary>404 (the unit or account "does not exist") or 403.</summary>
    NotFoundOrForbidden,
    /// <summary>The body references an outside unit: 400/422 naming that code as unknown or out of reach (or 404/403).</summary>
    ValidationNamesOutsideCode,
    /// <summary>Nothing to aim at (a list or an export of the caller's own units): answered, with nothing from outside in it.</summary>
    FilteredOut,
    /// <summary>A DHIS2 import: 409 with the outside unit named as a conflict (the rest of the payload would be imported).</summary>
    ConflictNamesOutsideCode,
}

/// <summary>One request to an endpoint: route values, query string and body.</summary>
public sealed record ApiRequest(IReadOnlyDictionary<string, string>? Route = null, string? Query = null, HttpContent? Body = null);

/// <summary>A signed-in account of one role attached to the inside commune, with its bearer client.</summary>
public sealed record MatrixCaller(string Role, string Id, string Email, HttpClient Client);

/// <summary>Builds the INSIDE request (aimed within 08051) and the OUTSIDE one (the same aimed at 08052) for an endpoint;
/// <c>caller</c> is null for the anonymous case. <see cref="ListLike"/> endpoints' answers must never contain the outside code.</summary>
public sealed record ApiSample(
    Func<MatrixWorld, MatrixCaller?, Task<ApiRequest>> Inside,
    Func<MatrixWorld, MatrixCaller?, Task<ApiRequest>> Outside,
    OutsideRefusal Refusal = OutsideRefusal.NotFoundOrForbidden,
    bool ListLike = false);

/// <summary>The demo instance the matrix runs against, and what the samples need from it.</summary>
public sealed class MatrixWorld
{
    public const string InsideCommune = "08051";
    public const string OutsideCommune = "08052";
    public const string InsideVillage = "08051-01";
    public const string OutsideVillage = "08052-01";
    public const string InsideAccountEmail = "team.thuongtan@demo.local";
    public const string OutsideAccountEmail = "reporter.giaptrung@demo.local";

    /// <summary>Text that must never appear in a list-like answer to an account of the inside commune.</summary>
    public static readonly string[] OutsideMarkers = [OutsideCommune, "giaptrung"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private int _seq;

    private MatrixWorld(AppFactory app) => App = app;

    public AppFactory App { get; }
    public required string InsideAccountId { get; init; }
    public required string OutsideAccountId { get; init; }
    public required IReadOnlyList<MatrixCaller> Callers { get; init; }

    /// <summary>One account per role, each attached to the inside commune, signed in through the API.</summary>
    public static async Task<MatrixWorld> CreateAsync(AppFactory app)
    {
        var system = await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var callers = new List<MatrixCaller>();
        foreach (var role in Roles.All)
        {
            var email = $"matrix.{role.ToLowerInvariant()}@test.local";
            using var scope = app.Services.CreateScope();
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync(system, new AccountCreate(email, $"Matrix {role}", [role], [InsideCommune], AppFactory.DemoPassword), Ct);
            Assert.Equal(OutcomeKind.Created, created.Kind);
            callers.Add(new MatrixCaller(role, created.Value!.Id, email, await app.SignedInAsync(email)));
        }
        using var s = app.Services.CreateScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return new MatrixWorld(app)
        {
            InsideAccountId = (await users.FindByEmailAsync(InsideAccountEmail))!.Id,
            OutsideAccountId = (await users.FindByEmailAsync(OutsideAccountEmail))!.Id,
            Callers = callers,
        };
    }

    public int Next() => ++_seq;

    /// <summary>A unit as it stands now, read with the system scope.</summary>
    public async Task<OrgUnitDto> UnitAsync(string code)
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        return (await App.Services.GetRequiredService<OrgService>().GetAsync(system, code, Ct))!.Unit;
    }

    /// <summary>An update that changes nothing: the unit's current fields, groups left as they are.</summary>
    public async Task<OrgUnitInput> UnchangedAsync(string code)
    {
        var u = await UnitAsync(code);
        return new OrgUnitInput(null, u.Name, u.Kind.ToString(), u.ParentCode, u.OpenedOn, u.ClosedOn, null);
    }

    /// <summary>An import file holding these units exactly as the app exports them now, so importing it changes nothing.</summary>
    public async Task<byte[]> UnchangedCsvAsync(params string[] codes)
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var export = Encoding.UTF8.GetString(await App.Services.GetRequiredService<OrgImportService>().ExportCsvAsync(system, Ct)).TrimStart('\uFEFF');
        var lines = export.Split('\n');
        var rows = codes.Select(c => lines.Single(l => l.StartsWith(c + ",", StringComparison.Ordinal)));
        return Encoding.UTF8.GetBytes(string.Join('\n', [lines[0], .. rows]) + "\n");
    }

    /// <summary>A fresh open village under the inside commune, made with the system scope, to be merged away.</summary>
    public async Task<string> ThrowawayUnitAsync()
    {
        var code = $"{InsideCommune}-X{Next()}";
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var change = await App.Services.GetRequiredService<OrgService>()
            .CreateAsync(system, new OrgUnitInput(code, $"Thôn tạm {code}", "Village", InsideCommune, new DateOnly(2025, 7, 1), null, null), Ct);
        Assert.Equal(OutcomeKind.Created, change.Kind);
        return code;
    }

    /// <summary>Plans, targets, tasks and evidence inside (08051) and outside (08052), made once with the system scope.</summary>
    public sealed record Programme(int InsidePlan, int OutsidePlan, int InsideTarget, int OutsideTarget, int InsideTask, int OutsideTask,
        int InsideEvidence, int OutsideEvidence);

    private Programme? _programme;

    public async Task<Programme> ProgrammeAsync()
    {
        if (_programme is { } p) return p;
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var plans = App.Services.GetRequiredService<PlanService>();
        var tasks = App.Services.GetRequiredService<TaskService>();
        async Task<(int Plan, int Target, int Task, int Evidence)> For(string unit)
        {
            var plan = await plans.CreatePlanAsync(system, new PlanInput($"M-{unit}/KH", $"Kế hoạch ma trận {unit}", PlanKind.Plan,
                new DateOnly(2025, 1, 2), unit, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Ct);
            Assert.Equal(OutcomeKind.Created, plan.Kind);
            var target = await plans.SaveTargetAsync(system, plan.Value!.Id, new TargetInput("1", "Mỗi thôn có tổ công nghệ số", null, null, unit,
                OrgUnitKind.Village, TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null), new DateOnly(2025, 6, 30), Ct);
            Assert.Equal(OutcomeKind.Ok, target.Kind);
            var task = await tasks.CreateAsync(system, new TaskInput(plan.Value.Id, $"Nhiệm vụ ma trận {unit}", unit, "Cán bộ", null,
                new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), "Kết quả", "Trách nhiệm", "Chủ tịch UBND", 1, null), Ct);
            Assert.Equal(OutcomeKind.Created, task.Kind);
            var bytes = Encoding.UTF8.GetBytes("biên bản");
            var report = await tasks.ReportAsync(system, task.Value!.Id, new TaskProgressInput(50, null, "Đã triển khai", null),
                [new EvidenceUpload("bien-ban.txt", "text/plain", bytes.Length, () => new MemoryStream(bytes))], Ct);
            Assert.Equal(OutcomeKind.Ok, report.Kind);
            var detail = await tasks.GetAsync(system, task.Value.Id, Ct);
            return (plan.Value.Id, target.Value!.Id, task.Value.Id, detail!.Updates[0].Evidence[0].Id);
        }
        var inside = await For(InsideCommune);
        var outside = await For(OutsideCommune);
        return _programme = new Programme(inside.Plan, outside.Plan, inside.Target, outside.Target, inside.Task, outside.Task, inside.Evidence, outside.Evidence);
    }

    /// <summary>A new milestone target on the inside or outside plan, so that each caller allowed to delete one finds one.</summary>
    public async Task<(int Plan, int Target)> FreshTargetAsync(bool inside)
    {
        var programme = await ProgrammeAsync();
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var plan = inside ? programme.InsidePlan : programme.OutsidePlan;
        var saved = await App.Services.GetRequiredService<PlanService>().SaveTargetAsync(system, plan, new TargetInput($"D{Next()}", "Chỉ tiêu để xóa", null, null,
            inside ? InsideCommune : OutsideCommune, null, TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null), new DateOnly(2025, 6, 30), Ct);
        Assert.Equal(OutcomeKind.Ok, saved.Kind);
        return (plan, saved.Value!.Id);
    }

    public async Task<string> AnyIndicatorAsync()
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        return (await App.Services.GetRequiredService<IndicatorService>().IndicatorsAsync(Ct))[0].Code;
    }

    /// <summary>The plan's own annex: importing it changes nothing.</summary>
    public async Task<byte[]> TemplateAsync(int planId)
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        return (await App.Services.GetRequiredService<PlanService>().TemplateAsync(system, planId, Ct))!;
    }

    /// <summary>A personal token of the caller's own, to revoke; any id for the anonymous case.</summary>
    public async Task<string> OwnTokenIdAsync(MatrixCaller? caller)
    {
        if (caller is null) return "1";
        var issued = await App.Services.GetRequiredService<ApiTokenService>()
            .IssueAsync(caller.Id, caller.Email, $"matrix {Next()}", [TokenScopes.Read], DateTime.UtcNow.AddDays(1), ApiTokenKind.Personal, Ct);
        return issued.Details.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The per-endpoint sample table, keyed by endpoint name (WithName). A new /api endpoint without an entry here
/// fails the matrix test, so it cannot go unchecked.</summary>
public static class AuthorizationMatrixSamples
{
    private static HttpContent FederationBatch(string province, string unit) => new StringContent(
        $$"""{"id":"{{Guid.NewGuid()}}","province":"{{province}}","values":[{"element":"HH_TOTAL","unit":"{{unit}}","period":"2019-05","value":120}]}""",
        Encoding.UTF8, "application/json");

    private static Task<ApiRequest> R(IReadOnlyDictionary<string, string>? route = null, string? query = null, HttpContent? body = null) =>
        Task.FromResult(new ApiRequest(route, query, body));

    private static Dictionary<string, string> Route(string name, string value) => new() { [name] = value };

    /// <summary>One of the caller's own pinned views (made when it has none), so that unpinning it is allowed.</summary>
    private static async Task<string> OwnPinAsync(MatrixCaller? caller)
    {
        if (caller is null) return "1";
        var ct = TestContext.Current.CancellationToken;
        var pins = await caller.Client.GetFromJsonAsync<List<CivicTrack.Features.Explorer.PinnedViewDto>>("/api/explore/pins", Infrastructure.Json.Options, ct);
        if (pins is { Count: > 0 }) return pins[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var created = await caller.Client.PostAsJsonAsync("/api/explore/pins",
            new CivicTrack.Features.Explorer.PinInput("Ma trận", $"items=HH_TOTAL&units={In}&periods=2025"), Infrastructure.Json.Options, ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<CivicTrack.Features.Explorer.PinnedViewDto>(Infrastructure.Json.Options, ct))!.Id
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpContent Body<T>(T value) => JsonContent.Create(value, options: Json.Options);

    private static HttpContent Csv(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return content;
    }

    private const string In = MatrixWorld.InsideCommune;
    private const string Out = MatrixWorld.OutsideCommune;

    public static readonly IReadOnlyDictionary<string, ApiSample> All = new Dictionary<string, ApiSample>
    {
        // Organisation registry.
        ["ListOrgUnits"] = new(
            (_, _) => R(query: "search=thon&limit=1000"),
            (_, _) => R(query: $"parent={Out}"),
            ListLike: true),
        ["ExportOrgUnits"] = new(
            (_, _) => R(query: "format=csv"),
            (_, _) => R(query: "format=csv"),
            OutsideRefusal.FilteredOut, ListLike: true),
        ["GetOrgUnit"] = new(
            (_, _) => R(Route("code", MatrixWorld.InsideVillage)),
            (_, _) => R(Route("code", MatrixWorld.OutsideVillage))),
        ["GetOrgUnitSubtree"] = new(
            (_, _) => R(Route("code", MatrixWorld.InsideVillage)),
            (_, _) => R(Route("code", MatrixWorld.OutsideVillage))),
        ["CreateOrgUnit"] = new(
            (w, _) => R(body: Body(new OrgUnitInput($"{In}-N{w.Next()}", "Thôn Thử Ma Trận", "Village", In, new DateOnly(2025, 7, 1), null, null))),
            // A neutral code, so only the refused parent can put the outside code in the answer.
            (w, _) => R(body: Body(new OrgUnitInput($"MX{w.Next()}", "Thôn Thử Ma Trận", "Village", Out, new DateOnly(2025, 7, 1), null, null))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["UpdateOrgUnit"] = new(
            async (w, _) => new ApiRequest(Route("code", MatrixWorld.InsideVillage), Body: Body(await w.UnchangedAsync(MatrixWorld.InsideVillage))),
            async (w, _) => new ApiRequest(Route("code", MatrixWorld.OutsideVillage), Body: Body(await w.UnchangedAsync(MatrixWorld.OutsideVillage)))),
        ["MergeOrgUnit"] = new(
            async (w, _) => new ApiRequest(Route("code", await w.ThrowawayUnitAsync()), Body: Body(new MergeRequest($"{In}-02", new DateOnly(2026, 1, 1)))),
            (_, _) => R(Route("code", MatrixWorld.OutsideVillage), body: Body(new MergeRequest($"{Out}-02", new DateOnly(2026, 1, 1))))),
        ["ImportOrgUnits"] = new(
            async (w, _) => new ApiRequest(Body: Csv(await w.UnchangedCsvAsync($"{In}-01", $"{In}-02"))),
            async (w, _) => new ApiRequest(Body: Csv(await w.UnchangedCsvAsync($"{Out}-01", $"{Out}-02"))),
            OutsideRefusal.ValidationNamesOutsideCode),

        // Sign-in and the caller's own account and tokens (not unit-scoped: outside is the same kind of request).
        ["ApiLogin"] = new(
            (_, _) => R(body: Body(new LoginRequest(MatrixWorld.InsideAccountEmail, AppFactory.DemoPassword, null))),
            (_, _) => R(body: Body(new LoginRequest(MatrixWorld.OutsideAccountEmail, AppFactory.DemoPassword, null)))),
        ["Me"] = new((_, _) => R(), (_, _) => R()),
        ["ListTokens"] = new((_, _) => R(), (_, _) => R()),
        ["CreateToken"] = new(
            (w, _) => R(body: Body(new TokenRequest($"matrix {w.Next()}", [TokenScopes.Read], 1))),
            (w, _) => R(body: Body(new TokenRequest($"matrix {w.Next()}", [TokenScopes.Read], 1)))),
        ["RevokeToken"] = new(
            async (w, c) => new ApiRequest(Route("id", await w.OwnTokenIdAsync(c))),
            async (w, c) => new ApiRequest(Route("id", await w.OwnTokenIdAsync(c)))),

        // Account administration.
        ["ListAccounts"] = new(
            (_, _) => R(),
            (_, _) => R(query: "search=giaptrung"),
            OutsideRefusal.FilteredOut, ListLike: true),
        ["GetAccount"] = new(
            (w, _) => R(Route("id", w.InsideAccountId)),
            (w, _) => R(Route("id", w.OutsideAccountId))),
        ["CreateAccount"] = new(
            (w, _) => R(body: Body(new AccountCreate($"matrix.new{w.Next()}@test.local", "Matrix New", [Roles.Viewer], [MatrixWorld.InsideVillage], AppFactory.DemoPassword))),
            (w, _) => R(body: Body(new AccountCreate($"matrix.new{w.Next()}@test.local", "Matrix New", [Roles.Viewer], [Out], AppFactory.DemoPassword))),
            OutsideRefusal.ValidationNamesOutsideCode),
        // All fields null: roles, units and name stay as they are.
        ["UpdateAccount"] = new(
            (w, _) => R(Route("id", w.InsideAccountId), body: Body(new AccountUpdate(null, null, null, null))),
            (w, _) => R(Route("id", w.OutsideAccountId), body: Body(new AccountUpdate(null, null, null, null)))),
        // The demo password again, so later sign-ins with it still work.
        ["ResetPassword"] = new(
            (w, _) => R(Route("id", w.InsideAccountId), body: Body(new PasswordReset(AppFactory.DemoPassword))),
            (w, _) => R(Route("id", w.OutsideAccountId), body: Body(new PasswordReset(AppFactory.DemoPassword)))),

        // Audit.
        ["SearchAudit"] = new(
            (_, _) => R(query: $"unit={In}&limit=500"),
            (_, _) => R(query: $"unit={Out}"),
            ListLike: true),
        // Indicator framework (not unit-scoped: outside is the same kind of request).
        ["ListPillars"] = new((_, _) => R(), (_, _) => R()),
        ["CreatePillar"] = new(
            (w, _) => R(body: Body(new PillarInput($"m-{w.Next()}", LocalText.Of("Trụ cột thử", "Test pillar"), 99))),
            (w, _) => R(body: Body(new PillarInput($"m-{w.Next()}", LocalText.Of("Trụ cột thử", "Test pillar"), 99)))),
        ["UpdatePillar"] = new(
            (_, _) => R(Route("code", "digital-society"), body: Body(new PillarInput(null, null, null))),
            (_, _) => R(Route("code", "digital-society"), body: Body(new PillarInput(null, null, null)))),
        ["ListDataElements"] = new((_, _) => R(), (_, _) => R()),
        ["CreateDataElement"] = new(
            (w, _) => R(body: Body(new DataElementInput($"M_{w.Next()}", "Chỉ tiêu thử", null, null, null, null, null, null))),
            (w, _) => R(body: Body(new DataElementInput($"M_{w.Next()}", "Chỉ tiêu thử", null, null, null, null, null, null)))),
        ["UpdateDataElement"] = new(
            (_, _) => R(Route("code", "HH_TOTAL"), body: Body(new DataElementInput(null, null, null, null, null, null, null, null))),
            (_, _) => R(Route("code", "HH_TOTAL"), body: Body(new DataElementInput(null, null, null, null, null, null, null, null)))),
        ["ListIndicators"] = new((_, _) => R(), (_, _) => R()),
        ["CreateIndicator"] = new(
            (w, _) => R(body: Body(new IndicatorInput($"M_IND_{w.Next()}", "Chỉ số thử", null, "#{HH_TOTAL}", null, 1, null, 0, null))),
            (w, _) => R(body: Body(new IndicatorInput($"M_IND_{w.Next()}", "Chỉ số thử", null, "#{HH_TOTAL}", null, 1, null, 0, null)))),
        ["UpdateIndicator"] = new(
            async (w, _) => new ApiRequest(Route("code", await w.AnyIndicatorAsync()), Body: Body(new IndicatorInput(null, null, null, null, null, null, null, null, null))),
            async (w, _) => new ApiRequest(Route("code", await w.AnyIndicatorAsync()), Body: Body(new IndicatorInput(null, null, null, null, null, null, null, null, null)))),
        ["ValidateIndicator"] = new(
            (_, _) => R(body: Body(new IndicatorInput(null, null, null, "#{HH_VNEID}", "#{HH_TOTAL}", null, null, null, null))),
            (_, _) => R(body: Body(new IndicatorInput(null, null, null, "#{HH_VNEID}", "#{NOPE}", null, null, null, null)))),
        ["LoadIndicatorLibrary"] = new((_, _) => R(), (_, _) => R()),
        // Data values and analytics.
        ["PutDataValues"] = new(
            (_, _) => R(body: Body(new DataValueBatch([new DataValueInput("HH_TOTAL", MatrixWorld.InsideVillage, "2019-01", 120)]))),
            (_, _) => R(body: Body(new DataValueBatch([new DataValueInput("HH_TOTAL", MatrixWorld.OutsideVillage, "2019-01", 120)]))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["ListDataValues"] = new(
            (_, _) => R(query: $"unit={In}&subtree=true&limit=200"),
            (_, _) => R(query: $"unit={Out}&subtree=true"),
            ListLike: true),
        ["GetAnalytics"] = new(
            (_, _) => R(query: $"indicators=HH_TOTAL&units={In}&children=true&periods=2025Q1..2025Q4"),
            (_, _) => R(query: $"indicators=HH_TOTAL&units={Out}&periods=2025"),
            ListLike: true),
        // The indicator explorer: outside units are left out (counted, never named); pins are the caller's own.
        ["Explore"] = new(
            (_, _) => R(query: $"items=HH_TOTAL&units={In}&children=true&periods=2025-01..2025-12&by=quarter"),
            (_, _) => R(query: $"items=HH_TOTAL&units={Out}&periods=2025&format=csv"),
            OutsideRefusal.FilteredOut, ListLike: true),
        ["ListPinnedViews"] = new((_, _) => R(), (_, _) => R(), ListLike: true),
        ["CreatePinnedView"] = new(
            (_, _) => R(body: Body(new CivicTrack.Features.Explorer.PinInput("Ma trận", $"items=HH_TOTAL&units={In}&periods=2025"))),
            (_, _) => R(body: Body(new CivicTrack.Features.Explorer.PinInput("Ma trận", $"items=HH_TOTAL&units={In}&periods=2025")))),
        ["DeletePinnedView"] = new(
            async (_, c) => new ApiRequest(Route("id", await OwnPinAsync(c))),
            async (_, c) => new ApiRequest(Route("id", await OwnPinAsync(c)))),
        // Plans, targets and tasks.
        ["ListPlans"] = new((_, _) => R(query: "asOf=2025-06-30"), (_, _) => R(query: "asOf=2025-06-30"), OutsideRefusal.FilteredOut, ListLike: true),
        ["CreatePlan"] = new(
            (w, _) => R(body: Body(new PlanInput($"M{w.Next()}/KH-UBND", "Kế hoạch thử", PlanKind.Plan, new DateOnly(2025, 1, 1), In, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)))),
            (w, _) => R(body: Body(new PlanInput($"M{w.Next()}/KH-UBND", "Kế hoạch thử", PlanKind.Plan, new DateOnly(2025, 1, 1), Out, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["GetPlan"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}")),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"))),
        ["ListTargets"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}")),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"))),
        ["SaveTarget"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}"), Body: Body(new TargetInput("9", "Chỉ tiêu thử", null, null, In, null,
                TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null))),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"), Body: Body(new TargetInput("9", "Chỉ tiêu thử", null, null, Out, null,
                TargetComparison.Done, null, null, new DateOnly(2025, 12, 31), null)))),
        ["ExportTargets"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}"), Query: "format=csv"),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"), Query: "format=csv")),
        ["TargetTemplate"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}")),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"))),
        ["UpdatePlan"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}"), Body: Body(new PlanInput($"M-{In}/KH", $"Kế hoạch ma trận {In}", PlanKind.Plan,
                new DateOnly(2025, 1, 2), In, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)))),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"), Body: Body(new PlanInput($"M-{Out}/KH", $"Kế hoạch ma trận {Out}", PlanKind.Plan,
                new DateOnly(2025, 1, 2), Out, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))))),
        ["DeleteTarget"] = new(
            async (w, _) => { var (plan, target) = await w.FreshTargetAsync(inside: true); return new ApiRequest(new Dictionary<string, string> { ["id"] = $"{plan}", ["targetId"] = $"{target}" }); },
            async (w, _) => { var (plan, target) = await w.FreshTargetAsync(inside: false); return new ApiRequest(new Dictionary<string, string> { ["id"] = $"{plan}", ["targetId"] = $"{target}" }); }),
        ["ImportTargets"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsidePlan}"), Body: Xlsx(await w.TemplateAsync((await w.ProgrammeAsync()).InsidePlan))),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsidePlan}"), Body: Xlsx(await w.TemplateAsync((await w.ProgrammeAsync()).OutsidePlan)))),
        ["ListTargetUnits"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsideTarget}")),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsideTarget}"))),
        ["ListUnitTargets"] = new((_, _) => R(Route("code", In)), (_, _) => R(Route("code", Out))),
        ["GetRanking"] = new((_, _) => R(query: "kind=Commune"), (_, _) => R(query: "kind=Commune"), OutsideRefusal.FilteredOut, ListLike: true),
        ["ExportTasks"] = new((_, _) => R(query: "format=csv"), (_, _) => R(query: $"unit={Out}&format=csv"), OutsideRefusal.FilteredOut, ListLike: true),
        ["ListTasks"] = new((_, _) => R(), (_, _) => R(query: $"unit={Out}"), OutsideRefusal.FilteredOut, ListLike: true),
        ["CreateTask"] = new(
            (_, _) => R(body: Body(new TaskInput(null, "Nhiệm vụ thử", In, "Cán bộ", null, new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), "Kết quả", "Trách nhiệm", "Chủ tịch", 1, null))),
            (_, _) => R(body: Body(new TaskInput(null, "Nhiệm vụ thử", Out, "Cán bộ", null, new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), "Kết quả", "Trách nhiệm", "Chủ tịch", 1, null))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["GetTask"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsideTask}")),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsideTask}"))),
        ["ReportTaskProgress"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsideTask}"), Body: Progress()),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsideTask}"), Body: Progress())),
        ["GetTaskEvidence"] = new(
            async (w, _) => { var p = await w.ProgrammeAsync(); return new ApiRequest(new Dictionary<string, string> { ["id"] = $"{p.InsideTask}", ["evidenceId"] = $"{p.InsideEvidence}" }); },
            async (w, _) => { var p = await w.ProgrammeAsync(); return new ApiRequest(new Dictionary<string, string> { ["id"] = $"{p.OutsideTask}", ["evidenceId"] = $"{p.OutsideEvidence}" }); }),
        ["UpdateTask"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsideTask}"), Body: Body(new TaskInput((await w.ProgrammeAsync()).InsidePlan, $"Nhiệm vụ ma trận {In}", In,
                "Cán bộ", null, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), "Kết quả", "Trách nhiệm", "Chủ tịch UBND", 1, null))),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsideTask}"), Body: Body(new TaskInput((await w.ProgrammeAsync()).OutsidePlan, $"Nhiệm vụ ma trận {Out}", Out,
                "Cán bộ", null, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), "Kết quả", "Trách nhiệm", "Chủ tịch UBND", 1, null)))),
        ["UrgeTask"] = new(
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).InsideTask}"), Body: Body(new TasksApi.UrgeInput(null))),
            async (w, _) => new ApiRequest(Route("id", $"{(await w.ProgrammeAsync()).OutsideTask}"), Body: Body(new TasksApi.UrgeInput(null)))),
        ["GetKpi"] = new((_, _) => R(query: $"month=2025-03&unit={In}"), (_, _) => R(query: $"month=2025-03&unit={Out}")),
        ["DossierServiceIndex"] = new((_, _) => R(query: $"unit={In}&period=2025-10&children=true"), (_, _) => R(query: $"unit={Out}&period=2025-10"),
            OutsideRefusal.ValidationNamesOutsideCode),
        // The caller's own inbox (not unit-scoped: outside is the same kind of request).
        ["ListNotifications"] = new((_, _) => R(query: "unread=true&take=50"), (_, _) => R(), ListLike: true),
        ["CountUnreadNotifications"] = new((_, _) => R(), (_, _) => R()),
        ["MarkNotificationRead"] = new(
            async (w, c) => new ApiRequest(Route("id", await Notifications.NotificationSamples.OwnNotificationIdAsync(w, c))),
            async (w, c) => new ApiRequest(Route("id", await Notifications.NotificationSamples.OwnNotificationIdAsync(w, c)))),
        ["MarkAllNotificationsRead"] = new((_, _) => R(), (_, _) => R()),
        // Reporting. Inside requests aim at Thượng Tân's approved October report, so writes are refused by its state (409)
        // or by validation (400) and change nothing; outside ones aim at Giáp Trung.
        ["ListReportForms"] = new((_, _) => R(), (_, _) => R()),
        ["GetReportForm"] = new((_, _) => R(Route("code", Form)), (_, _) => R(Route("code", Form))),
        ["CreateReportForm"] = new((_, _) => R(body: Body(FormInput(In))), (_, _) => R(body: Body(FormInput(Out))), OutsideRefusal.ValidationNamesOutsideCode),
        ["UpdateReportForm"] = new((_, _) => R(Route("code", Form), body: Body(FormInput(In))), (_, _) => R(Route("code", Form), body: Body(FormInput(Out))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["ExportLateReports"] = new((_, _) => R(query: $"form={Form}&unit={In}&periods=2025-10&format=csv"),
            (_, _) => R(query: $"form={Form}&unit={Out}&periods=2025-10&format=csv"), ListLike: true),
        ["ListReports"] = new((_, _) => R(query: $"form={Form}&unit={In}&periods=2025-10"), (_, _) => R(query: $"form={Form}&unit={Out}&periods=2025-10"), ListLike: true),
        ["GetReport"] = new((_, _) => R(Report(In)), (_, _) => R(Report(Out))),
        ["SaveReport"] = new((_, _) => R(Report(In), body: Body(new ReportInput([]))), (_, _) => R(Report(Out), body: Body(new ReportInput([])))),
        ["SubmitReport"] = new((_, _) => R(Report(In), body: Body(new ReportInput(null))), (_, _) => R(Report(Out), body: Body(new ReportInput(null)))),
        ["ApproveReport"] = new((_, _) => R(Report(In)), (_, _) => R(Report(Out))),
        ["ReturnReport"] = new((_, _) => R(Report(In), body: Body(new ReturnInput("Kiểm tra lại"))), (_, _) => R(Report(Out), body: Body(new ReturnInput("Kiểm tra lại")))),
        ["RequestReportReopen"] = new((_, _) => R(Report(In), body: Body(new ReopenRequestInput("Quá hạn do mất điện"))), (_, _) => R(Report(Out), body: Body(new ReopenRequestInput("Quá hạn do mất điện")))),
        ["ReopenReport"] = new((_, _) => R(Report(In), body: Body(new ReopenInput(3))), (_, _) => R(Report(Out), body: Body(new ReopenInput(3)))),
        ["GetReportTemplate"] = new((_, _) => R(Report(In)), (_, _) => R(Report(Out))),
        ["ImportReport"] = new((_, _) => R(Report(In), body: NotExcel()), (_, _) => R(Report(Out), body: NotExcel())),
        ["UrgeReports"] = new((_, _) => R(body: Body(new UrgeReportsInput(Form, "2025-10", In, null))), (_, _) => R(body: Body(new UrgeReportsInput(Form, "2025-10", Out, null)))),
        ["GetReportingRates"] = new((_, _) => R(query: $"form={Form}&unit={In}&periods=2025-10"), (_, _) => R(query: $"form={Form}&unit={Out}&periods=2025-10"), ListLike: true),
        ["GetFormSynthesis"] = new((_, _) => R(Synthesis(Form), $"unit={In}"), (_, _) => R(Synthesis(Form), $"unit={Out}")),
        ["GetProgrammeSynthesis"] = new((_, _) => R(new Dictionary<string, string> { ["period"] = "2025-10", ["format"] = "xlsx" }, $"unit={In}"),
            (_, _) => R(new Dictionary<string, string> { ["period"] = "2025-10", ["format"] = "xlsx" }, $"unit={Out}")),
        // One-stop-shop dossiers.
        ["ImportDossiers"] = new((_, _) => R(body: DossierCsv("MATRIX-D1", In)), (_, _) => R(body: DossierCsv("MATRIX-D2", Out)),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["DossierMetrics"] = new((_, _) => R(query: $"unit={In}&periods=2025-10"), (_, _) => R(query: $"unit={Out}&periods=2025-10"),
            OutsideRefusal.ValidationNamesOutsideCode, ListLike: true),
        ["ListDossiers"] = new((_, _) => R(query: $"unit={In}&period=2025-10&late=true"), (_, _) => R(query: $"unit={Out}&period=2025-10&late=true"),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["ListDossierImports"] = new((_, _) => R(), (_, _) => R(), OutsideRefusal.FilteredOut, ListLike: true),
        ["DossierImportProblems"] = new(
            async (_, caller) => new ApiRequest(Route("id", caller is null ? "1" : await OwnDossierImportAsync(caller))),
            (_, _) => R(Route("id", "999999999"))),
        // Community digital technology teams and the commendation ranking.
        ["ListTeams"] = new((_, _) => R(query: $"unit={In}"), (_, _) => R(query: $"unit={Out}"), ListLike: true),
        ["TeamSummary"] = new((_, _) => R(query: $"unit={In}"), (_, _) => R(query: $"unit={Out}"), ListLike: true),
        ["VillagesWithoutTeam"] = new((_, _) => R(query: $"unit={In}"), (_, _) => R(query: $"unit={Out}"), ListLike: true),
        ["ExportTeams"] = new((_, _) => R(query: $"unit={In}&format=xlsx"), (_, _) => R(query: $"unit={Out}&format=xlsx")),
        ["GetTeam"] = new(async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.InsideVillage))),
            async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.OutsideVillage)))),
        // An inside unit that has its team already (409), an outside one named as out of reach: nothing is founded.
        ["CreateTeam"] = new((_, _) => R(body: Body(new CivicTrack.Features.Community.Teams.TeamInput(MatrixWorld.InsideVillage, null, null, null))),
            (_, _) => R(body: Body(new CivicTrack.Features.Community.Teams.TeamInput(MatrixWorld.OutsideVillage, null, null, null))), OutsideRefusal.ValidationNamesOutsideCode),
        // A decision dated 1900 is refused by validation, so the inside request changes nothing either.
        ["UpdateTeam"] = new(async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.InsideVillage)), body: Body(BadTeam)),
            async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.OutsideVillage)), body: Body(BadTeam))),
        ["AddTeamMember"] = new(async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.InsideVillage)), body: Body(BadMember)),
            async (w, _) => await R(Route("id", await TeamIdAsync(w, MatrixWorld.OutsideVillage)), body: Body(BadMember))),
        ["UpdateTeamMember"] = new(async (w, _) => await R(await MemberRouteAsync(w, MatrixWorld.InsideVillage, fresh: false), body: Body(BadMember)),
            async (w, _) => await R(await MemberRouteAsync(w, MatrixWorld.OutsideVillage, fresh: false), body: Body(BadMember))),
        // Each caller allowed to remove a member removes a fresh one of its own.
        ["RemoveTeamMember"] = new(async (w, _) => await R(await MemberRouteAsync(w, MatrixWorld.InsideVillage, fresh: true)),
            async (w, _) => await R(await MemberRouteAsync(w, MatrixWorld.OutsideVillage, fresh: false))),
        ["ImportTeams"] = new((_, _) => R(body: Xlsx(TeamBook(MatrixWorld.InsideVillage))), (_, _) => R(body: Xlsx(TeamBook(MatrixWorld.OutsideVillage))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["GetCommendation"] = new((_, _) => R(query: $"unit={In}&period=2025&of=units"), (_, _) => R(query: $"unit={Out}&period=2025&of=units"), ListLike: true),
        ["GetCommendationAnnex"] = new((_, _) => R(query: $"unit={In}&period=2025&of=teams&top=3"), (_, _) => R(query: $"unit={Out}&period=2025&of=teams&top=3")),
        // Household support log. The inside entry is the same every time (stored once, then unchanged); the outside one is
        // answered 200 with the entry refused as outside, naming no code of the outside commune.
        ["SaveHouseholdSupport"] = new((_, _) => R(body: Body(HouseholdBatch(MatrixWorld.InsideVillage, "6f9c2a1e-5a1b-4c3d-8e9f-000000000001"))),
            (_, _) => R(body: Body(HouseholdBatch(MatrixWorld.OutsideVillage, "6f9c2a1e-5a1b-4c3d-8e9f-000000000002"))),
            OutsideRefusal.FilteredOut, ListLike: true),
        ["ListHouseholdSupport"] = new((_, _) => R(query: $"village={MatrixWorld.InsideVillage}&from=2025-10-01&to=2025-10-31"),
            (_, _) => R(query: $"village={MatrixWorld.OutsideVillage}"), ListLike: true),
        ["DeleteHouseholdSupport"] = new(async (w, _) => new ApiRequest(Route("id", await HouseholdEntryAsync(w, MatrixWorld.InsideVillage))),
            async (w, _) => new ApiRequest(Route("id", await HouseholdEntryAsync(w, MatrixWorld.OutsideVillage)))),
        ["HouseholdSupportMe"] = new((_, _) => R(), (_, _) => R(), OutsideRefusal.FilteredOut, ListLike: true),
        ["HouseholdCoverage"] = new((_, _) => R(query: $"unit={In}&asOf=2025-10-31"), (_, _) => R(query: $"unit={Out}&asOf=2025-10-31")),
        // DHIS2 exchange. The import is a dry run, so the matrix changes nothing; a unit outside is a conflict naming it.
        ["ImportDhis2DataValueSets"] = new((_, _) => R(query: "dryRun=true&idScheme=CODE", body: Dhis2Set(In)), (_, _) => R(query: "dryRun=true&idScheme=CODE", body: Dhis2Set(Out)),
            OutsideRefusal.ConflictNamesOutsideCode),
        ["ExportDhis2DataValueSets"] = new((_, _) => R(query: $"dataSet={Form}&orgUnit={In}&period=202510&children=true"),
            (_, _) => R(query: $"dataSet={Form}&orgUnit={Out}&period=202510"), OutsideRefusal.ValidationNamesOutsideCode),
        ["ListDhis2Mappings"] = new((_, _) => R(query: "format=csv"), (_, _) => R()),
        ["ImportDhis2Mappings"] = new((_, _) => R(body: new StringContent("kind,uid,code\ndataElement,mtxHhTotal1,HH_TOTAL\n", Encoding.UTF8, "text/csv")),
            (_, _) => R(body: new StringContent("kind,uid,code\ndataElement,mtxHhTotal1,HH_TOTAL\n", Encoding.UTF8, "text/csv"))),
        // Federation: a batch names its province; an account of a commune pushes for no province, and one aimed at the outside
        // commune is refused naming it. The national views list only provinces within the caller's units.
        ["ReceiveFederationBatch"] = new(
            (_, _) => R(body: FederationBatch("08", MatrixWorld.InsideVillage)),
            (_, _) => R(body: FederationBatch(MatrixWorld.OutsideCommune, MatrixWorld.OutsideVillage)),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["ListFederationProvinces"] = new((_, _) => R(query: "element=HH_TOTAL&period=2025"), (_, _) => R(query: "element=HH_TOTAL&period=2025"), OutsideRefusal.FilteredOut, ListLike: true),
        ["FederationReconciliation"] = new((_, _) => R(), (_, _) => R(query: $"province={MatrixWorld.OutsideCommune}"), OutsideRefusal.FilteredOut, ListLike: true),
        ["ListFederationOutgoing"] = new((_, _) => R(), (_, _) => R(), OutsideRefusal.FilteredOut, ListLike: true),
        ["PushFederationNow"] = new((_, _) => R(), (_, _) => R()),
    }.Concat(CivicTrack.Tests.Community.ActivityMatrix.Samples).Concat(CivicTrack.Tests.CompositeIndex.IndexSamples.Matrix()).Concat(CivicTrack.Tests.OpenData.OpenDataMatrix.Samples).ToDictionary();

    private static readonly CivicTrack.Features.Community.Teams.TeamInput BadTeam = new(null, "1/QĐ-UBND", new DateOnly(1900, 1, 1), true);
    private static readonly CivicTrack.Features.Community.Teams.MemberInput BadMember = new("Thành viên ma trận", "Member", true, "123", true);

    /// <summary>The demo team of a village, read with the system scope.</summary>
    private static async Task<string> TeamIdAsync(MatrixWorld world, string unit)
    {
        var system = await world.App.Services.GetRequiredService<AccessScopes>().SystemAsync(TestContext.Current.CancellationToken);
        var list = await world.App.Services.GetRequiredService<CivicTrack.Features.Community.Teams.TeamService>()
            .ListAsync(system, unit, children: false, TestContext.Current.CancellationToken);
        return list.Value!.Teams.Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A member of the village's team: its first one, or a fresh one added with the system scope.</summary>
    private static async Task<Dictionary<string, string>> MemberRouteAsync(MatrixWorld world, string unit, bool fresh)
    {
        var ct = TestContext.Current.CancellationToken;
        var system = await world.App.Services.GetRequiredService<AccessScopes>().SystemAsync(ct);
        var teams = world.App.Services.GetRequiredService<CivicTrack.Features.Community.Teams.TeamService>();
        var team = int.Parse(await TeamIdAsync(world, unit), System.Globalization.CultureInfo.InvariantCulture);
        int member;
        if (fresh)
        {
            var added = await teams.AddMemberAsync(system, team, new CivicTrack.Features.Community.Teams.MemberInput($"Thành viên tạm {world.Next()}", "Member", false, null, true), ct);
            Assert.Equal(OutcomeKind.Created, added.Kind);
            member = added.Value!.Id;
        }
        else member = (await teams.GetAsync(system, team, ct))!.Members[0].Id;
        return new Dictionary<string, string> { ["id"] = team.ToString(System.Globalization.CultureInfo.InvariantCulture), ["memberId"] = member.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>A team workbook with one member row for the village whose phone is refused, so nothing is ever applied.</summary>
    private static byte[] TeamBook(string unit) => Workbook.ToBytes([
        new Sheet("teams", [.. CivicTrack.Features.Community.Teams.TeamExchange.TeamColumns.Select(c => new SheetColumn(c))], []),
        new Sheet("members", [.. CivicTrack.Features.Community.Teams.TeamExchange.MemberColumns.Select(c => new SheetColumn(c))],
            [[unit, "", "Thành viên ma trận", "Member", "yes", "123", "yes"]]),
    ]);

    private static object HouseholdBatch(string village, string id) => new
    {
        entries = new[] { new { id, village, household = "MX-001", date = "2025-10-03", editedAt = "2025-10-03T08:01:02Z",
            services = new[] { new { service = "VNEID", outcome = "done" } }, note = (string?)null } },
    };

    /// <summary>A fresh household entry in the village, made with the system scope, to be deleted.</summary>
    private static async Task<string> HouseholdEntryAsync(MatrixWorld world, string village)
    {
        var system = await world.App.Services.GetRequiredService<AccessScopes>().SystemAsync();
        var id = Guid.NewGuid().ToString();
        var saved = await world.App.Services.GetRequiredService<CivicTrack.Features.Community.Households.HouseholdLog>().SaveAsync(system,
            new CivicTrack.Features.Community.Households.HouseholdBatch([new(id, village, $"MX-{world.Next()}", "2025-10-04", "2025-10-04T08:00:00Z",
                [new("VNEID", "partly")], null)]), CancellationToken.None);
        if (saved.Value?.Results.Single().Status != "stored") throw new InvalidOperationException("the household entry to delete was not stored");
        return id;
    }

    /// <summary>A dossier file of one row handled by <paramref name="unit"/>: the same every time, so it changes nothing after the first.</summary>
    private static HttpContent Dhis2Set(string unit) => new StringContent(
        $$"""{"dataSet":"{{Form}}","period":"202510","orgUnit":"{{unit}}","dataValues":[{"dataElement":"HH_TOTAL","categoryOptionCombo":"HllvX50cXC0","value":"1234"}]}""",
        Encoding.UTF8, "application/json");

    private static HttpContent DossierCsv(string code, string unit, string channel = "2") => new StringContent(
        CivicTrack.Engine.Dossiers.DossierColumns.Header + "\n" + $"{code},1.001,Thủ tục thử,Thử,4,{channel},{unit},{unit},2025-10-01,2025-10-05,2025-10-03,,10,0,0,0\n",
        Encoding.UTF8, "text/csv");

    /// <summary>An import of the caller's own with a refused row (made when the caller may import; any id otherwise).</summary>
    private static async Task<string> OwnDossierImportAsync(MatrixCaller caller)
    {
        if (caller.Role is not (Roles.Administrator or Roles.ProgrammeManager or Roles.Reporter)) return "1";
        var file = CivicTrack.Engine.Dossiers.DossierColumns.Header + "\n"
            + $"MATRIX-D1,1.001,Thủ tục thử,Thử,4,2,{In},{In},2025-10-01,2025-10-05,2025-10-03,,10,0,0,0\n"
            + $"MATRIX-D3,1.001,Thủ tục thử,Thử,4,9,{In},{In},2025-10-01,2025-10-05,2025-10-03,,10,0,0,0\n";
        using var response = await caller.Client.PostAsync("/api/dossiers", new StringContent(file, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the import answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("importId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private const string Form = CivicTrack.Demo.DemoReporting.MonthlyForm;

    private static Dictionary<string, string> Report(string unit) => new() { ["form"] = Form, ["unit"] = unit, ["period"] = "2025-10" };

    private static Dictionary<string, string> Synthesis(string form) => new() { ["form"] = form, ["period"] = "2025-10", ["format"] = "xlsx" };

    /// <summary>A form without sections (refused by validation) assigned to one unit.</summary>
    private static ReportFormInput FormInput(string unit) =>
        new("MATRIX-FORM", "Biểu mẫu thử", null, null, null, null, null, "day:25", null, 1, null, [], null, new AssignmentInput(null, null, [unit]));

    private static HttpContent NotExcel() => new MultipartFormDataContent { { new ByteArrayContent("không phải Excel"u8.ToArray()), "file", "report.xlsx" } };

    private static HttpContent Xlsx(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    private static HttpContent Progress() => new MultipartFormDataContent { { new StringContent("30"), "progress" }, { new StringContent("Đang triển khai"), "note" } };
}
