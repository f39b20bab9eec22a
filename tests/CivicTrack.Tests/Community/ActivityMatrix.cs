using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Community.Activities;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Accounts;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Community;

/// <summary>The activity and campaign endpoints' samples for the authorization matrix, and what they need from its world.</summary>
public static class ActivityMatrix
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string In = MatrixWorld.InsideCommune;
    private const string Out = MatrixWorld.OutsideCommune;

    private sealed record Fixed(int InsideEvidenceActivity, int InsideEvidence, int OutsideEvidenceActivity, int OutsideEvidence, int InsideCampaign, int OutsideCampaign);
    private static readonly ConditionalWeakTable<MatrixWorld, Fixed> Made = [];

    public static ActivityInput Input(string unit) =>
        new(unit, null, ActivityKind.Meeting, "Họp tổ công nghệ số", new DateOnly(2025, 11, 8), null, "Nhà văn hóa", Citizens: 12);

    /// <summary>A fresh activity of the unit (a meeting: it feeds no data element), made with the system scope.</summary>
    public static async Task<string> ActivityAsync(MatrixWorld w, string unit)
    {
        var system = await w.App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var made = await w.App.Services.GetRequiredService<ActivityService>().CreateAsync(system, Input(unit), Ct);
        Assert.Equal(OutcomeKind.Created, made.Kind);
        return made.Value!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Fixed> FixedAsync(MatrixWorld w)
    {
        if (Made.TryGetValue(w, out var f)) return f;
        var system = await w.App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var activities = w.App.Services.GetRequiredService<ActivityService>();
        var plans = w.App.Services.GetRequiredService<PlanService>();
        async Task<(int Activity, int Evidence, int Campaign)> For(string unit)
        {
            var id = int.Parse(await ActivityAsync(w, unit), System.Globalization.CultureInfo.InvariantCulture);
            var bytes = Encoding.UTF8.GetBytes("danh sách");
            var added = await activities.AddEvidenceAsync(system, id, [new EvidenceUpload("danh-sach.txt", "text/plain", bytes.Length, () => new MemoryStream(bytes))], Ct);
            Assert.Equal(OutcomeKind.Ok, added.Kind);
            var campaign = await plans.CreatePlanAsync(system, new PlanInput($"M-{unit}/CD", $"Chiến dịch ma trận {unit}", PlanKind.Campaign,
                new DateOnly(2025, 9, 1), unit, new DateOnly(2025, 9, 1), new DateOnly(2025, 10, 15), unit), Ct);
            Assert.Equal(OutcomeKind.Created, campaign.Kind);
            return (id, added.Value!.Evidence[0].Id, campaign.Value!.Id);
        }
        var inside = await For(In);
        var outside = await For(Out);
        f = new Fixed(inside.Activity, inside.Evidence, outside.Activity, outside.Evidence, inside.Campaign, outside.Campaign);
        Made.AddOrUpdate(w, f);
        return f;
    }

    private static Task<ApiRequest> R(IReadOnlyDictionary<string, string>? route = null, string? query = null, HttpContent? body = null) =>
        Task.FromResult(new ApiRequest(route, query, body));

    private static Dictionary<string, string> Route(string name, string value) => new() { [name] = value };

    private static HttpContent Body<T>(T value) => JsonContent.Create(value, options: Json.Options);

    private static HttpContent Files()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("ảnh hoạt động"));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "files", "hoat-dong.txt");
        return form;
    }

    public static readonly IReadOnlyDictionary<string, ApiSample> Samples = new Dictionary<string, ApiSample>
    {
        ["ListActivities"] = new((_, _) => R(query: $"unit={In}"), (_, _) => R(query: $"unit={Out}"), OutsideRefusal.ValidationNamesOutsideCode, ListLike: true),
        ["PrefillFromActivities"] = new(
            (_, _) => R(query: $"form={CivicTrack.Demo.DemoReporting.OctoberForm}&unit={In}&period=2025-10"),
            (_, _) => R(query: $"form={CivicTrack.Demo.DemoReporting.OctoberForm}&unit={Out}&period=2025-10"),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["GetActivity"] = new(
            async (w, _) => new ApiRequest(Route("id", (await FixedAsync(w)).InsideEvidenceActivity.ToString())),
            async (w, _) => new ApiRequest(Route("id", (await FixedAsync(w)).OutsideEvidenceActivity.ToString()))),
        ["CreateActivity"] = new((_, _) => R(body: Body(Input(MatrixWorld.InsideVillage))), (_, _) => R(body: Body(Input(Out))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["UpdateActivity"] = new(
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, In)), Body: Body(Input(In))),
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, Out)), Body: Body(Input(Out)))),
        ["DeleteActivity"] = new(
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, In))),
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, Out)))),
        ["AddActivityEvidence"] = new(
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, In)), Body: Files()),
            async (w, _) => new ApiRequest(Route("id", await ActivityAsync(w, Out)), Body: Files())),
        ["GetActivityEvidence"] = new(
            async (w, _) => { var f = await FixedAsync(w); return new ApiRequest(new Dictionary<string, string> { ["id"] = f.InsideEvidenceActivity.ToString(), ["evidenceId"] = f.InsideEvidence.ToString() }); },
            async (w, _) => { var f = await FixedAsync(w); return new ApiRequest(new Dictionary<string, string> { ["id"] = f.OutsideEvidenceActivity.ToString(), ["evidenceId"] = f.OutsideEvidence.ToString() }); }),
        ["ListCampaigns"] = new((_, _) => R(query: "asOf=2025-10-01"), (_, _) => R(query: "asOf=2025-10-01"), OutsideRefusal.FilteredOut, ListLike: true),
        ["GetCampaign"] = new(
            async (w, _) => new ApiRequest(Route("id", (await FixedAsync(w)).InsideCampaign.ToString())),
            async (w, _) => new ApiRequest(Route("id", (await FixedAsync(w)).OutsideCampaign.ToString()))),
    };
}
