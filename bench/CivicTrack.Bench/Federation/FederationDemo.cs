using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Federation;

/// <summary>The command line: <c>federation-demo [--app DIR] [--keep]</c>.</summary>
public sealed record FederationDemoOptions(string? AppDirectory, bool Keep)
{
    public static FederationDemoOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "federation-demo") return null;
        var options = new FederationDemoOptions(null, false);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--keep" => options with { Keep = true },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}

/// <summary>Three province instances and a national one on this machine, each with its own port and database: the national
/// administrator registers the provinces, each province pushes its figures, and the national comparison and reconciliation are
/// printed. Everything started is stopped at the end (and on Ctrl+C).</summary>
public static class FederationDemo
{
    /// <summary>The data elements the provinces publish for the nation.</summary>
    public const string Elements = "HH_TOTAL,HH_SMARTPHONE,HH_VNEID,HH_EWALLET,OFFICIALS_TOTAL,OFFICIALS_TRAINED";

    private const string Overseer = "bo@national.local";

    private sealed record ProvinceSpec(string Code, string Name, bool Demo, int Communes, int VillagesPerCommune, int Seed);

    private static readonly ProvinceSpec[] Provinces =
    [
        new("08", "Tỉnh Tuyên Quang", true, 0, 0, 0),
        new("12", "Tỉnh Lai Châu", false, 38, 6, 12),
        new("14", "Tỉnh Sơn La", false, 75, 7, 14),
    ];

