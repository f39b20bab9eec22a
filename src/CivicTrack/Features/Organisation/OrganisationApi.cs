using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Organisation;

/// <summary>The organisation registry's JSON API.</summary>
public static class OrganisationApi
{
    public static IEndpointRouteBuilder MapOrganisation(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/org-units").WithTags("Organisation");
        api.MapGet("/", List).WithName("ListOrgUnits").RequireAccess(Access.OrgRead)
            .WithSummary("Units by search (diacritics ignored), kind and parent")
            .WithDescription("Without `search`, `parent` lists that unit's children; with it, the whole subtree of `parent` is searched. With neither, the top-level units.");
        api.MapGet("/export", Export).WithName("ExportOrgUnits").RequireAccess(Access.OrgRead).WithSummary("All units as CSV or XLSX (format=csv|xlsx)");
        api.MapGet("/{code}", Get).WithName("GetOrgUnit").RequireAccess(Access.OrgRead).WithSummary("A unit with its parents, children, groups and merge history");
        api.MapGet("/{code}/subtree", Subtree).WithName("GetOrgUnitSubtree").RequireAccess(Access.OrgRead).WithSummary("A unit and everything under it, parents first");
        api.MapPost("/", Create).WithName("CreateOrgUnit").RequireAccess(Access.OrgEdit).WithSummary("Create a unit");
        api.MapPut("/{code}", Update).WithName("UpdateOrgUnit").RequireAccess(Access.OrgEdit).WithSummary("Change a unit's name, kind, parent, dates or groups");
        api.MapPost("/{code}/merge", Merge).WithName("MergeOrgUnit").RequireAccess(Access.OrgManage).WithSummary("Close a unit on a date and merge it into another");
        api.MapPost("/import", Import).WithName("ImportOrgUnits").RequireAccess(Access.OrgManage)
            .WithSummary("Import units from CSV or XLSX (raw body or multipart field `file`): all or nothing")
            .Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok<OrgUnitPage>, NotFound<ProblemDetails>, ProblemHttpResult>> List(
        AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, string? search, string? kind, string? parent, int? offset, int? limit, CancellationToken ct)
    {
        OrgUnitKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!OrgImportPlanner.TryParseKind(kind, out var parsed))
                return TypedResults.Problem(t["Api.UnknownKind", kind, string.Join(", ", Enum.GetNames<OrgUnitKind>())], statusCode: 400);
            k = parsed;
        }
        var page = await orgs.ListAsync(scope, search, k, parent, offset ?? 0, limit ?? 100, ct);
        return page is null ? NotFoundUnit(t, parent!) : TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<OrgUnitDetailDto>, NotFound<ProblemDetails>>> Get(string code, AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        await orgs.GetAsync(scope, code, ct) is { } d ? TypedResults.Ok(d) : NotFoundUnit(t, code);

    private static async Task<Results<Ok<IReadOnlyList<OrgUnitDto>>, NotFound<ProblemDetails>>> Subtree(string code, AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        await orgs.SubtreeAsync(scope, code, ct) is { } s ? TypedResults.Ok(s) : NotFoundUnit(t, code);

    private static async Task<Results<Ok<OrgUnitDetailDto>, Created<OrgUnitDetailDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Create(
        OrgUnitInput input, AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        (await orgs.CreateAsync(scope, input, ct)).ToHttp(t["Api.UnitNotFound", input.Code ?? ""], location: u => $"/api/org-units/{Uri.EscapeDataString(u.Unit.Code)}");

    private static async Task<Results<Ok<OrgUnitDetailDto>, Created<OrgUnitDetailDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Update(
        string code, OrgUnitInput input, AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        (await orgs.UpdateAsync(scope, code, input, ct)).ToHttp(t["Api.UnitNotFound", code]);

    private static async Task<Results<Ok<OrgUnitDetailDto>, Created<OrgUnitDetailDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Merge(
        string code, MergeRequest request, AccessScope scope, OrgService orgs, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        (await orgs.MergeAsync(scope, code, request, ct)).ToHttp(t["Api.UnitNotFound", code]);

    private static async Task<Results<Ok<ImportCounts>, UnprocessableEntity<ImportRefusal>, ProblemHttpResult>> Import(
        HttpRequest request, AccessScope scope, OrgImportService importer, UploadLimits limits, IStringLocalizer<SharedResource> t,
        IStringLocalizer<UploadResource> ut, CancellationToken ct)
    {
        Stream upload = request.Body;
        long? length = request.ContentLength;
        if (request.HasFormContentType)
        {
            var (form, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
            if (problem is not null) return problem;
            if ((form!.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file)
                return TypedResults.Problem(t["Api.NoFile"], statusCode: 400);
            upload = file.OpenReadStream();
            length = file.Length;
        }
        var (body, tooLarge) = await UploadRequest.ReadBodyAsync(upload, length, limits, ut, ct);
        if (tooLarge is not null) return tooLarge;
        var bytes = body!.ToArray();
        var result = await importer.ImportAsync(scope, bytes, ct);
        if (result.Counts is { } counts) return TypedResults.Ok(counts);
        return TypedResults.UnprocessableEntity(new ImportRefusal(t["Import.Refused", result.Errors.Count], [.. result.Errors.Select(e => OrgProblems.Describe(t, e))]));
    }

    /// <summary>The units as CSV (the default here, as scripts have always read it) or as a styled workbook; both import back.</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem>> Export(string? format, AccessScope scope, OrgImportService importer,
        TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!ListDownload.TryParse(format is { Length: > 0 } ? format : "csv", out var f)) return ListDownload.BadFormat(format, t);
        var name = ListDownload.FileName("org-units", VietnamTime.Today(clock), f);
        return f == ListFormat.Csv
            ? TypedResults.File(await importer.ExportCsvAsync(scope, ct), Workbook.CsvContentType, name)
            : TypedResults.File(await importer.ExportXlsxAsync(scope, ct), Workbook.ContentType, name);
    }

    private static NotFound<ProblemDetails> NotFoundUnit(IStringLocalizer t, string code) =>
        TypedResults.NotFound(new ProblemDetails { Title = t["Api.UnitNotFound", code], Status = 404 });
}
