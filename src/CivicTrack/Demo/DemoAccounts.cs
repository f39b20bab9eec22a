using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>The demo accounts, one per role, created with the demo province and never in Production.</summary>
public static class DemoAccounts
{
    public const string PasswordKey = "demo.password";

    /// <summary>E-mail, display name, role, and where the account sits: a unit code, or a search for its name.</summary>
    public static readonly (string Email, string Name, string Role, Func<Engine.Organisation.OrgTree, Engine.Organisation.OrgNode?> Unit)[] Accounts =
    [
        ("admin@demo.local", "Quản trị hệ thống", Roles.Administrator, t => t.Roots.FirstOrDefault()),
        ("manager@demo.local", "Sở Khoa học và Công nghệ", Roles.ProgrammeManager, t => t.Roots.FirstOrDefault()),
        ("reporter.thuongtan@demo.local", "Cán bộ báo cáo xã Thượng Tân", Roles.Reporter, t => Commune(t, "thuong tan")),
        ("approver.thuongtan@demo.local", "Lãnh đạo xã Thượng Tân", Roles.Approver, t => Commune(t, "thuong tan")),
        ("reporter.giaptrung@demo.local", "Cán bộ báo cáo xã Giáp Trung", Roles.Reporter, t => Commune(t, "giap trung")),
        ("team.thuongtan@demo.local", "Tổ công nghệ số cộng đồng", Roles.TeamMember, t => Commune(t, "thuong tan") is { } c ? t.Children(c.Id).FirstOrDefault() : null),
        ("viewer@demo.local", "Người xem", Roles.Viewer, t => t.Roots.FirstOrDefault()),
    ];

    private static Engine.Organisation.OrgNode? Commune(Engine.Organisation.OrgTree tree, string name) =>
        tree.Search(name, 1, Engine.Organisation.OrgUnitKind.Commune).FirstOrDefault();

    /// <summary>Creates the missing demo accounts. The password is <c>Demo:Password</c>, or one generated on the
    /// first run and kept for later runs (demo instances only).</summary>
    public static async Task<string> EnsureAsync(IServiceProvider services, IConfiguration config, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDb>>();
        string password;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var stored = await db.Meta.SingleOrDefaultAsync(m => m.Key == PasswordKey, ct);
            password = config["Demo:Password"] is { Length: > 0 } configured ? configured : stored?.Value ?? Passwords.Generate();
            if (stored is null) db.Meta.Add(new AppMeta { Key = PasswordKey, Value = password });
            else stored.Value = password;
            await db.SaveChangesAsync(ct);
        }
        using var scope = services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var system = await services.GetRequiredService<AccessScopes>().SystemAsync(ct);
        foreach (var (email, name, role, unitOf) in Accounts)
        {
            if (unitOf(system.Tree) is not { } unit) continue;
            if (await users.FindByEmailAsync(email) is { } existing)
            {
                // A configured password wins over the one the account had, so the README's promise holds.
                if (!await users.CheckPasswordAsync(existing, password))
                {
                    await users.RemovePasswordAsync(existing);
                    await users.AddPasswordAsync(existing, password);
                }
                continue;
            }
            var result = await accounts.CreateAsync(system, new AccountCreate(email, name, [role], [unit.Code], password), ct);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Demo account {email} could not be created: " + string.Join("; ", result.Problems.SelectMany(e => e.Value)));
        }
        return password;
    }
}
