using System.Net;
using System.Net.Http.Json;
using CivicTrack.Features.CompositeIndex;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.CompositeIndex;

/// <summary>On PostgreSQL: a definition's structure survives the round trip through its JSON column, and the demo's DTI ranks
/// the communes for 2025.</summary>
public sealed class IndexPostgresTests(PostgresDemoApp shared) : IClassFixture<PostgresDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_definition_round_trips_and_the_demo_index_ranks_the_communes()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsync("/api/indices", IndexSamples.Body(IndexSamples.Valid("Chỉ số Postgres")), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = (await created.Content.ReadFromJsonAsync<IndexDefinitionDto>(Json.Options, Ct))!;
        var read = (await manager.GetFromJsonAsync<IndexDefinitionDto>($"/api/indices/{dto.Id}", Json.Options, Ct))!;
        Assert.Equal(["digital-society", "digital-government"], read.Pillars.Select(p => p.Code));
        Assert.Equal(100, read.Pillars[0].Components[0].Target);
        Assert.Equal(Engine.CompositeIndex.Normalisation.MinMax, read.Pillars[1].Components[0].Normalisation);
        var demo = await IndexSamples.DemoIdAsync(shared.App);
        var ranking = (await manager.GetFromJsonAsync<IndexRankingAnswer>($"/api/indices/{demo}/ranking?period=2025", Json.Options, Ct))!;
        Assert.True(ranking.Rows.Count >= 90);
        Assert.Equal(1, ranking.Rows[0].Rank);
        Assert.All(ranking.Rows, r => Assert.InRange(r.Score!.Value, 0, 1));
    }
}
