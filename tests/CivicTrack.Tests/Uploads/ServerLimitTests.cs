using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Uploads;

/// <summary>Limits of the real Kestrel server and failures of the server itself (finding 6), each on an instance of its own.</summary>
public sealed class ServerLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ByteArrayContent Body(long length)
    {
        // A zip signature and zeros: refused by the workbook check at once, so only the size is being tested.
        var bytes = new byte[length];
        "PK\u0003\u0004"u8.CopyTo(bytes);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        return content;
    }

    [Fact]
    public async Task Kestrel_takes_bodies_up_to_the_documented_50_MB_and_answers_413_with_a_problem_above()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite, loadDemo: false);
        app.StartKestrel();
        var admin = await app.AccountOnNewRootAsync("K1");

        // 40 MB: over Kestrel's default 30 MB, within the app's limit, so the app reads it and judges the file.
        var within = await admin.PostAsync("/api/org-units/import", Body(40L * 1024 * 1024), Ct);
        Assert.True(within.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)within.StatusCode} {await within.Content.ReadAsStringAsync(Ct)}");
        var refusal = JsonSerializer.Deserialize<ImportRefusal>(await within.Content.ReadAsStringAsync(Ct), Json.Options)!;
        Assert.Equal("BadWorkbook", Assert.Single(refusal.Errors).Code);

        // Sent the way clients send large bodies, asking first: the answer comes before the body is refused mid-way.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/org-units/import") { Content = Body(51L * 1024 * 1024) };
        request.Headers.ExpectContinue = true;
        var over = await admin.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.Contains("50 MB", await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_that_shows_nothing_of_the_exception()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite, loadDemo: false);
        var admin = await app.AccountOnNewRootAsync("K2");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/audit", Ct)).StatusCode);
        // The database file disappears under the running app: every query now fails inside the server.
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        File.Delete(file);
        var response = await admin.GetAsync("/api/audit", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("title").GetString()));
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
