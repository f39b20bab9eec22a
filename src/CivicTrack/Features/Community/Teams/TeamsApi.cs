using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Teams;

/// <summary>Community digital technology teams: the registry, its roll-up, import and export, and the commendation ranking.</summary>
public static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams").WithTags("Community teams");
        api.MapGet("/", async (string? unit, bool? children, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.ListAsync(scope, unit, children ?? true, ct)).ToHttp(t["Teams.UnknownUnit", unit ?? ""]))
            .WithName("ListTeams").RequireAccess(Access.TeamsRead)
            .WithSummary("The teams of a unit's subtree (children=false: the unit's own team) with active members, Youth Union members and leader");
        api.MapGet("/summary", async (string? unit, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.SummaryAsync(scope, unit, ct)).ToHttp(t["Teams.UnknownUnit", unit ?? ""]))
            .WithName("TeamSummary").RequireAccess(Access.TeamsRead)
            .WithSummary("The roll-up of a unit's subtree: active commune- and village-level teams, members, Youth Union members, villages with a team");
        api.MapGet("/without-team", async (string? unit, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.WithoutTeamAsync(scope, unit, ct)).ToHttp(t["Teams.UnknownUnit", unit ?? ""]))
            .WithName("VillagesWithoutTeam").RequireAccess(Access.TeamsRead)
            .WithSummary("Open villages and residential groups of a unit's subtree without an active team");
        api.MapGet("/export", async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> (string? unit, string? format,
                AccessScope scope, TeamExchange exchange, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
            {
                if (format is { Length: > 0 } && !string.Equals(format.Trim(), "xlsx", StringComparison.OrdinalIgnoreCase))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [t["Teams.BadFormat", format]] });
                return (await exchange.ExportAsync(scope, unit, ct)).ToFile(Workbook.ContentType, t["Teams.UnknownUnit", unit ?? ""]);
            })
            .WithName("ExportTeams").RequireAccess(Access.TeamsRead)
            .WithSummary("Teams and members of a unit's subtree as a workbook (sheets teams and members; phone numbers only for readers whose units include the team's commune)");
        api.MapPost("/import", ImportAsync)
            .WithName("ImportTeams").RequireAccess(Access.TeamsWrite)
            .WithSummary("Import teams and members from a workbook (raw body or multipart field `file`) shaped like the export: every row is checked first, refusals name sheet, row, column and reason, and all rows are applied in one transaction or none");
        api.MapGet("/{id:int}", async Task<Results<Ok<TeamDetail>, NotFound<ProblemDetails>>> (int id, AccessScope scope, TeamService teams,
                IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                await teams.GetAsync(scope, id, ct) is { } team ? TypedResults.Ok(team) : NotFound(t))
            .WithName("GetTeam").RequireAccess(Access.TeamsRead)
            .WithSummary("A team with its members (phone numbers only for readers whose units include the team's commune)");
        api.MapPost("/", async (TeamInput input, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.CreateAsync(scope, input, ct)).ToHttp(t["Teams.NotFound"], location: x => $"/api/teams/{x.Team.Id}"))
            .WithName("CreateTeam").RequireAccess(Access.TeamsWrite)
            .WithSummary("Found a team for a village, residential group, commune or ward (one per unit)");
        api.MapPut("/{id:int}", async (int id, TeamInput input, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.UpdateAsync(scope, id, input, ct)).ToHttp(t["Teams.NotFound"]))
            .WithName("UpdateTeam").RequireAccess(Access.TeamsWrite)
            .WithSummary("Change a team's founding decision or active state");
        api.MapPost("/{id:int}/members", async (int id, MemberInput input, AccessScope scope, TeamService teams, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.AddMemberAsync(scope, id, input, ct)).ToHttp(t["Teams.NotFound"], location: m => $"/api/teams/{id}/members/{m.Id}"))
            .WithName("AddTeamMember").RequireAccess(Access.TeamsWrite)
            .WithSummary("Add a member (role Leader, Deputy or Member; at most one active leader; phone a Vietnamese mobile number)");
        api.MapPut("/{id:int}/members/{memberId:int}", async (int id, int memberId, MemberInput input, AccessScope scope, TeamService teams,
                IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.UpdateMemberAsync(scope, id, memberId, input, ct)).ToHttp(t["Teams.NotFound"]))
            .WithName("UpdateTeamMember").RequireAccess(Access.TeamsWrite)
            .WithSummary("Change a member (active=false deactivates; a blank phone from a reader who is not shown phones keeps the stored one)");
        api.MapDelete("/{id:int}/members/{memberId:int}", async (int id, int memberId, AccessScope scope, TeamService teams,
                IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await teams.RemoveMemberAsync(scope, id, memberId, ct)).ToHttp(t["Teams.NotFound"]))
            .WithName("RemoveTeamMember").RequireAccess(Access.TeamsWrite)
            .WithSummary("Remove a member from the register");

        var commendation = app.MapGroup("/api/commendation").WithTags("Community teams");
        commendation.MapGet("/", async (string? unit, string? period, string? of, AccessScope scope, CommendationService service,
                IStringLocalizer<TeamResource> t, CancellationToken ct) =>
                (await service.RankAsync(scope, unit, period, of, ct)).ToHttp(t["Teams.UnknownUnit", unit ?? ""]))
            .WithName("GetCommendation").RequireAccess(Access.CommendationRead)
            .WithSummary("Communes and wards (of=units) or teams (of=teams) of a unit's subtree ranked for commendation in a period (default this year) by the Community:Commendation score");
        commendation.MapGet("/annex.docx", async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> (string? unit, string? period,
                string? of, int? top, AccessScope scope, CommendationService service, TimeProvider clock, IStringLocalizer<TeamResource> t, CancellationToken ct) =>
            {
                if (top is < 1 or > 500) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["top"] = [t["Commendation.BadTop", 500]] });
                var ranked = await service.RankAsync(scope, unit, period, of, ct);
                return ranked.Map(r => new DownloadFile($"commendation-{r.Unit}-{r.Period}-{r.Of}.docx",
                        CommendationAnnex.ToBytes(r, top ?? service.Settings.Top, VietnamTime.Today(clock))))
                    .ToFile(CommendationAnnex.ContentType, t["Teams.UnknownUnit", unit ?? ""]);
            })
            .WithName("GetCommendationAnnex").RequireAccess(Access.CommendationRead)
            .WithSummary("The top places (top=, default Community:Commendation:Top) as the Word annex of a commendation decision");
        return app;
    }

    private static async Task<Results<Ok<TeamImportResult>, UnprocessableEntity<TeamImportResult>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, AccessScope scope, TeamExchange exchange, UploadLimits limits, IStringLocalizer<TeamResource> t,
        IStringLocalizer<UploadResource> ut, CancellationToken ct)
    {
        Stream upload = request.Body;
        long? length = request.ContentLength;
        if (request.HasFormContentType)
        {
            var (form, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
            if (problem is not null) return problem;
            if (form!.Files.GetFile("file") is not { } file)
                return TypedResults.UnprocessableEntity(new TeamImportResult(false, 0, 0, 0, 0, 0, [new TeamImportError("", 0, "file", "", t["Import.NoFile"])]));
            upload = file.OpenReadStream();
            length = file.Length;
        }
        var (body, tooLarge) = await UploadRequest.ReadBodyAsync(upload, length, limits, ut, ct);
        if (tooLarge is not null) return tooLarge;
        await using var _ = body;
        var result = await exchange.ImportAsync(scope, body!, ct);
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }

    private static NotFound<ProblemDetails> NotFound(IStringLocalizer<TeamResource> t) =>
        TypedResults.NotFound(new ProblemDetails { Title = t["Teams.NotFound"], Status = 404 });
}
