using CivicTrack.Data;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>Loads an illustrative province (modelled on Tuyên Quang) into an empty instance, once.</summary>
public static class DemoProvince
{
    public const string LoadedKey = "demo.loaded";

    /// <summary>Loads the demo province and its accounts unless turned off; returns the demo password, or null.</summary>
    public static async Task<string?> LoadDemoAsync(this WebApplication app)
    {
        if (app.Environment.IsProduction() || !app.Configuration.GetValue("Demo:Load", true)) return null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (await LoadAsync(app.Services, CancellationToken.None)) app.Logger.LogInformation("Demo province loaded in {Elapsed} ms", watch.ElapsedMilliseconds);
        if (!await IsLoadedAsync(app.Services.GetRequiredService<IDbContextFactory<AppDb>>())) return null;
        return await DemoAccounts.EnsureAsync(app.Services, app.Configuration, CancellationToken.None);
    }

    /// <summary>Loads the demo when the instance holds no units; never twice, never over real data.</summary>
    public static async Task<bool> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDb>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Meta.AnyAsync(m => m.Key == LoadedKey, ct) || await db.OrgUnits.AnyAsync(ct)) return false;
        }
        var scope = await services.GetRequiredService<CivicTrack.Features.Accounts.AccessScopes>().SystemAsync(ct);
        var result = await services.GetRequiredService<OrgImportService>().ImportAsync(scope, ReadResource("org-units.csv"), ct);
        if (!result.Applied)
            throw new InvalidOperationException("The demo unit file is invalid: " + string.Join("; ", result.Errors.Take(5).Select(e => $"line {e.Line} {e.Column} {e.Code} {e.Value}")));
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await IndicatorLibrary.LoadAsync(db, ct);
            await DemoProgramme.LoadAsync(db, services.GetRequiredService<TimeProvider>(), ct);
            await DemoReporting.LoadAsync(db, ct);
            await DemoLiving.LoadAsync(db, Today(services), ct);
            await DemoHouseholds.LoadAsync(db, Today(services), VietnamTime.Today(services.GetRequiredService<TimeProvider>()), ct);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) await DemoTeams.LoadAsync(db, Today(services), ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await DemoActivities.LoadAsync(db, Today(services), ct);
        if (services.GetRequiredService<IConfiguration>().GetValue("Demo:Dossiers", true))
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var dossiers = await DemoDossiers.LoadAsync(db, Today(services), ct);
                var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoDossiers));
                log.LogInformation("Demo dossiers: {Count}, {Adjusted} figures followed only in part", dossiers.Dossiers, dossiers.Adjusted.Count);
                foreach (var adjusted in dossiers.Adjusted.Take(20)) log.LogWarning("Demo dossiers follow the stored figures only in part: {Adjusted}", adjusted);
            }
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) await DemoIndex.LoadAsync(db, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) await DemoOpenData.LoadAsync(db, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Meta.Add(new AppMeta { Key = LoadedKey, Value = DateTime.UtcNow.ToString("O") });
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    /// <summary>The day the demo runs up to: <c>Demo:Today</c> when set (a fixed day for tests), else today in Vietnam.</summary>
    public static DateOnly Today(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()["Demo:Today"] is { Length: > 0 } day
            ? DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : VietnamTime.Today(services.GetRequiredService<TimeProvider>());

    /// <summary>True when the instance shows the illustrative demo province.</summary>
    public static async Task<bool> IsLoadedAsync(IDbContextFactory<AppDb> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Meta.AnyAsync(m => m.Key == LoadedKey, ct);
    }

    private static byte[] ReadResource(string name)
    {
        var asm = typeof(DemoProvince).Assembly;
        var resource = asm.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(resource)!;
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
