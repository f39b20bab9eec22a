using CivicTrack.Data;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Accounts;

public sealed record AccountUnitDto(string Code, string Name);

public sealed record AccountDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<AccountUnitDto> Units,
    bool IsDisabled, bool IsLockedOut, bool TwoFactorEnabled, DateTime CreatedAt);

public sealed record AccountCreate(string? Email, string? DisplayName, IReadOnlyList<string>? Roles, IReadOnlyList<string>? UnitCodes, string? Password);

public sealed record AccountUpdate(string? DisplayName, IReadOnlyList<string>? Roles, IReadOnlyList<string>? UnitCodes, bool? Disabled);

public sealed record PasswordReset(string? NewPassword);

/// <summary>Account administration. An administrator sees and changes only accounts whose every unit lies
/// within the administrator's own units, and can give no unit outside them.</summary>
public sealed class AccountService(UserManager<AppUser> users, AppDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public async Task<IReadOnlyList<AccountDto>> ListAsync(AccessScope scope, string? search, CancellationToken ct = default)
    {
        var all = await db.Users.AsNoTracking().Include(u => u.Units).OrderBy(u => u.Email).ToListAsync(ct);
        var roles = await RolesByUserAsync(ct);
        var folded = Engine.Text.VietnameseText.Fold(search);
        return [.. all.Where(u => Manageable(scope, u))
            .Where(u => folded.Length == 0 || Engine.Text.VietnameseText.MatchesFolded(Engine.Text.VietnameseText.Fold(u.Email + " " + u.DisplayName), folded))
            .Select(u => ToDto(scope, u, roles.GetValueOrDefault(u.Id) ?? []))];
    }

    public async Task<AccountDto?> GetAsync(AccessScope scope, string id, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Units).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || !Manageable(scope, user)) return null;
        return ToDto(scope, user, [.. await users.GetRolesAsync(user)]);
    }

    public async Task<Outcome<AccountDto>> CreateAsync(AccessScope scope, AccountCreate input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var email = input.Email?.Trim() ?? "";
        if (email.Length == 0 || !email.Contains('@')) errors["email"] = [t["Accounts.EmailInvalid"]];
        if (string.IsNullOrWhiteSpace(input.Password)) errors["password"] = [t["ImportError.Required"]];
        if (CivicTrack.Engine.Text.ControlCharacters.InName(input.DisplayName)) errors["displayName"] = [t["Input.ControlCharacters"]];
        var (roles, units) = CheckRolesAndUnits(scope, input.Roles, input.UnitCodes, errors);
        if (errors.Count > 0) return Outcome<AccountDto>.Invalid(errors);
        if (await users.FindByEmailAsync(email) is not null)
            return Outcome<AccountDto>.Conflict("email", t["Accounts.EmailTaken", email]);

        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Units = [.. units.Select(id => new UserUnit { UserId = "", OrgUnitId = id })],
        };
        foreach (var u in user.Units) u.UserId = user.Id;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded) return Outcome<AccountDto>.Invalid(IdentityErrors(created, "password"));
        await EnsureRolesAsync(roles);
        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded) return Outcome<AccountDto>.Invalid(IdentityErrors(added, "roles"));
        audit.Add(db, scope, AuditActions.Create, "Account", user.Id, units.FirstOrDefault(), after: Snapshot(scope, user, roles));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AccountDto>.Created(ToDto(scope, user, roles));
    }

    public async Task<Outcome<AccountDto>> UpdateAsync(AccessScope scope, string id, AccountUpdate input, CancellationToken ct = default)
    {
        var user = await db.Users.Include(u => u.Units).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || !Manageable(scope, user)) return Outcome<AccountDto>.NotFound();
        var errors = new Dictionary<string, string[]>();
        var oldRoles = (await users.GetRolesAsync(user)).Order().ToList();
        var (roles, units) = CheckRolesAndUnits(scope, input.Roles ?? oldRoles, input.UnitCodes ?? Codes(scope, user), errors);
        if (input.Disabled == true && user.Id == scope.UserId) errors["disabled"] = [t["Accounts.CannotDisableSelf"]];
        if (CivicTrack.Engine.Text.ControlCharacters.InName(input.DisplayName)) errors["displayName"] = [t["Input.ControlCharacters"]];
        if (errors.Count > 0) return Outcome<AccountDto>.Invalid(errors);

        var before = Snapshot(scope, user, oldRoles);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!string.IsNullOrWhiteSpace(input.DisplayName)) user.DisplayName = input.DisplayName.Trim();
        user.Units.RemoveAll(u => !units.Contains(u.OrgUnitId));
        foreach (var unitId in units.Where(u => user.Units.All(x => x.OrgUnitId != u)))
            user.Units.Add(new UserUnit { UserId = user.Id, OrgUnitId = unitId });
        if (input.Disabled is { } disabled && disabled != user.IsDisabled)
        {
            user.IsDisabled = disabled;
            user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        }
        await EnsureRolesAsync(roles);
        var removed = oldRoles.Except(roles).ToList();
        var addedRoles = roles.Except(oldRoles).ToList();
        if (removed.Count > 0) await users.RemoveFromRolesAsync(user, removed);
        if (addedRoles.Count > 0) await users.AddToRolesAsync(user, addedRoles);
        // A new stamp ends the account's open sessions at their next check, so changes bite at once.
        await users.UpdateSecurityStampAsync(user);
        var action = removed.Count + addedRoles.Count > 0 ? AuditActions.RoleChange : AuditActions.Update;
        audit.Add(db, scope, action, "Account", user.Id, units.FirstOrDefault(), before, Snapshot(scope, user, roles));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AccountDto>.Ok(ToDto(scope, user, roles));
    }

    public async Task<Outcome<AccountDto>> ResetPasswordAsync(AccessScope scope, string id, PasswordReset input, CancellationToken ct = default)
    {
        var user = await db.Users.Include(u => u.Units).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || !Manageable(scope, user)) return Outcome<AccountDto>.NotFound();
        if (string.IsNullOrWhiteSpace(input.NewPassword))
            return Outcome<AccountDto>.Invalid("newPassword", t["ImportError.Required"]);
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, input.NewPassword);
            if (!check.Succeeded) return Outcome<AccountDto>.Invalid(IdentityErrors(check, "newPassword"));
        }
        await users.RemovePasswordAsync(user);
        var result = await users.AddPasswordAsync(user, input.NewPassword);
        if (!result.Succeeded) return Outcome<AccountDto>.Invalid(IdentityErrors(result, "newPassword"));
        await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Add(db, scope, AuditActions.PasswordReset, "Account", user.Id, user.Units.FirstOrDefault()?.OrgUnitId);
        await db.SaveChangesAsync(ct);
        return new(OutcomeKind.Ok, await GetAsync(scope, id, ct));
    }

    /// <summary>An account is within reach when it has units and every one lies inside the scope.</summary>
    public static bool Manageable(AccessScope scope, AppUser user) =>
        scope.Unrestricted || user.Units.Count > 0 && user.Units.All(u => scope.Covers(u.OrgUnitId));

    private (List<string> Roles, List<int> Units) CheckRolesAndUnits(AccessScope scope, IEnumerable<string?>? roleNames, IEnumerable<string?>? unitCodes, Dictionary<string, string[]> errors)
    {
        var roles = new List<string>();
        foreach (var r in roleNames ?? [])
        {
            if (string.IsNullOrWhiteSpace(r)) { errors["roles"] = [t["Accounts.UnknownRole", r ?? "null", string.Join(", ", Roles.All)]]; continue; }
            var known = Roles.All.FirstOrDefault(x => x.Equals(r.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null) { errors["roles"] = [t["Accounts.UnknownRole", r, string.Join(", ", Roles.All)]]; continue; }
            if (!roles.Contains(known)) roles.Add(known);
        }
        if (roles.Count == 0 && !errors.ContainsKey("roles")) errors["roles"] = [t["Accounts.RoleRequired"]];
        var units = new List<int>();
        foreach (var code in unitCodes ?? [])
        {
            if (string.IsNullOrWhiteSpace(code)) { errors["unitCodes"] = [t["Api.UnitNotFound", code ?? "null"]]; continue; }
            // A unit outside the administrator's reach reads as unknown: its existence is not revealed.
            if (scope.Tree.Find(code.Trim()) is { } unit && scope.Covers(unit)) { if (!units.Contains(unit.Id)) units.Add(unit.Id); }
            else errors["unitCodes"] = [t["Api.UnitNotFound", code]];
        }
        if (units.Count == 0 && !errors.ContainsKey("unitCodes")) errors["unitCodes"] = [t["Accounts.UnitRequired"]];
        return (roles.Order().ToList(), units);
    }

    private async Task EnsureRolesAsync(IEnumerable<string> roles)
    {
        var roleManager = db.Roles;
        foreach (var role in roles)
            if (!await roleManager.AnyAsync(r => r.NormalizedName == role.ToUpperInvariant()))
            {
                roleManager.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
                await db.SaveChangesAsync();
            }
    }

    private async Task<Dictionary<string, List<string>>> RolesByUserAsync(CancellationToken ct) =>
        (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct))
        .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order().ToList());

    private static List<string> Codes(AccessScope scope, AppUser user) =>
        [.. user.Units.Select(u => scope.Tree.Find(u.OrgUnitId)?.Code).OfType<string>()];

    private static object Snapshot(AccessScope scope, AppUser user, IEnumerable<string> roles) =>
        new { user.Email, user.DisplayName, roles = roles.ToList(), units = Codes(scope, user), user.IsDisabled };

    private static AccountDto ToDto(AccessScope scope, AppUser u, IReadOnlyList<string> roles) => new(
        u.Id, u.Email ?? "", u.DisplayName, roles,
        [.. u.Units.Select(x => scope.Tree.Find(x.OrgUnitId)).OfType<Engine.Organisation.OrgNode>().Select(n => new AccountUnitDto(n.Code, n.Name))],
        u.IsDisabled, !u.IsDisabled && u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow, u.TwoFactorEnabled, u.CreatedAt);

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result, string field) =>
        new() { [field] = [.. result.Errors.Select(e => e.Description)] };
}
