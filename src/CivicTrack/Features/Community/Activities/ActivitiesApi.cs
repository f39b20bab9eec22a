using CivicTrack.Engine.Files;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Activities;

/// <summary>Activities with their evidence, the report prefill and campaigns as JSON.</summary>
public static class ActivitiesApi
{
    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/activities").WithTags("Activities");
        api.MapGet("/", async (string? unit, bool? children, DateOnly? from, DateOnly? to, string? kind, int? campaign, AccessScope scope,
                ActivityService activities, IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
            {
                ActivityKind? k = null;
                if (kind is { Length: > 0 })
                {
                    if (!Enum.TryParse<ActivityKind>(kind.Trim(), true, out var parsed) || int.TryParse(kind, out _))
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [a["Activity.BadKind", kind]] });
                    k = parsed;
                }
                return (await activities.ListAsync(scope, new ActivityFilter(unit, children ?? true, from, to, k, campaign), ct)).ToHttp(null);
            })
            .WithName("ListActivities").RequireAccess(Access.ActivitiesRead)
            .WithSummary("Activities within reach (newest first, at most 500) with the count by kind of all that match: by unit (with its subtree unless children=false), dates (from, to), kind and campaign");
        api.MapGet("/prefill", async (string? form, string? unit, string? period, AccessScope scope, ActivityService activities, CancellationToken ct) =>
                (await activities.PrefillAsync(scope, form, unit, period, ct)).ToHttp(null))
            .WithName("PrefillFromActivities").RequireAccess(Access.ActivitiesRead)
            .WithSummary("The values a report form's fields get from the activities recorded at the unit in the period, by the activity mapping (nothing is saved)");
        api.MapGet("/{id:int}", async Task<Results<Ok<ActivityDto>, NotFound<ProblemDetails>>> (int id, AccessScope scope, ActivityService activities,
                IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
                await activities.GetAsync(scope, id, ct) is { } d ? TypedResults.Ok(d) : NotFound(a))
            .WithName("GetActivity").RequireAccess(Access.ActivitiesRead).WithSummary("An activity with its participants and evidence files");
        api.MapPost("/", async (ActivityInput input, AccessScope scope, ActivityService activities, IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
                (await activities.CreateAsync(scope, input, ct)).ToHttp(a["Activity.NotFound"], location: x => $"/api/activities/{x.Id}"))
            .WithName("CreateActivity").RequireAccess(Access.ActivitiesWrite)
            .WithSummary("Record an activity; the data elements it maps to move for its unit and month at once");
        api.MapPut("/{id:int}", async (int id, ActivityInput input, AccessScope scope, ActivityService activities, IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
                (await activities.UpdateAsync(scope, id, input, ct)).ToHttp(a["Activity.NotFound"]))
            .WithName("UpdateActivity").RequireAccess(Access.ActivitiesWrite)
            .WithSummary("Replace an activity; the old and the new unit-month are both computed again");
        api.MapDelete("/{id:int}", async (int id, AccessScope scope, ActivityService activities, IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
                (await activities.DeleteAsync(scope, id, ct)).ToHttp(a["Activity.NotFound"]))
            .WithName("DeleteActivity").RequireAccess(Access.ActivitiesWrite)
            .WithSummary("Remove an activity and its files; what it added to the data values goes with it");
        api.MapPost("/{id:int}/evidence", AddEvidence).WithName("AddActivityEvidence").RequireAccess(Access.ActivitiesWrite)
            .Produces<ActivityDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Attach evidence files (multipart field `files`): up to 10 files of 10 MB each per request, 20 per activity, of common office, image and archive types")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery();
        api.MapGet("/{id:int}/evidence/{evidenceId:int}", Evidence).Produces(200, contentType: FileTypes.Binary).ProducesProblem(404)
            .WithName("GetActivityEvidence").RequireAccess(Access.ActivitiesRead).WithSummary("Download an activity's evidence file");

        var campaigns = app.MapGroup("/api/campaigns").WithTags("Activities");
        campaigns.MapGet("/", async (DateOnly? asOf, AccessScope scope, CampaignService service, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(scope, asOf ?? VietnamTime.Today(clock), ct: ct)))
            .WithName("ListCampaigns").RequireAccess(Access.ActivitiesRead)
            .WithSummary("Campaigns within reach, running ones first, each with its days left (or until it starts, or since it ended)");
        campaigns.MapGet("/{id:int}", async Task<Results<Ok<CampaignDetail>, NotFound<ProblemDetails>>> (int id, DateOnly? asOf, AccessScope scope,
                CampaignService service, TimeProvider clock, IStringLocalizer<ActivityResource> a, CancellationToken ct) =>
                await service.GetAsync(scope, id, asOf ?? VietnamTime.Today(clock), ct) is { } d ? TypedResults.Ok(d)
                    : TypedResults.NotFound(new ProblemDetails { Title = a["Campaign.NotFound"], Status = 404 }))
            .WithName("GetCampaign").RequireAccess(Access.ActivitiesRead)
            .WithSummary("A campaign's targets, each village's and commune's standing on them, who is behind (worst first) and the activities held");
        return app;
    }

    private static NotFound<ProblemDetails> NotFound(IStringLocalizer<ActivityResource> a) =>
        TypedResults.NotFound(new ProblemDetails { Title = a["Activity.NotFound"], Status = 404 });

    private static async Task<IResult> AddEvidence(int id, HttpRequest request, AccessScope scope, ActivityService activities, UploadLimits limits,
        IStringLocalizer<ActivityResource> a, IStringLocalizer<UploadResource> ut, CancellationToken ct)
    {
        var (read, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
        if (problem is not null || read is not { } form) return problem!;
        var files = form.Files.Select(f => new EvidenceUpload(f.FileName, f.ContentType, f.Length, f.OpenReadStream)).ToList();
        return (await activities.AddEvidenceAsync(scope, id, files, ct)).ToHttp(a["Activity.NotFound"]);
    }

    /// <summary>An evidence file as a download: typed from its extension and first bytes, always an attachment, sandboxed.</summary>
    private static async Task<IResult> Evidence(int id, int evidenceId, AccessScope scope, ActivityService activities, HttpContext http,
        IStringLocalizer<ActivityResource> a, CancellationToken ct)
    {
        if (await activities.EvidenceAsync(scope, id, evidenceId, ct) is not { } e) return NotFound(a);
        var head = new byte[FileTypes.SniffBytes];
        int read;
        await using (var file = File.OpenRead(e.Path)) read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        Downloads.MarkAsAttachment(http.Response, e.Evidence.FileName);
        return TypedResults.PhysicalFile(e.Path, FileTypes.Checked(e.Evidence.StoredName, head.AsSpan(0, read)));
    }
}

public static class ActivitiesServices
{
    public static IServiceCollection AddActivities(this IServiceCollection services, IConfiguration config)
    {
        var settings = config.GetSection("Community").Get<ActivitySettings>() ?? new ActivitySettings();
        services.AddSingleton(ActivityMapping.From(settings));
        return services.AddSingleton<ActivityService>().AddSingleton<CampaignService>();
    }
}
