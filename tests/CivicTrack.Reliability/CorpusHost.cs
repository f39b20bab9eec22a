using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CivicTrack.Reliability;

/// <summary>The app in process on a temporary SQLite database with the demo, for the bench's bigger corpus run
/// (the test suite runs the corpus on its own AppFactory).</summary>
public sealed class CorpusHost : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "civictrack-corpus", Guid.NewGuid().ToString("N")[..8]);

    public string Password { get; } = "Corpus-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) + "-x";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:CivicTrack", $"Data Source={Path.Combine(_folder, "corpus.db")};Pooling=False");
        builder.UseSetting("Demo:Load", "true");
        builder.UseSetting("Demo:Password", Password);
        builder.UseSetting("Evidence:Path", Path.Combine(_folder, "evidence"));
        builder.UseSetting("Accounts:SignInAttemptsPerMinute", "100000");
        builder.UseSetting("Reporting:Reminders:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