    public static async Task<int> RunAsync(FederationDemoOptions options)
    {
        var repository = Repository.Root();
        var work = Path.Combine(Path.GetTempPath(), "civictrack-federation-demo");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var started = new List<AppProcess>();
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += stop;
        try
        {
            Console.WriteLine("CivicTrack federation: three provinces and a national instance on this machine");
            var app = await SurgeBenchmark.AppDirectoryAsync(options.AppDirectory, repository, work);
            var password = AppClient.NewPassword();

            // The national instance: no demo; its administrator registers each province (its unit and an account attached to it).
            var nationalEnv = Environment(Path.Combine(work, "national.db"), demo: false, password);
            foreach (var p in Provinces)
                await AppProcess.CreateAdminAsync(app, nationalEnv, $"admin.{p.Code}@national.local", password, p.Code, p.Name);
            // The ministry's own account oversees every province.
            await AppProcess.CreateAdminAsync(app, nationalEnv, Overseer, password, string.Join(',', Provinces.Select(p => p.Code)), "");
            var national = await AppProcess.StartAsync(app, nationalEnv, Path.Combine(work, "national.log"));
            started.Add(national);
            Console.WriteLine($"  national instance at {national.Address} (data in {work}/national.db)");
            using var nationalHttp = AppClient.Create(national.Address, 4);
            await AppClient.SignInAsync(nationalHttp, Overseer, password);
            // The national instance holds the standard indicator framework, as the provinces do.
            using (var library = await nationalHttp.PostAsync("/api/indicators/library", null, cancel.Token))
                await Json(library, "POST /api/indicators/library");

            var provinceApps = new List<(ProvinceSpec Spec, AppProcess App, string Email)>();
            foreach (var p in Provinces)
            {
                cancel.Token.ThrowIfCancellationRequested();
                await AppClient.SignInAsync(nationalHttp, $"admin.{p.Code}@national.local", password);
                using var tokenResponse = await nationalHttp.PostAsJsonAsync("/api/auth/tokens",
                    new { name = $"federation {p.Code}", scopes = new[] { "federation:push" }, expiresInDays = 30 }, cancel.Token);
                var token = (await Json(tokenResponse, "POST /api/auth/tokens")).GetProperty("token").GetString()!;

                var file = Path.Combine(work, $"province-{p.Code}.db");
                var env = Environment(file, p.Demo, password);
                env["Federation__Url"] = national.Address.ToString().TrimEnd('/');
                env["Federation__Token"] = token;
                env["Federation__Elements"] = Elements;
                env["Federation__Scheduled"] = "false";
                string email;
                if (p.Demo) email = "admin@demo.local";
                else
                {
                    email = $"admin@{p.Code}.local";
                    await AppProcess.CreateAdminAsync(app, env, email, password, p.Code, p.Name);
                }
                var instance = await AppProcess.StartAsync(app, env, Path.Combine(work, $"province-{p.Code}.log"));
                started.Add(instance);
                provinceApps.Add((p, instance, email));
                Console.WriteLine($"  province {p.Code} {p.Name} at {instance.Address}{(p.Demo ? " (the demo province)" : "")}");
                if (!p.Demo) await FillAsync(instance, email, password, p, cancel.Token);
            }

            foreach (var (p, instance, email) in provinceApps)
            {
                using var http = AppClient.Create(instance.Address, 2);
                await AppClient.SignInAsync(http, email, password);
                using var push = await http.PostAsync("/api/federation/push", null, cancel.Token);
                var result = await Json(push, $"POST /api/federation/push on province {p.Code}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  province {p.Code} pushed {result.GetProperty("batches").GetInt32()} batches, {result.GetProperty("values").GetInt32():N0} values"));
            }

            // Pushing again sends nothing: every value is there once.
            foreach (var (p, instance, email) in provinceApps)
            {
                using var http = AppClient.Create(instance.Address, 2);
                await AppClient.SignInAsync(http, email, password);
                using var again = await http.PostAsync("/api/federation/push", null, cancel.Token);
                var batches = (await Json(again, "POST /api/federation/push")).GetProperty("batches").GetInt32();
                if (batches != 0) throw new BenchException($"Province {p.Code} pushed {batches} batches again with nothing changed.");
            }

            await AppClient.SignInAsync(nationalHttp, Overseer, password);
            Console.WriteLine();
            var year = DateTime.UtcNow.Year - 1;
            foreach (var element in new[] { "HH_TOTAL", "HH_VNEID", "OFFICIALS_TRAINED" })
            {
                Console.WriteLine($"National comparison, {element}, {year}: rank, province, the national figure from the values received | the province's own total");
                using var response = await nationalHttp.GetAsync($"/api/federation/provinces?element={element}&period={year}", cancel.Token);
                foreach (var r in (await Json(response, "GET /api/federation/provinces")).EnumerateArray())
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {Number(r, "rank"),2} {r.GetProperty("code").GetString(),-3} {r.GetProperty("name").GetString(),-20} {Number(r, "national"),14} | {Number(r, "reported"),14}{(r.GetProperty("differs").GetBoolean() ? "  DIFFERS" : "")}"));
            }
            Console.WriteLine();
            Console.WriteLine("Reconciliation (each province's own totals against the national figures):");
            using var reconciliation = await nationalHttp.GetAsync("/api/federation/reconciliation", cancel.Token);
            var all = (await Json(reconciliation, "GET /api/federation/reconciliation")).EnumerateArray().ToList();
            foreach (var group in all.GroupBy(r => r.GetProperty("province").GetString()).OrderBy(g => g.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {group.Key} {group.First().GetProperty("provinceName").GetString()}: {group.Count():N0} totals compared, {group.Count(r => r.GetProperty("differs").GetBoolean())} differ");
            var differences = all.Count(r => r.GetProperty("differs").GetBoolean());
            var compared = all.Count;
            Console.WriteLine(differences == 0
                ? $"Every one of the {compared:N0} totals agrees: the national figures equal what the provinces reported."
                : $"{differences} of {compared:N0} totals differ.");
            return differences == 0 ? 0 : 1;
        }
        catch (Exception e) when (SurgeBenchmark.IsBenchFailure(e) || e is OperationCanceledException)
        {
            Console.WriteLine($"FAILED: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
            foreach (var p in started) await p.DisposeAsync();
            Console.WriteLine($"Stopped the {started.Count} instances started.");
            if (!options.Keep) try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static Dictionary<string, string> Environment(string file, bool demo, string password) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Demo__Load"] = demo ? "true" : "false",
        ["Demo__Password"] = password,
        ["Demo__Dossiers"] = "false",
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__CivicTrack"] = $"Data Source={file}",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>A province without the demo: communes and villages imported as the registry's CSV, and a year of monthly figures at the
    /// villages and communes entered through the data values API.</summary>
    private static async Task FillAsync(AppProcess instance, string email, string password, ProvinceSpec p, CancellationToken ct)
    {
        using var http = AppClient.Create(instance.Address, 2);
        await AppClient.SignInAsync(http, email, password);
        using (var library = await http.PostAsync("/api/indicators/library", null, ct))
            await Json(library, "POST /api/indicators/library");
        var csv = new StringBuilder("code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n");
        csv.Append(CultureInfo.InvariantCulture, $"{p.Code},{p.Name},Province,,,,,\n");
        for (var c = 1; c <= p.Communes; c++)
        {
            var commune = string.Create(CultureInfo.InvariantCulture, $"{p.Code}{c:000}");
            csv.Append(CultureInfo.InvariantCulture, $"{commune},Xã {c:00} ({p.Name[5..]}),Commune,{p.Code},,,,\n");
            for (var v = 1; v <= p.VillagesPerCommune; v++)
                csv.Append(CultureInfo.InvariantCulture, $"{commune}-{v:00},Thôn {v:00},Village,{commune},,,,\n");
        }
        using (var import = await http.PostAsync("/api/org-units/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), ct))
            await Json(import, "POST /api/org-units/import");

        var rng = new Random(p.Seed);
        var year = DateTime.UtcNow.Year - 1;
        var values = new List<object>();
        for (var c = 1; c <= p.Communes; c++)
        {
            var commune = string.Create(CultureInfo.InvariantCulture, $"{p.Code}{c:000}");
            var officials = rng.Next(18, 40);
            for (var m = 1; m <= 12; m++)
            {
                var period = string.Create(CultureInfo.InvariantCulture, $"{year}-{m:00}");
                values.Add(new { element = "OFFICIALS_TOTAL", unit = commune, period, value = (double)officials });
                values.Add(new { element = "OFFICIALS_TRAINED", unit = commune, period, value = (double)Math.Min(officials, officials * m / 12 + rng.Next(0, 3)) });
            }
            for (var v = 1; v <= p.VillagesPerCommune; v++)
            {
                var village = $"{commune}-{v:00}";
                var households = rng.Next(60, 260);
                for (var m = 1; m <= 12; m++)
                {
                    var period = string.Create(CultureInfo.InvariantCulture, $"{year}-{m:00}");
                    var share = Math.Min(0.95, 0.25 + 0.05 * m + rng.NextDouble() * 0.05);
                    values.Add(new { element = "HH_TOTAL", unit = village, period, value = (double)households });
                    values.Add(new { element = "HH_SMARTPHONE", unit = village, period, value = Math.Round(households * Math.Min(0.98, share + 0.15)) });
                    values.Add(new { element = "HH_VNEID", unit = village, period, value = Math.Round(households * share) });
                    values.Add(new { element = "HH_EWALLET", unit = village, period, value = Math.Round(households * share * 0.6) });
                }
            }
        }
        foreach (var chunk in values.Chunk(5_000))
        {
            using var put = await http.PutAsJsonAsync("/api/data-values", new { values = chunk }, ct);
            await Json(put, "PUT /api/data-values");
        }
        Console.WriteLine($"    {p.Communes} communes, {p.Communes * p.VillagesPerCommune} villages and {values.Count:N0} values entered");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new BenchException($"{what} answered {(int)response.StatusCode}: {AppClient.Shorten(text)}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Number(JsonElement row, string name) =>
        row.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble().ToString("N0", CultureInfo.InvariantCulture) : "–";
}
