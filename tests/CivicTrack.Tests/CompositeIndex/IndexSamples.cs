using System.Net.Http.Json;
using CivicTrack.Engine.CompositeIndex;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.CompositeIndex;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Accounts;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.CompositeIndex;

/// <summary>Requests for the authorization matrix and the bad-input corpus: the demo's DTI definition and fresh ones.</summary>
public static class IndexSamples
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small valid definition: two pillars, two library indicators.</summary>
    public static IndexDefinitionInput Valid(string name = "Chỉ số thử") => new(LocalText.Of(name, "Test index"), IndexUnitSet.Communes, PeriodType.Year,
        Aggregation.Linear, MissingRule.Skip,
        [
            new("digital-society", null, 150, [new("IND_HH_VNEID_PCT", 1, null, Normalisation.DistanceToTarget, 100)]),
            new("digital-government", null, 200, [new("IND_DOSSIERS_ONLINE_PCT", 2, null, Normalisation.MinMax, null)]),
        ]);

    public static HttpContent Body<T>(T value) => JsonContent.Create(value, options: Json.Options);

    /// <summary>The demo's commune DTI definition.</summary>
    public static async Task<int> DemoIdAsync(AppFactory app) =>
        (await app.Services.GetRequiredService<IndexService>().ListAsync("vi", Ct)).First().Id;

    /// <summary>A fresh definition made with the system scope (to update or delete).</summary>
    public static async Task<int> FreshIdAsync(AppFactory app)
    {
        var system = await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var saved = await app.Services.GetRequiredService<IndexService>().SaveAsync(system, null, Valid("Chỉ số để sửa"), "vi", Ct);
        Assert.Equal(OutcomeKind.Created, saved.Kind);
        return saved.Value!.Id;
    }

    private static Dictionary<string, string> Id(int id) => new() { ["id"] = $"{id}" };

    /// <summary>The matrix entries of every composite index endpoint.</summary>
    public static IEnumerable<KeyValuePair<string, ApiSample>> Matrix()
    {
        const string In = MatrixWorld.InsideCommune, Out = MatrixWorld.OutsideCommune;
        // Definitions hold no unit's figures: every reader sees them, and nothing from outside is in them.
        yield return new("ListIndices", new((_, _) => Task.FromResult(new ApiRequest()), (_, _) => Task.FromResult(new ApiRequest()), OutsideRefusal.FilteredOut, ListLike: true));
        yield return new("GetIndex", new(async (w, _) => new ApiRequest(Id(await DemoIdAsync(w.App))), async (w, _) => new ApiRequest(Id(await DemoIdAsync(w.App))),
            OutsideRefusal.FilteredOut, ListLike: true));
        yield return new("CreateIndex", new((_, _) => Task.FromResult(new ApiRequest(Body: Body(Valid()))), (_, _) => Task.FromResult(new ApiRequest(Body: Body(Valid())))));
        yield return new("UpdateIndex", new(async (w, _) => new ApiRequest(Id(await FreshIdAsync(w.App)), Body: Body(Valid())),
            async (w, _) => new ApiRequest(Id(await FreshIdAsync(w.App)), Body: Body(Valid()))));
        yield return new("DeleteIndex", new(async (w, _) => new ApiRequest(Id(await FreshIdAsync(w.App))), async (w, _) => new ApiRequest(Id(await FreshIdAsync(w.App)))));
        foreach (var name in new[] { "IndexRanking", "IndexSensitivity", "IndexRankingWorkbook", "IndexRankingWord" })
            yield return new(name, new(
                async (w, _) => new ApiRequest(Id(await DemoIdAsync(w.App)), $"unit={In}&period=2025&draws=20"),
                async (w, _) => new ApiRequest(Id(await DemoIdAsync(w.App)), $"unit={Out}&period=2025&draws=20"),
                OutsideRefusal.ValidationNamesOutsideCode));
        yield return new("IndexUnitProfile", new(
            async (w, _) => new ApiRequest(new Dictionary<string, string> { ["id"] = $"{await DemoIdAsync(w.App)}", ["code"] = In }, "period=2025"),
            async (w, _) => new ApiRequest(new Dictionary<string, string> { ["id"] = $"{await DemoIdAsync(w.App)}", ["code"] = Out }, "period=2025"),
            OutsideRefusal.ValidationNamesOutsideCode));
    }
}
