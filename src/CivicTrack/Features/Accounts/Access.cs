using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace CivicTrack.Features.Accounts;

/// <summary>Who may call an endpoint: the roles, the token scope a bearer token needs, and whether the endpoint
/// acts on units (then it is confined to the caller's subtrees by <see cref="AccessScope"/>).</summary>
public sealed record AccessRule(string Name, IReadOnlyList<string> Roles, string? TokenScope, bool UnitScoped, bool Anonymous = false);

/// <summary>The policy table: every endpoint declares one of these rules with <see cref="RequireAccess{TBuilder}"/>,
/// and a test walks every endpoint to check that each one has a rule and that the rule holds.</summary>
public static class Access
{
    public static readonly AccessRule Public = new("public", [], null, UnitScoped: false, Anonymous: true);
    public static readonly AccessRule SignedIn = new("signed-in", Roles.All, null, UnitScoped: false);
    /// <summary>Making a personal token: a bearer token needs a scope of its own for it.</summary>
    public static readonly AccessRule TokensCreate = new("tokens-create", Roles.All, TokenScopes.TokensCreate, UnitScoped: false);
    public static readonly AccessRule OrgRead = new("org-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule OrgEdit = new("org-edit", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule OrgManage = new("org-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule AccountsRead = new("accounts-read", [Roles.Administrator], TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule AccountsManage = new("accounts-manage", [Roles.Administrator], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule AuditRead = new("audit-read", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.Read, UnitScoped: true);

    public static readonly AccessRule IndicatorsRead = new("indicators-read", Roles.All, TokenScopes.Read, UnitScoped: false);
    public static readonly AccessRule IndicatorsManage = new("indicators-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: false);
    public static readonly AccessRule DataRead = new("data-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule DataWrite = new("data-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter, Roles.TeamMember], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule PlansRead = new("plans-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule PlansManage = new("plans-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule TasksReport = new("tasks-report", [Roles.Administrator, Roles.ProgrammeManager, Roles.Approver, Roles.Reporter, Roles.TeamMember], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule ReportsRead = new("reports-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule ReportsWrite = new("reports-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule ReportsApprove = new("reports-approve", [Roles.Administrator, Roles.ProgrammeManager, Roles.Approver], TokenScopes.DataWrite, UnitScoped: true);
    /// <summary>The standing agency's work: defining forms and urging late units.</summary>
    public static readonly AccessRule ReportsManage = new("reports-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: true);

    public static readonly AccessRule DossiersRead = new("dossiers-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    /// <summary>Pushing one-stop-shop dossier records (a machine's token with <c>dossiers:write</c>, or an import page).</summary>
    public static readonly AccessRule DossiersWrite = new("dossiers-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter], TokenScopes.DossiersWrite, UnitScoped: true);

    /// <summary>Community digital technology teams: everyone reads within their units (a village's team member its own team).</summary>
    public static readonly AccessRule TeamsRead = new("teams-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    /// <summary>Founding teams and keeping their members: administrators, programme managers and (commune) reporters within their units.</summary>
    public static readonly AccessRule TeamsWrite = new("teams-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter], TokenScopes.DataWrite, UnitScoped: true);
    public static readonly AccessRule CommendationRead = new("commendation-read", Roles.All, TokenScopes.Read, UnitScoped: true);

    /// <summary>Activities and campaigns: everyone reads those within reach.</summary>
    public static readonly AccessRule ActivitiesRead = new("activities-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    /// <summary>Recording activities: a village team its own village, a commune its villages, managers their units.</summary>
    public static readonly AccessRule ActivitiesWrite = new("activities-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter, Roles.TeamMember], TokenScopes.DataWrite, UnitScoped: true);

    /// <summary>The household support log: everyone reads within their units; team members record for their own village,
    /// commune and province staff for the villages under them.</summary>
    public static readonly AccessRule HouseholdsRead = new("households-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule HouseholdsWrite = new("households-write", [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter, Roles.TeamMember], TokenScopes.DataWrite, UnitScoped: true);

    /// <summary>Keeping the mapping of other systems' identifiers (DHIS2 UIDs) to codes here.</summary>
    public static readonly AccessRule InteropManage = new("interop-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: false);

    /// <summary>Composite indices: everyone reads rankings within their units; programme managers and administrators define them.</summary>
    public static readonly AccessRule IndexRead = new("index-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule IndexManage = new("index-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: false);

    /// <summary>The open-data portal's dataset definitions: administrators and programme managers, for datasets about their units.</summary>
    public static readonly AccessRule OpenDataRead = new("open-data-read", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.Read, UnitScoped: true);
    public static readonly AccessRule OpenDataManage = new("open-data-manage", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.DataWrite, UnitScoped: true);

    /// <summary>The indicator explorer and pillar view: read like analytics, within the reader's units.</summary>
    public static readonly AccessRule ExplorerRead = new("explorer-read", Roles.All, TokenScopes.Read, UnitScoped: true);
    /// <summary>An account's own pinned views; no unit is involved.</summary>
    public static readonly AccessRule ExplorerPins = new("explorer-pins", Roles.All, null, UnitScoped: false);

    /// <summary>Federation: a province instance's token pushes batches for its own province to the national instance; administrators and
    /// programme managers read the provinces compared, the reconciliation and the pushes.</summary>
    public static readonly AccessRule FederationPush = new("federation-push", [Roles.Administrator], TokenScopes.FederationPush, UnitScoped: true);
    public static readonly AccessRule FederationRead = new("federation-read", [Roles.Administrator, Roles.ProgrammeManager], TokenScopes.Read, UnitScoped: true);

    public static readonly AccessRule[] Rules = [Public, SignedIn, TokensCreate, OrgRead, OrgEdit, OrgManage, AccountsRead, AccountsManage, AuditRead,
        IndicatorsRead, IndicatorsManage, DataRead, DataWrite, PlansRead, PlansManage, TasksReport, ReportsRead, ReportsWrite, ReportsApprove, ReportsManage, DossiersRead, DossiersWrite,
        TeamsRead, TeamsWrite, CommendationRead, ActivitiesRead, ActivitiesWrite, HouseholdsRead, HouseholdsWrite, InteropManage, IndexRead, IndexManage, OpenDataRead, OpenDataManage, ExplorerRead, ExplorerPins,
        FederationPush, FederationRead];

    /// <summary>Puts the rule on an endpoint or group: as metadata for the matrix test, and as its authorization policy.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessRule rule) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(rule);
        return rule.Anonymous ? builder.AllowAnonymous() : builder.RequireAuthorization(rule.Name);
    }

    /// <summary>Pages declare <c>[Authorize(Policy = "...")]</c> with a rule's name (or plain <c>[Authorize]</c> for
    /// any signed-in account); this puts the matching rule on each page endpoint, and marks pages without one public.</summary>
    public static RazorComponentsEndpointConventionBuilder RequirePageAccess(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            var authorize = endpoint.Metadata.OfType<IAuthorizeData>().ToList();
            var rule = authorize.Count == 0 || endpoint.Metadata.OfType<IAllowAnonymous>().Any() ? Public
                : authorize.Select(a => a.Policy).OfType<string>().Select(p => Rules.FirstOrDefault(r => r.Name == p)).FirstOrDefault(r => r is not null)
                  ?? SignedIn;
            endpoint.Metadata.Add(rule);
        });
        return builder;
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var rule in Rules.Where(r => !r.Anonymous))
            options.AddPolicy(rule.Name, p =>
            {
                p.RequireAuthenticatedUser();
                p.RequireRole(rule.Roles);
                if (rule.TokenScope is { } scope) p.AddRequirements(new TokenScopeRequirement(scope));
            });
    }
}

/// <summary>A bearer token must carry this scope; cookie sessions are not limited by scopes.</summary>
public sealed record TokenScopeRequirement(string Scope) : IAuthorizationRequirement;

public sealed class TokenScopeHandler : AuthorizationHandler<TokenScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TokenScopeRequirement requirement)
    {
        var user = context.User;
        if (!user.HasClaim(c => c.Type == AccountClaims.AuthMethod && c.Value == AccountClaims.TokenMethod)
            || user.HasClaim(AccountClaims.Scope, requirement.Scope))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public static class AccountClaims
{
    public const string AuthMethod = "ct:auth";
    public const string TokenMethod = "token";
    public const string Scope = "ct:scope";
}
