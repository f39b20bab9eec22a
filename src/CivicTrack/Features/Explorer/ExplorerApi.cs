using System.Globalization;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Explorer;

/// <summary>The indicator explorer as JSON, CSV and XLSX, and each account's pinned views.</summary>
public static class ExplorerApi
{
    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/explore").WithTags("Explorer");
        group.MapGet("/", Explore).WithName("Explore").RequireAccess(Access.ExplorerRead)
            .WithSummary("Indicators or data elements × units × periods laid out as a table, with the targets that apply")
            .WithDescription("The same query as the /explore page: `items=A,B` (indicator or data element codes), `units=CODE,CODE` " +
                "(default: the caller's units; units outside them are left out and counted in `leftOut`), `children=true` (each unit's " +
                "children instead), `level=commune|village|department` (the units of that level beneath them instead), `group=CODE` (an organisation group's units), `periods=2025-01..2025-12`, `by=month|quarter|half|year`, " +
                "`layout=units-periods|periods-units|items-units|units-items|items-periods|periods-items`, `format=json|csv|xlsx`.");
        group.MapGet("/pins", ListPins).WithName("ListPinnedViews").RequireAccess(Access.ExplorerPins)
            .WithSummary("The caller's pinned explorer views, in order");
        group.MapPost("/pins", CreatePin).WithName("CreatePinnedView").RequireAccess(Access.ExplorerPins)
            .WithSummary($"Pin an explorer view to the caller's home page (at most 12)");
        group.MapDelete("/pins/{id:int}", DeletePin).WithName("DeletePinnedView").RequireAccess(Access.ExplorerPins)
            .WithSummary("Unpin one of the caller's views");
        return app;
    }

    private static async Task<Results<Ok<ExplorerResult>, FileContentHttpResult, ValidationProblem>> Explore(
        string? items, string? units, bool? children, string? level, string? group, string? periods, string? by, string? layout, string? format,
        AccessScope scope, ExplorerService explorer, ExplorerExports exports, TimeProvider clock, IStringLocalizer<ExplorerResource> x, CancellationToken ct)
    {
        var kind = format?.Trim().ToLowerInvariant();
        if (kind is not (null or "" or "json" or "csv" or "xlsx"))
            return Invalid("format", x["Problem.Format", Short(format!)]);
        var query = new ExplorerQuery(items, units, children ?? false, group, periods, by, layout, level);
        var (result, problem) = await explorer.QueryAsync(scope, query, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
        if (problem is not null) return Invalid(problem.Field, problem.Message);
        if (kind is null or "" or "json") return TypedResults.Ok(result!);
        var listFormat = kind == "csv" ? ListFormat.Csv : ListFormat.Xlsx;
        return ListDownload.File(exports.Sheet(result!), listFormat, "explorer", VietnamTime.Today(clock));
    }

    private static async Task<Ok<IReadOnlyList<PinnedViewDto>>> ListPins(AccessScope scope, PinnedViews pins, CancellationToken ct) =>
        TypedResults.Ok(await pins.ListAsync(scope.UserId!, ct));

    private static async Task<Results<Created<PinnedViewDto>, ValidationProblem>> CreatePin(PinInput input, AccessScope scope, PinnedViews pins,
        CancellationToken ct)
    {
        var (pin, problem) = await pins.CreateAsync(scope, input, ct);
        return pin is not null ? TypedResults.Created($"/api/explore/pins/{pin.Id}", pin) : Invalid(problem!.Field, problem.Message);
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeletePin(int id, AccessScope scope, PinnedViews pins,
        IStringLocalizer<ExplorerResource> x, CancellationToken ct) =>
        await pins.DeleteAsync(scope.UserId!, id, ct)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Title = x["Pin.NotFound", id], Status = StatusCodes.Status404NotFound });

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
