using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Plans;

/// <summary>Plans, targets with their status, and rankings as JSON.</summary>
public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plans").WithTags("Plans");
        api.MapGet("/", async (DateOnly? asOf, AccessScope scope, PlanService plans, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await plans.ListAsync(scope, asOf ?? VietnamTime.Today(clock), ct)))
            .WithName("ListPlans").RequireAccess(Access.PlansRead)
            .WithSummary("Plans the caller sees, each with its document number and a summary of targets achieved as of a day (default today)");
        api.MapPost("/", async (PlanInput input, AccessScope scope, PlanService plans, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await plans.CreatePlanAsync(scope, input, ct)).ToHttp(t["Plans.NotFound"], location: p => $"/api/plans/{p.Id}"))
            .WithName("CreatePlan").RequireAccess(Access.PlansManage).WithSummary("Register a plan document");
        api.MapGet("/{id:int}", async Task<Results<Ok<PlanDetailDto>, NotFound<ProblemDetails>>> (int id, DateOnly? asOf, AccessScope scope, PlanService plans,
                TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await plans.GetAsync(scope, id, asOf ?? VietnamTime.Today(clock), ct) is { } d ? TypedResults.Ok(d) : NotFound(t))
            .WithName("GetPlan").RequireAccess(Access.PlansRead).WithSummary("A plan with its summary by pillar and by unit");
        api.MapPut("/{id:int}", async (int id, PlanInput input, AccessScope scope, PlanService plans, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await plans.UpdatePlanAsync(scope, id, input, ct)).ToHttp(t["Plans.NotFound"]))
            .WithName("UpdatePlan").RequireAccess(Access.PlansManage).WithSummary("Replace a plan's document details (number, title, kind, dates, issuing unit)");
        api.MapGet("/{id:int}/targets", async Task<Results<Ok<IReadOnlyList<TargetDto>>, NotFound<ProblemDetails>>> (int id, DateOnly? asOf, AccessScope scope,
                PlanService plans, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await plans.TargetsAsync(scope, id, asOf ?? VietnamTime.Today(clock), ct) is { } list ? TypedResults.Ok(list) : NotFound(t))
            .WithName("ListTargets").RequireAccess(Access.PlansRead).WithSummary("A plan's targets, each with its status, actual, expected value and monthly trend");
        api.MapGet("/{id:int}/targets/export", async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> (int id, DateOnly? asOf,
                string? format, AccessScope scope, PlanExports export, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            {
                if (!ListDownload.TryParse(format, out var f)) return ListDownload.BadFormat(format, t);
                var today = VietnamTime.Today(clock);
                return await export.TargetsAsync(scope, id, asOf ?? today, ct) is { } sheet ? ListDownload.File(sheet, f, $"plan-{id}-targets", today) : NotFound(t);
            })
            .WithName("ExportTargets").RequireAccess(Access.PlansRead)
            .WithSummary("A plan's targets with status and current value as of a day, as a styled workbook or CSV (format=xlsx|csv)");
        api.MapPut("/{id:int}/targets", async (int id, TargetInput input, DateOnly? asOf, AccessScope scope, PlanService plans, TimeProvider clock,
                IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await plans.SaveTargetAsync(scope, id, input, asOf ?? VietnamTime.Today(clock), ct)).ToHttp(t["Plans.NotFound"]))
            .WithName("SaveTarget").RequireAccess(Access.PlansManage).WithSummary("Add or replace a target by its code within the plan");
        api.MapDelete("/{id:int}/targets/{targetId:int}", async (int id, int targetId, AccessScope scope, PlanService plans, IStringLocalizer<SharedResource> t,
                CancellationToken ct) => (await plans.DeleteTargetAsync(scope, id, targetId, ct)).ToHttp(t["Plans.NotFound"]))
            .WithName("DeleteTarget").RequireAccess(Access.PlansManage)
            .WithSummary("Remove a target from a plan; the data values it read stay, and the audit log keeps the target as it was");
        api.MapGet("/{id:int}/targets/template", async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> (int id, AccessScope scope, PlanService plans,
                IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await plans.TemplateAsync(scope, id, ct) is { } bytes
                    ? TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"targets-plan-{id}.xlsx")
                    : NotFound(t))
            .WithName("TargetTemplate").RequireAccess(Access.PlansManage).WithSummary("The target annex as an Excel file to fill in (the plan's targets, or an example row)");
        api.MapPost("/{id:int}/targets/import", ImportTargets).WithName("ImportTargets").RequireAccess(Access.PlansManage)
            .WithSummary("Import targets from an Excel annex (raw body or multipart field `file`): every refused cell is named, nothing is half-applied")
            .Accepts<IFormFile>("multipart/form-data", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")
            .DisableAntiforgery();
        app.MapGet("/api/targets/{id:int}/units", async Task<Results<Ok<IReadOnlyList<TargetUnitDto>>, NotFound<ProblemDetails>>> (int id, DateOnly? asOf,
                AccessScope scope, PlanService plans, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await plans.TargetUnitsAsync(scope, id, asOf ?? VietnamTime.Today(clock), ct) is { } list ? TypedResults.Ok(list) : NotFound(t))
            .WithTags("Plans").WithName("ListTargetUnits").RequireAccess(Access.PlansRead).WithSummary("Each unit's standing on a target over every unit of a kind");
        app.MapGet("/api/org-units/{code}/targets", async Task<Results<Ok<IReadOnlyList<UnitTargetDto>>, NotFound<ProblemDetails>>> (string code, DateOnly? asOf,
                AccessScope scope, PlanService plans, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await plans.UnitTargetsAsync(scope, code, asOf ?? VietnamTime.Today(clock), ct) is { } list ? TypedResults.Ok(list) : NotFound(t))
            .WithTags("Plans").WithName("ListUnitTargets").RequireAccess(Access.PlansRead).WithSummary("The targets that apply to a unit, with its own status");
        app.MapGet("/api/rankings", async Task<Results<Ok<IReadOnlyList<RankingRow>>, ProblemHttpResult>> (string? kind, DateOnly? asOf, AccessScope scope,
                PlanService plans, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            {
                var k = OrgUnitKind.Commune;
                if (kind is { Length: > 0 } && !OrgImportPlanner.TryParseKind(kind, out k))
                    return TypedResults.Problem(t["Api.UnknownKind", kind, string.Join(", ", Enum.GetNames<OrgUnitKind>())], statusCode: 400);
                return TypedResults.Ok(await plans.RankingAsync(scope, k, asOf ?? VietnamTime.Today(clock), ct));
            })
            .WithTags("Plans").WithName("GetRanking").RequireAccess(Access.PlansRead).WithSummary("Units of a kind (default communes) ranked by targets achieved, then by task score");
        return app;
    }

    private static async Task<Results<Ok<TargetImportResult>, UnprocessableEntity<TargetImportResult>, NotFound<ProblemDetails>, ProblemHttpResult>> ImportTargets(
        int id, HttpRequest request, AccessScope scope, PlanService plans, UploadLimits limits, IStringLocalizer<SharedResource> t,
        IStringLocalizer<UploadResource> ut, CancellationToken ct)
    {
        Stream upload = request.Body;
        long? length = request.ContentLength;
        if (request.HasFormContentType)
        {
            var (form, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
            if (problem is not null) return problem;
            if (form!.Files.GetFile("file") is not { } file)
                return TypedResults.UnprocessableEntity(new TargetImportResult(false, 0, 0, 0, [new TargetImportError(0, "file", "", t["Plans.NotXlsx"])]));
            upload = file.OpenReadStream();
            length = file.Length;
        }
        var (body, tooLarge) = await UploadRequest.ReadBodyAsync(upload, length, limits, ut, ct);
        if (tooLarge is not null) return tooLarge;
        await using var _ = body;
        var result = await plans.ImportTargetsAsync(scope, id, body!, ct);
        if (result is null) return NotFound(t);
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }

    internal static NotFound<ProblemDetails> NotFound(IStringLocalizer<SharedResource> t) =>
        TypedResults.NotFound(new ProblemDetails { Title = t["Plans.NotFound"], Status = 404 });
}
