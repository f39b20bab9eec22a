using System.Globalization;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Households;

public sealed record CodeLabel(string Code, string Label);
public sealed record VillageDto(string Code, string Name, string? Commune);
/// <summary>What the phone page needs to start: who is signed in, the villages they record for, the services and outcomes
/// with their labels, the page's texts in the reader's language, and the village's last used household codes.</summary>
public sealed record HouseholdMeDto(string? Member, string Language, IReadOnlyList<VillageDto> Villages, IReadOnlyList<CodeLabel> Services,
    IReadOnlyList<CodeLabel> Outcomes, IReadOnlyDictionary<string, string> Texts, IReadOnlyList<string> Recent, int ThisMonth, bool CanWrite);

/// <summary>The household support log's JSON API, spoken by the offline phone page and by any other client.</summary>
public static class HouseholdsApi
{
    public const int MaxVillagesListed = 500;

    public static IEndpointRouteBuilder MapHouseholds(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/household-support").WithTags("Household support");
        api.MapPost("/", async (HouseholdBatch batch, AccessScope scope, HouseholdLog log, CancellationToken ct) =>
                (await log.SaveAsync(scope, batch, ct)).ToHttp(null))
            .WithName("SaveHouseholdSupport").RequireAccess(Access.HouseholdsWrite)
            .WithMetadata(new RequestSizeLimitAttribute(HouseholdLog.MaxRequestBytes))
            .WithSummary("Store household support entries made on a phone (up to 200): each is judged on its own and answered stored, unchanged or refused")
            .WithDescription("The id is the phone's own (a UUID), so sending an entry again changes nothing; a later editedAt with other content replaces it, an earlier one never does. A household code must be the team's own code (letters, digits, dashes, at most 20), never a citizen ID or phone number. A village outside the caller's units is refused as outside.");
        api.MapGet("/", async (string? village, string? from, string? to, int? limit, AccessScope scope, HouseholdLog log,
                IStringLocalizer<HouseholdResource> t, CancellationToken ct) =>
                (await log.ListAsync(scope, village, from, to, limit, ct)).ToHttp(t["Village.NotFound", village ?? ""]))
            .WithName("ListHouseholdSupport").RequireAccess(Access.HouseholdsRead)
            .WithSummary("Entries of a village (or of every village within the caller's units), newest first, optionally from and to a day");
        api.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, AccessScope scope, HouseholdLog log,
                IStringLocalizer<HouseholdResource> t, CancellationToken ct) =>
                (await log.DeleteAsync(scope, id, ct)).Succeeded ? TypedResults.NoContent()
                    : TypedResults.NotFound(new ProblemDetails { Title = t["Entry.NotFound"], Status = 404 }))
            .WithName("DeleteHouseholdSupport").RequireAccess(Access.HouseholdsWrite)
            .WithSummary("Remove a mistaken entry of a village within the caller's units (its coverage figures follow)");
        api.MapGet("/me", Me)
            .WithName("HouseholdSupportMe").RequireAccess(Access.HouseholdsRead)
            .WithSummary("What the phone page needs: the member, their villages, services and outcomes with labels, the page's texts, the last household codes");
        api.MapGet("/coverage", async (string? unit, string? asOf, AccessScope scope, HouseholdCoverage coverage, IStringLocalizer<HouseholdResource> t,
                CancellationToken ct) => (await coverage.CoverageAsync(scope, unit, asOf, ct)).ToHttp(t["Village.NotFound", unit ?? ""]))
            .WithName("HouseholdCoverage").RequireAccess(Access.HouseholdsRead)
            .WithSummary("Households reached per service of a village, commune or province as of a day (asOf=2025-10-31, or a month 2025-10): counts from the entries over HH_TOTAL");
        return app;
    }

    private static async Task<Ok<HouseholdMeDto>> Me(AccessScope scope, HouseholdLog log, IStringLocalizer<HouseholdResource> t, CancellationToken ct)
    {
        var villages = HouseholdLog.Villages(scope).Take(MaxVillagesListed)
            .Select(v => new VillageDto(v.Code, v.Name, scope.Tree.Parent(v.Id)?.Name)).ToList();
        var texts = t.GetAllStrings(includeParentCultures: true).Where(s => s.Name.StartsWith("Page.", StringComparison.Ordinal))
            .ToDictionary(s => s.Name[5..], s => s.Value);
        var recent = villages.Count > 0 ? await log.RecentHouseholdsAsync(scope.Tree.Find(villages[0].Code)!.Id, 8, ct) : [];
        var canWrite = scope.IsInAnyRole(Access.HouseholdsWrite.Roles) && (scope.Scopes.Contains(TokenScopes.DataWrite));
        return TypedResults.Ok(new HouseholdMeDto(scope.DisplayName, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, villages,
            [.. HouseholdServices.All.Select(s => new CodeLabel(s, t["Service." + s]))],
            [.. HouseholdServices.Outcomes.Select(o => new CodeLabel(o, t["Outcome." + o]))],
            texts, recent, await log.CountThisMonthAsync(scope, ct), canWrite));
    }
}

public static class HouseholdsServices
{
    public static IServiceCollection AddHouseholds(this IServiceCollection services) => services
        .AddSingleton<HouseholdFeed>()
        .AddSingleton<HouseholdLog>()
        .AddSingleton<HouseholdCoverage>()
        .AddHostedService<HouseholdRollForward>();
}
