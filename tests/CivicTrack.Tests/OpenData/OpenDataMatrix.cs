using System.Net.Http.Json;
using CivicTrack.Demo;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.OpenData;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Accounts;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.OpenData;

/// <summary>The open-data endpoints' samples for the authorization matrix: management aimed at a dataset about the inside
/// or the outside commune; the CKAN actions are public.</summary>
public static class OpenDataMatrix
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string In = MatrixWorld.InsideCommune;
    private const string Out = MatrixWorld.OutsideCommune;

    public static OpenDatasetInput Input(string slug, string unit) =>
        new(slug, "Bộ dữ liệu ma trận", Kind: OpenDatasetKind.Dossiers, Unit: unit, Published: false);

    /// <summary>A fresh dataset about the unit, made with the system scope.</summary>
    public static async Task<string> DatasetAsync(MatrixWorld w, string unit)
    {
        var system = await w.App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        using var scope = w.App.Services.CreateScope();
        var slug = $"mx-{unit}-{w.Next()}";
        var made = await scope.ServiceProvider.GetRequiredService<OpenDatasetService>().SaveAsync(system, null, Input(slug, unit), Ct);
        Assert.Equal(OutcomeKind.Created, made.Kind);
        return slug;
    }

    private static Task<ApiRequest> R(IReadOnlyDictionary<string, string>? route = null, string? query = null, HttpContent? body = null) =>
        Task.FromResult(new ApiRequest(route, query, body));

    private static async Task<ApiRequest> At(MatrixWorld w, string unit, HttpContent? body = null) =>
        new(new Dictionary<string, string> { ["slug"] = await DatasetAsync(w, unit) }, null, body);

    private static HttpContent Body<T>(T value) => JsonContent.Create(value, options: Json.Options);

    public static readonly IReadOnlyDictionary<string, ApiSample> Samples = new Dictionary<string, ApiSample>
    {
        ["ListOpenDatasets"] = new((_, _) => R(), (_, _) => R(), OutsideRefusal.FilteredOut, ListLike: true),
        ["GetOpenDataset"] = new((w, _) => At(w, In), (w, _) => At(w, Out)),
        ["CreateOpenDataset"] = new((w, _) => R(body: Body(Input($"mx-new-{w.Next()}", In))), (w, _) => R(body: Body(Input($"mx-new-{w.Next()}", Out))),
            OutsideRefusal.ValidationNamesOutsideCode),
        ["UpdateOpenDataset"] = new((w, _) => At(w, In, Body(new OpenDatasetInput(null, "Bộ dữ liệu đã sửa"))),
            (w, _) => At(w, Out, Body(new OpenDatasetInput(null, "Bộ dữ liệu đã sửa")))),
        ["DeleteOpenDataset"] = new((w, _) => At(w, In), (w, _) => At(w, Out)),
        ["CkanPackageList"] = new((_, _) => R(), (_, _) => R()),
        ["CkanPackageSearch"] = new((_, _) => R(query: "q=xa&rows=2"), (_, _) => R(query: "q=xa&rows=2")),
        ["CkanPackageShow"] = new((_, _) => R(query: $"id={DemoOpenData.Dossiers}"), (_, _) => R(query: $"id={DemoOpenData.Dossiers}")),
    };
}
