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

/// <summary>What a bearer token may do. Browser sessions and login tokens carry all of them.</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string DataWrite = "data:write";
    public const string DossiersWrite = "dossiers:write";
    public const string FederationPush = "federation:push";

    public static readonly string[] All = [Read, DataWrite, DossiersWrite, FederationPush];
}
