using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CivicTrack.Data;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Accounts;

/// <summary>A token as its owner sees it in a list (never the secret).</summary>
public sealed record ApiTokenDto(int Id, string Name, string Prefix, IReadOnlyList<string> Scopes, ApiTokenKind Kind, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A freshly made token: <see cref="Token"/> is shown this once and never stored.</summary>
public sealed record IssuedToken(string Token, ApiTokenDto Details);

/// <summary>Issues, lists, revokes and checks bearer tokens. Only a SHA-256 hash of each token is stored.</summary>
public sealed class ApiTokenService(IDbContextFactory<AppDb> dbFactory, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public const string Prefix = "ct_";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    public const int MaxLifetimeDays = 366;

    public async Task<IssuedToken> IssueAsync(string userId, string? userName, string name, IEnumerable<string> scopes, DateTime expiresAt, ApiTokenKind kind, CancellationToken ct = default)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Hash = Hash(secret),
            Prefix = secret[..10],
            Scopes = string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal)),
            Kind = kind,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        if (kind == ApiTokenKind.Personal)
            audit.Add(db, userId, userName, AuditActions.TokenCreate, "ApiToken", token.Prefix, null, after: new { name, token.Prefix, token.Scopes, expiresAt });
        await db.SaveChangesAsync(ct);
        return new IssuedToken(secret, ToDto(token));
    }

    /// <summary>A personal token with the checks every caller (page or API) shares: a name of at most 100
    /// characters without control characters, known scopes that the creator itself holds
    /// (<see cref="AccessScope.Scopes"/>), and 1 to <see cref="MaxLifetimeDays"/> days of life.</summary>
    public async Task<Outcome<IssuedToken>> CreatePersonalAsync(
        AccessScope creator, string? name, IEnumerable<string?>? scopes, int? expiresInDays, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100) problems["name"] = [t["ImportError.Required"]];
        else if (CivicTrack.Engine.Text.ControlCharacters.InName(trimmed)) problems["name"] = [t["Input.ControlCharacters"]];
        var wanted = (scopes ?? []).Select(s => s?.Trim() ?? "").Distinct().ToList();
        if (wanted.Count == 0) problems["scopes"] = [t["Tokens.NoScope"]];
        else if (wanted.Any(s => !TokenScopes.All.Contains(s))) problems["scopes"] = [t["Tokens.BadScopes", string.Join(", ", TokenScopes.All)]];
        else if (wanted.Where(s => !creator.Scopes.Contains(s)).ToList() is { Count: > 0 } beyond)
            problems["scopes"] = [t["Tokens.ScopesBeyondOwn", string.Join(", ", beyond), string.Join(", ", creator.Scopes)]];
        var days = expiresInDays ?? 90;
        if (days is < 1 or > MaxLifetimeDays) problems["expiresInDays"] = [t["Tokens.BadExpiry", MaxLifetimeDays]];
        if (problems.Count > 0) return Outcome<IssuedToken>.Invalid(problems);
        return Outcome<IssuedToken>.Created(await IssueAsync(creator.UserId!, creator.UserName, trimmed, wanted,
            clock.GetUtcNow().UtcDateTime.AddDays(days), ApiTokenKind.Personal, ct));
    }

    public async Task<IReadOnlyList<ApiTokenDto>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId && t.Kind == ApiTokenKind.Personal).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).Select(ToDto)];
    }

    public async Task<bool> RevokeAsync(string userId, string? userName, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return false;
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        audit.Add(db, userId, userName, AuditActions.TokenRevoke, "ApiToken", token.Prefix, null, before: new { token.Name, token.Prefix });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The live token with this secret, or null when unknown, expired or revoked.</summary>
    public async Task<ApiToken?> FindLiveAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash, ct);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now) return null;
        // Recording use at most once a minute keeps a busy client from writing on every request.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiTokenDto ToDto(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), t.Kind, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>Authenticates <c>Authorization: Bearer ct_...</c> as the token's owner, with the token's scopes.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, ApiTokenHandler.Sessions sessions, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>Recently checked tokens: their claims and expiry, dropped at any account change and after a minute.</summary>
    public sealed class Sessions(TimeProvider clock)
    {
        public AccountCache<(Claim[] Claims, DateTime ExpiresAt)> Cache { get; } = new(TimeSpan.FromMinutes(1), clock);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        var key = ApiTokenService.Hash(secret);
        if (sessions.Cache.TryGet(key, out var known) && known.ExpiresAt > clock.GetUtcNow().UtcDateTime)
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(known.Claims, SchemeName)), SchemeName));
        var generation = AccountChanges.Generation;
        var token = await tokens.FindLiveAsync(secret, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        // Asked for only when the cache has no answer: a UserManager brings a database context with it, which every
        // cached request would otherwise build and dispose for nothing.
        var users = Context.RequestServices.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || user.IsDisabled || await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("The token's account cannot sign in.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(ClaimTypes.Email, user.Email ?? ""),
            new(AccountClaims.AuthMethod, AccountClaims.TokenMethod),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(AccountClaims.Scope, s)));
        sessions.Cache.Set(key, ([.. claims], token.ExpiresAt), generation);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
