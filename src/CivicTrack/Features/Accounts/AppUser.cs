using Microsoft.AspNetCore.Identity;

namespace CivicTrack.Features.Accounts;

/// <summary>A person's account. It acts only on the subtrees of the units it is attached to.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<UserUnit> Units { get; set; } = [];
}

/// <summary>An account's attachment to a unit: the account may act on that unit and everything under it.</summary>
public sealed class UserUnit
{
    public required string UserId { get; set; }
    public int OrgUnitId { get; set; }
}

/// <summary>A bearer token for machines or API clients. Only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The token's first characters, to recognise it in a list.</summary>
    public required string Prefix { get; set; }
    /// <summary>Space-separated scopes: read, data:write, dossiers:write, federation:push.</summary>
    public required string Scopes { get; set; }
    public ApiTokenKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public enum ApiTokenKind
{
    /// <summary>Made by a person on the tokens page, with chosen scopes and expiry.</summary>
    Personal,
    /// <summary>Returned by POST /api/auth/login for an API client's session.</summary>
    Session,
}
