using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack;

public static class Startup
{
    /// <summary>Applies migrations at start-up unless <c>Database:Migrate</c> is false (production may migrate separately),
    /// then, on PostgreSQL, adds the partitions of data values for this year and the next ones.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:Migrate", true)) return;
        await using var db = app.Services.GetRequiredService<AppDbFactory>().CreateDbContext();
        await db.Database.MigrateAsync();
        var year = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().Year;
        var added = await ValuePartitions.EnsureAsync(db, year);
        if (added.Count > 0)
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ValuePartitions))
                .LogInformation("Added the data value partitions of {Years}", string.Join(", ", added));
    }

    public static void PrintWelcome(this WebApplication app, string? demoPassword)
    {
        var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "http://localhost:5080";
        var provider = app.Services.GetRequiredService<AppDbFactory>().Provider;
        Console.WriteLine();
        Console.WriteLine($"  CivicTrack is running at {addresses}");
        var where = provider == DatabaseProvider.Sqlite
            ? " (" + Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.Configuration.GetConnectionString("CivicTrack") ?? DatabaseSetup.DefaultSqlite).DataSource) + ")"
            : "";
        Console.WriteLine($"  Database: {provider}{where}");
        Console.WriteLine($"  API reference: {addresses.Split(',')[0].Trim()}/api-docs");
        if (demoPassword is not null)
        {
            Console.WriteLine();
            Console.WriteLine("  Demo province (illustrative data). Sign in with any of these accounts:");
            foreach (var (email, _, role, _) in CivicTrack.Demo.DemoAccounts.Accounts)
                Console.WriteLine($"    {email,-32} {role}");
            Console.WriteLine($"  Password for all of them: {demoPassword}");
        }
        Console.WriteLine();
    }
}
