namespace CivicTrack.Features.Accounts;

/// <summary>The roles an account can hold. Each acts only within the account's units.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string ProgrammeManager = "ProgrammeManager";
    public const string Approver = "Approver";
    public const string Reporter = "Reporter";
    public const string TeamMember = "TeamMember";
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Administrator, ProgrammeManager, Approver, Reporter, TeamMember, Viewer];
}

/// <summary>What a bearer token may do. A person's browser session and login token carry the scopes the
/// person's roles allow (<see cref="AllowedFor"/>); a personal token carries a subset of its creator's.</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string DataWrite = "data:write";
    public const string DossiersWrite = "dossiers:write";
    public const string FederationPush = "federation:push";
    /// <summary>Creating further tokens with a token: never implied by any other scope.</summary>
    public const string TokensCreate = "tokens:create";

    public static readonly string[] All = [Read, DataWrite, DossiersWrite, FederationPush, TokensCreate];

    /// <summary>The roles whose holders may use each scope at all; a scope nobody in the account's roles could
    /// use is never granted, so a token can never do more than its owner.</summary>
    private static readonly Dictionary<string, string[]> RolesOf = new()
    {
        [Read] = Roles.All,
        [TokensCreate] = Roles.All,
        [DataWrite] = [Roles.Administrator, Roles.ProgrammeManager, Roles.Approver, Roles.Reporter, Roles.TeamMember],
        [DossiersWrite] = [Roles.Administrator, Roles.ProgrammeManager, Roles.Reporter],
        [FederationPush] = [Roles.Administrator],
    };

    /// <summary>The scopes an account with these roles may hold, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> AllowedFor(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(s => RolesOf[s].Any(held.Contains))];
    }
}
