using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;

namespace CivicTrack.Features.Accounts;

/// <summary><c>create-admin --email E [--unit CODE] [--unit-name NAME]</c>: makes an Administrator of a unit, reading
/// the password from standard input (or asking for it at a terminal). On an empty instance it also creates the
/// top unit, which needs both <c>--unit</c> and <c>--unit-name</c>.</summary>
public static class CreateAdminCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "create-admin";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Option("--email");
        var unitCode = Option("--unit");
        var unitName = Option("--unit-name");
        if (string.IsNullOrWhiteSpace(email))
        {
            Console.Error.WriteLine("Usage: create-admin --email admin@example.gov.vn [--unit CODE[,CODE...]] [--unit-name \"Tỉnh ...\"]");
            return 2;
        }
        var scopes = app.Services.GetRequiredService<AccessScopes>();
        var system = await scopes.SystemAsync();
        // Several units, comma-separated, give one account all of them (a national instance's overseer of its provinces).
        var codes = unitCode?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (codes.Length > 1)
        {
            var missing = codes.Where(c => system.Tree.Find(c) is null).ToList();
            if (missing.Count > 0) { Console.Error.WriteLine($"No unit {string.Join(", ", missing)}: create each first."); return 2; }
        }
        OrgNode? unit = unitCode is null ? (system.Tree.Roots.Count() == 1 ? system.Tree.Roots.First() : null) : system.Tree.Find(codes.FirstOrDefault() ?? unitCode);
        // A new top unit: the first of an instance, or another province of a national instance that provinces feed.
        if (unit is null && codes.Length == 1 && unitName is not null)
        {
            var change = await app.Services.GetRequiredService<OrgService>()
                .CreateAsync(system, new OrgUnitInput(unitCode, unitName, nameof(OrgUnitKind.Province), null, null, null, null));
            if (!change.Succeeded)
            {
                Console.Error.WriteLine($"The unit could not be created: {string.Join("; ", change.Problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}"))}");
                return 1;
            }
            system = await scopes.SystemAsync();
            unit = system.Tree.Find(unitCode!);
        }
        if (unit is null)
        {
            Console.Error.WriteLine(system.Tree.Count == 0
                ? "The instance has no units yet: give --unit CODE and --unit-name NAME to create the top unit."
                : "Name the unit the administrator manages with --unit CODE (or --unit CODE --unit-name NAME for a new top unit).");
            return 2;
        }
        var password = ReadPassword();
        if (string.IsNullOrEmpty(password)) { Console.Error.WriteLine("No password was given."); return 2; }

        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(system, new AccountCreate(email, email, [Roles.Administrator], codes.Length > 1 ? codes : [unit.Code], password));
        if (!result.Succeeded)
        {
            Console.Error.WriteLine("The account was not created: " + string.Join("; ", result.Problems.SelectMany(e => e.Value)));
            return 1;
        }
        Console.WriteLine(codes.Length > 1 ? $"Administrator {email} created for {string.Join(", ", codes)}." : $"Administrator {email} created for {unit.Name} ({unit.Code}).");
        return 0;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine()?.TrimEnd('\r', '\n');
        Console.Write("Password: ");
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        Console.WriteLine();
        return new string([.. chars]);
    }
}
