using System.Globalization;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Indicators;

/// <summary>The indicator framework, data values and analytics as JSON.</summary>
public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder app)
    {
        var pillars = app.MapGroup("/api/pillars").WithTags("Indicators");
        pillars.MapGet("/", async (IndicatorService s, CancellationToken ct) => TypedResults.Ok(await s.PillarsAsync(ct)))
            .WithName("ListPillars").RequireAccess(Access.IndicatorsRead).WithSummary("The programme's pillars in display order");
        pillars.MapPost("/", async (PillarInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SavePillarAsync(scope, null, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"], p => $"/api/pillars/{p.Code}"))
            .WithName("CreatePillar").RequireAccess(Access.IndicatorsManage).WithSummary("Add a pillar");
        pillars.MapPut("/{code}", async (string code, PillarInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SavePillarAsync(scope, code, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"]))
            .WithName("UpdatePillar").RequireAccess(Access.IndicatorsManage).WithSummary("Rename or reorder a pillar");

        var elements = app.MapGroup("/api/data-elements").WithTags("Indicators");
        elements.MapGet("/", async (IndicatorService s, CancellationToken ct) => TypedResults.Ok(await s.ElementsAsync(ct)))
            .WithName("ListDataElements").RequireAccess(Access.IndicatorsRead).WithSummary("Every data element with its value type and aggregation");
        elements.MapPost("/", async (DataElementInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SaveElementAsync(scope, null, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"], e => $"/api/data-elements/{e.Code}"))
            .WithName("CreateDataElement").RequireAccess(Access.IndicatorsManage).WithSummary("Add a data element");
        elements.MapPut("/{code}", async (string code, DataElementInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SaveElementAsync(scope, code, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"]))
            .WithName("UpdateDataElement").RequireAccess(Access.IndicatorsManage).WithSummary("Change a data element (its values are kept)");

        var indicators = app.MapGroup("/api/indicators").WithTags("Indicators");
        indicators.MapGet("/", async (IndicatorService s, CancellationToken ct) => TypedResults.Ok(await s.IndicatorsAsync(ct)))
            .WithName("ListIndicators").RequireAccess(Access.IndicatorsRead).WithSummary("Every indicator with its numerator, denominator and factor");
        indicators.MapPost("/", async (IndicatorInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SaveIndicatorAsync(scope, null, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"], i => $"/api/indicators/{i.Code}"))
            .WithName("CreateIndicator").RequireAccess(Access.IndicatorsManage).WithSummary("Add an indicator; its expressions are checked first");
        indicators.MapPut("/{code}", async (string code, IndicatorInput input, AccessScope scope, IndicatorService s, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await s.SaveIndicatorAsync(scope, code, input, ct)).ToHttp(t["Ind.NotFound"], t["Ind.CodeTaken"]))
            .WithName("UpdateIndicator").RequireAccess(Access.IndicatorsManage).WithSummary("Change an indicator");
        indicators.MapPost("/validate", async (IndicatorInput input, IndicatorService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ValidateAsync(input.Numerator, input.Denominator, ct)))
            .WithName("ValidateIndicator").RequireAccess(Access.IndicatorsRead)
            .WithSummary("Check a numerator and denominator: each problem with its position (0-based), kind and the unknown code");
        indicators.MapPost("/library", async (AccessScope scope, IndicatorService s, CancellationToken ct) => TypedResults.Ok(await s.LoadLibraryAsync(scope, ct)))
            .WithName("LoadIndicatorLibrary").RequireAccess(Access.IndicatorsManage)
            .WithSummary("Add the default digital-transformation library (what is missing; nothing is changed)");

        var values = app.MapGroup("/api/data-values").WithTags("Data values");
        values.MapPut("/", PutValues).WithName("PutDataValues").RequireAccess(Access.DataWrite)
            .WithSummary("Store a batch of values (element, unit, period, value; null removes): all or nothing")
            .WithDescription("Each refused item is named by its index, field and reason, and nothing is stored. Units must be within the caller's units.");
        values.MapGet("/", ListValues).WithName("ListDataValues").RequireAccess(Access.DataRead)
            .WithSummary("Values stored at a unit (subtree=true: and below), optionally for some elements and a period range");

        app.MapGet("/api/analytics", Analytics).WithTags("Analytics").WithName("GetAnalytics").RequireAccess(Access.DataRead)
            .WithSummary("Indicators or data elements × units × periods, aggregated up the tree")
            .WithDescription("`indicators=A,B` (indicator or data element codes), `units=CODE,CODE` (default: the caller's units; `children=true` adds each unit's children), `periods=2025Q1..2025Q4` (each quarter) or `2025-01,2025-02` or a mixed range `2025-01..2025Q2` (one column).");
        return app;
    }

    /// <summary>Unlike other writes, a refused batch is answered 422 with the same body as a stored one, naming each refused item.</summary>
    private static async Task<Results<Ok<DataValueResult>, UnprocessableEntity<DataValueResult>>> PutValues(
        DataValueBatch batch, AccessScope scope, DataValueService values, CancellationToken ct)
    {
        var result = DataValueResult.Of(await values.PutAsync(scope, batch, ValueSource.Entry, ct));
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }

    private static async Task<Results<Ok<IReadOnlyList<DataValueDto>>, NotFound<ProblemDetails>, ProblemHttpResult>> ListValues(
        string unit, string? elements, string? periods, bool? subtree, int? limit, AccessScope scope, DataValueService values,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        PeriodRange? range = null;
        if (!string.IsNullOrWhiteSpace(periods))
        {
            if (!PeriodRange.TryParse(periods, out var r, out var error))
                return TypedResults.Problem(t["Analytics.BadPeriods", periods, error ?? ""], statusCode: 400);
            range = r;
        }
        var codes = elements?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = await values.ListAsync(scope, unit, codes, range, subtree ?? false, limit ?? 10_000, ct);
        return list is null ? TypedResults.NotFound(new ProblemDetails { Title = t["Data.UnknownUnit", unit], Status = 404 }) : TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<AnalyticsResult>, ProblemHttpResult, NotFound<ProblemDetails>>> Analytics(
        string? indicators, string? units, string? periods, bool? children, AccessScope scope, AnalyticsService analytics,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var (result, problem) = await analytics.QueryAsync(scope, indicators, units, periods, children ?? false, language, ct);
        if (result is not null) return TypedResults.Ok(result);
        return problem!.Field == "units"
            ? TypedResults.NotFound(new ProblemDetails { Title = problem.Message, Status = 404 })
            : TypedResults.Problem(problem.Message, statusCode: 400);
    }
}
