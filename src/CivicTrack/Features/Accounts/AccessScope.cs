using System.Security.Claims;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Accounts;

/// <summary>Who is acting and on which subtrees. Every feature asks this one object whether a unit is within
/// reach; pages get it from <see cref="AccessScopes"/>, endpoints take it as a parameter.</summary>
public sealed class AccessScope
{
    private readonly HashSet<string> _roles;

    private AccessScope(string? userId, string? userName, IEnumerable<string> roles, IReadOnlyList<int> unitIds, OrgTree tree, bool unrestricted,
        IReadOnlyList<string>? tokenScopes = null, string? displayName = null)
    {
        UserId = userId;
        UserName = userName;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName;
        _roles = new HashSet<string>(roles, StringComparer.Ordinal);
        var allowed = Accounts.TokenScopes.AllowedFor(_roles);
        Scopes = tokenScopes is null ? allowed : [.. allowed.Where(tokenScopes.Contains)];
        Tree = tree;
        Unrestricted = unrestricted;
        // Keep only the top-most attachments: a unit under another attached unit adds nothing.
        UnitIds = [.. unitIds.Where(tree.Contains).Distinct().Where(id => !unitIds.Any(o => o != id && tree.Contains(o) && tree.IsWithin(id, o)))];
    }

    public string? UserId { get; }
    /// <summary>The account's sign-in name (its e-mail): it identifies the account in the audit log.</summary>
    public string? UserName { get; }
    /// <summary>The person's name as others read it wherever someone is named on screen ("submitted by", task
    /// updates, notifications); the sign-in name when the account has none.</summary>
    public string? DisplayName { get; }
    public IReadOnlyCollection<string> Roles => _roles;
    /// <summary>The token scopes this caller holds: what its roles allow, narrowed to the bearer token's own
    /// scopes when it signed in with one. A token it creates may carry only these.</summary>
    public IReadOnlyList<string> Scopes { get; }
    /// <summary>The roots of the subtrees this account acts on.</summary>
    public IReadOnlyList<int> UnitIds { get; }
    public OrgTree Tree { get; }
    /// <summary>Start-up work and command-line tools act on the whole instance.</summary>
    public bool Unrestricted { get; }
    public bool IsSignedIn => UserId is not null;

    /// <summary>The same account seen against a newer tree (after units were added or moved).</summary>
    public AccessScope On(OrgTree tree) => ReferenceEquals(tree, Tree) ? this
        : new(UserId, UserName, _roles, UnitIds, tree, Unrestricted, Scopes, DisplayName);

    public static AccessScope System(OrgTree tree) => new(null, "system", CivicTrack.Features.Accounts.Roles.All, [], tree, unrestricted: true);

    public static AccessScope Anonymous(OrgTree tree) => new(null, null, [], [], tree, unrestricted: false);

    /// <param name="tokenScopes">The bearer token's scopes; null for a browser session.</param>
    public static AccessScope For(string userId, string? userName, IEnumerable<string> roles, IReadOnlyList<int> unitIds, OrgTree tree,
        IReadOnlyList<string>? tokenScopes = null, string? displayName = null) =>
        new(userId, userName, roles, unitIds, tree, unrestricted: false, tokenScopes, displayName);

    public bool IsInRole(string role) => Unrestricted || _roles.Contains(role);

    public bool IsInAnyRole(IEnumerable<string> roles) => Unrestricted || roles.Any(_roles.Contains);

    /// <summary>True when the unit is one of the account's units or lies under one.</summary>
    public bool Covers(int unitId) => Unrestricted ? Tree.Contains(unitId) : UnitIds.Any(root => Tree.IsWithin(unitId, root));

    public bool Covers(OrgNode unit) => Covers(unit.Id);

    /// <summary>The top units this account sees: its attachments, or the tree's roots when unrestricted.</summary>
    public IEnumerable<OrgNode> Roots => Unrestricted ? Tree.Roots : UnitIds.Select(Tree.Get);

    /// <summary>Lets a minimal API handler take the caller's scope as a parameter.</summary>
    public static async ValueTask<AccessScope?> BindAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<AccessScopes>().ForAsync(context.User, context.RequestAborted);
}

/// <summary>Builds the <see cref="AccessScope"/> of a signed-in user from the database and the current tree.</summary>
public sealed class AccessScopes(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, TimeProvider clock)
{
    // Every request asks; accounts' units change rarely, and each change drops the cache.
    private readonly AccountCache<(List<int> Units, string? DisplayName)> _accounts = new(TimeSpan.FromMinutes(5), clock);

    public async Task<AccessScope> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || userId is null) return AccessScope.Anonymous(tree);
        if (!_accounts.TryGet(userId, out var account))
        {
            var generation = AccountChanges.Generation;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var units = await db.UserUnits.AsNoTracking().Where(u => u.UserId == userId).Select(u => u.OrgUnitId).ToListAsync(ct);
            var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            account = (units, name);
            _accounts.Set(userId, account, generation);
        }
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value);
        var tokenScopes = user.HasClaim(AccountClaims.AuthMethod, AccountClaims.TokenMethod)
            ? user.FindAll(AccountClaims.Scope).Select(c => c.Value).ToList()
            : null;
        return AccessScope.For(userId, user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name, roles, account.Units, tree, tokenScopes,
            account.DisplayName);
    }

    public async Task<AccessScope> SystemAsync(CancellationToken ct = default) => AccessScope.System(await directory.TreeAsync(ct));
}
