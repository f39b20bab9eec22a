using System.Diagnostics;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Accounts;

/// <summary>The first administrator of a production instance, made from the command line.</summary>
public sealed class CreateAdminCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_admin_makes_the_top_unit_and_an_administrator_who_can_sign_in()
    {
        var appDir = AppOutputDirectory();
        var db = Path.Combine(Path.GetTempPath(), "civictrack-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        var connection = $"Data Source={db};Pooling=False";
        try
        {
            var (code, output) = await RunAsync(appDir, connection, "Strong-Admin-Pass-2026\n",
                "create-admin", "--email", "first.admin@hanoi.gov.vn", "--unit", "01", "--unit-name", "Thành phố Hà Nội");
            Assert.True(code == 0, output);
            Assert.Contains("first.admin@hanoi.gov.vn", output);

            var (again, againOutput) = await RunAsync(appDir, connection, "Strong-Admin-Pass-2026\n", "create-admin", "--email", "first.admin@hanoi.gov.vn");
            Assert.NotEqual(0, again);
            Assert.DoesNotContain("Strong-Admin-Pass-2026", againOutput);

            // A national instance registers further provinces as top units, and an overseer of several.
            var (second, secondOutput) = await RunAsync(appDir, connection, "Strong-Admin-Pass-2026\n",
                "create-admin", "--email", "admin.12@national.gov.vn", "--unit", "12", "--unit-name", "Tỉnh Lai Châu");
            Assert.True(second == 0, secondOutput);
            var (overseer, overseerOutput) = await RunAsync(appDir, connection, "Strong-Admin-Pass-2026\n",
                "create-admin", "--email", "overseer@national.gov.vn", "--unit", "01,12");
            Assert.True(overseer == 0, overseerOutput);
            var (unknown, _) = await RunAsync(appDir, connection, "Strong-Admin-Pass-2026\n", "create-admin", "--email", "x@national.gov.vn", "--unit", "01,99");
            Assert.NotEqual(0, unknown);

            await using var app = new AppFactory(DatabaseProvider.Sqlite, loadDemo: false, reuseConnection: connection);
            var client = await app.SignedInAsync("first.admin@hanoi.gov.vn", "Strong-Admin-Pass-2026");
            var roots = await client.GetFromJsonAsync<OrgUnitPage>("/api/org-units", Json.Options, Ct);
            Assert.Equal("Thành phố Hà Nội", Assert.Single(roots!.Items).Name);
            var both = await (await app.SignedInAsync("overseer@national.gov.vn", "Strong-Admin-Pass-2026")).GetFromJsonAsync<OrgUnitPage>("/api/org-units", Json.Options, Ct);
            Assert.Equal(["01", "12"], both!.Items.Select(u => u.Code).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>The app's own build output, beside the test's (same configuration).</summary>
    private static string AppOutputDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CivicTrack.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var output = Path.Combine(dir.FullName, "src", "CivicTrack", "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "CivicTrack.dll")), $"No app build at {output}");
        return output;
    }

    private static async Task<(int Code, string Output)> RunAsync(string appDir, string connection, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("CivicTrack.dll");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__CivicTrack"] = connection;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
