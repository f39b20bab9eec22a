using System.Globalization;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Reporting.Synthesis;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.CompositeIndex;

/// <summary>Composite indices (DTI-style): definitions, rankings with change, rank ranges under varied weights, exports.</summary>
public static class IndexApi
{
    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static IEndpointRouteBuilder MapCompositeIndex(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indices").WithTags("Composite index");
        api.MapGet("/", async (IndexService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(Language, ct)))
            .WithName("ListIndices").RequireAccess(Access.IndexRead).WithSummary("Every index definition with its pillars and components");
        api.MapGet("/{id:int}", async (int id, IndexService s, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await s.GetAsync(id, Language, ct) is { } d ? Outcome<IndexDefinitionDto>.Ok(d) : Outcome<IndexDefinitionDto>.NotFound()).ToHttp(t["Index.NotFound"]))
            .WithName("GetIndex").RequireAccess(Access.IndexRead).WithSummary("One index definition");
        api.MapPost("/", async (IndexDefinitionInput input, AccessScope scope, IndexService s, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await s.SaveAsync(scope, null, input, Language, ct)).ToHttp(t["Index.NotFound"], null, d => $"/api/indices/{d.Id}"))
            .WithName("CreateIndex").RequireAccess(Access.IndexManage)
            .WithSummary("Define an index: name (vi/en/bn), units (Communes | Departments), periodType, aggregation (Linear | Geometric), missing (Skip | Zero), pillars with points and components")
            .WithDescription("Each component names a library indicator, a weight (finite, above 0), a direction (default: the indicator's), a normalisation (MinMax | DistanceToTarget | ZScore) and, for DistanceToTarget, a target above 0. Every problem names its field (pillars[1].components[0].weight); nothing is stored when any is found.");
        api.MapPut("/{id:int}", async (int id, IndexDefinitionInput input, AccessScope scope, IndexService s, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await s.SaveAsync(scope, id, input, Language, ct)).ToHttp(t["Index.NotFound"]))
            .WithName("UpdateIndex").RequireAccess(Access.IndexManage).WithSummary("Replace an index definition whole (checked as on creation)");
        api.MapDelete("/{id:int}", async (int id, AccessScope scope, IndexService s, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await s.DeleteAsync(scope, id, ct)).ToHttp(t["Index.NotFound"]))
            .WithName("DeleteIndex").RequireAccess(Access.IndexManage).WithSummary("Remove an index definition (values are not touched)");
        api.MapGet("/{id:int}/ranking", async (int id, string? unit, string? period, AccessScope scope, IndexRanking r, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await r.RankAsync(scope, id, unit, period, Language, ct)).ToHttp(t["Index.NotFound"]))
            .WithName("IndexRanking").RequireAccess(Access.IndexRead)
            .WithSummary("Scores (0–1 per pillar and in total), points, ranks (ties share the better rank) and change against the previous period of the units of the index's kind under `unit` (default: the caller's first unit), within the caller's units")
            .WithDescription("`period` is of the index's period type (default: the one containing today, Vietnam time, or the latest of the two before it that ranks any unit).");
        api.MapGet("/{id:int}/sensitivity", async (int id, string? unit, string? period, int? draws, int? seed, AccessScope scope, IndexRanking r,
                IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await r.SensitivityAsync(scope, id, unit, period, draws, seed, ct)).ToHttp(t["Index.NotFound"]))
            .WithName("IndexSensitivity").RequireAccess(Access.IndexRead)
            .WithSummary("Each unit's rank range (min, max, median) when every weight is multiplied by a factor drawn uniformly in [0.8, 1.2]; draws ≤ 5000 (default 1000), seeded (same seed, same answer)");
        api.MapGet("/{id:int}/units/{code}", async (int id, string code, string? period, AccessScope scope, IndexRanking r, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await r.ProfileAsync(scope, id, code, period, Language, ct)).ToHttp(t["Index.NotFound"]))
            .WithName("IndexUnitProfile").RequireAccess(Access.IndexRead)
            .WithSummary("One unit's pillars with each component's raw and normalised value, ranked among the units of its highest ancestor within reach");
        api.MapGet("/{id:int}/ranking.xlsx", async (int id, string? unit, string? period, AccessScope scope, IndexExports x, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await x.WorkbookAsync(scope, id, unit, period, Language, ct)).ToFile(Workbook.ContentType, t["Index.NotFound"]))
            .WithName("IndexRankingWorkbook").RequireAccess(Access.IndexRead).WithSummary("The ranking as a workbook: the same figures as /ranking, scores to 4 decimals");
        api.MapGet("/{id:int}/ranking.docx", async (int id, string? unit, string? period, AccessScope scope, IndexExports x, IStringLocalizer<IndexResource> t, CancellationToken ct) =>
                (await x.WordAsync(scope, id, unit, period, Language, ct)).ToFile(WordReport.ContentType, t["Index.NotFound"]))
            .WithName("IndexRankingWord").RequireAccess(Access.IndexRead)
            .WithSummary("The ranking as a Word report in the Vietnamese administrative layout: motto header, title, ranking table, bar chart of the leading units, pillar table, signature block");
        return app;
    }
}
