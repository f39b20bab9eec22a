using System.Text;
using CivicTrack.Data;
using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Reliability;

/// <summary>Every import and write endpoint, found in the app's endpoint data source, gets seeded malformed requests; none may
/// answer 5xx or take over 10 s, and a refused one (4xx) must leave the database as it was
/// (<c>bench -- corpus --per-endpoint 2000</c> runs a bigger corpus).</summary>
public sealed class BadInputCorpusTests
{
    private const int PerEndpoint = 200;

    [Fact]
    public async Task EveryWriteEndpoint_AnswersMalformedInput_WithoutServerErrors_Slowness_OrChangesOnRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AppFactory(DatabaseProvider.Sqlite)
        {
            SignInAttemptsPerMinute = 100_000,
            // Thousands of malformed bodies would each be logged with a stack trace; the findings are collected here instead.
            Settings = { ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "None", ["Logging:LogLevel:Microsoft.AspNetCore.Http"] = "None" },
        };
        using (app.CreateClient()) { }
        var result = await CorpusRun.RunAsync(app.Services, () => app.CreateClient(), AppFactory.DemoPassword, PerEndpoint, 20261202,
            TimeSpan.FromSeconds(10), line => TestContext.Current.SendDiagnosticMessage(line), ct);

        var endpoints = CorpusRun.WriteEndpoints(app.Services);
        Assert.True(endpoints.Count >= 30, $"Only {endpoints.Count} write endpoints found.");
        Assert.Equal(endpoints.Count, result.Endpoints.Count);
        var problems = new List<string>();
        if (result.WithoutSeed.Count > 0)
            problems.Add($"Write endpoints without a valid request to start from (add one to CorpusRun's seeds): {string.Join(", ", result.WithoutSeed)}");
        problems.AddRange(result.Endpoints.Where(e => e.Sent < PerEndpoint).Select(e => $"{e.Endpoint}: only {e.Sent} sent"));
        // An endpoint with a body or route values must refuse some of the corpus, or the corpus did not reach it.
        problems.AddRange(result.Endpoints.Where(e => (e.Kind != BodyKind.None || e.HasRouteValues) && e.Refused == 0)
            .Select(e => $"{e.Endpoint} refused none of the corpus"));
        foreach (var (endpoint, kind, cls, count, example) in result.Summary())
            problems.Add($"{endpoint} — {kind}, {cls}: {count} × e.g. {example.Input} → {example.Status} {example.Answer}");
        Assert.True(problems.Count == 0, $"{result.Findings.Count()} wrong answers in {result.Endpoints.Sum(e => e.Sent)} requests:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void Corpus_IsTheSameForTheSameSeed_AndGivesEveryClassItsShare()
    {
        var seed = new CorpusSeed(new Dictionary<string, string> { ["id"] = "7" }, "asOf=2025-06-30", BodyKind.Json, """{"values":[{"element":"A","value":1}],"name":"x"}""");
        var first = BadInputCorpus.Generate("PUT", "/api/things/{id:int}", seed, 240, 11).ToList();
        var second = BadInputCorpus.Generate("PUT", "/api/things/{id:int}", seed, 240, 11).ToList();
        Assert.Equal(first.Select(i => i.Describe()), second.Select(i => i.Describe()));
        Assert.All(BadInputCorpus.JsonClasses, c => Assert.Equal(240 / BadInputCorpus.JsonClasses.Length, first.Count(i => i.Class == c)));
        Assert.Contains(first, i => i.Class == "huge number" && Encoding.UTF8.GetString(i.Body).Contains("e999", StringComparison.Ordinal));
        Assert.Contains(first, i => i.Class == "null" && Encoding.UTF8.GetString(i.Body).Contains("null", StringComparison.Ordinal));
        Assert.Contains(first, i => i.Class == "route or query value" && !i.Path.StartsWith("/api/things/7?asOf=2025-06-30", StringComparison.Ordinal));
    }
}
