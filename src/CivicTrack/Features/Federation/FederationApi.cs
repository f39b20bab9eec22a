using System.Globalization;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Federation;

/// <summary>Federation of province instances into a national one: the national side takes batches and compares provinces; a province
/// side pushes from its outbox (idle without <c>Federation:Url</c>).</summary>
public static class FederationApi
{
    public static IServiceCollection AddFederation(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<FederationSettings>().BindConfiguration("Federation");
        services.AddOutboxHttpClient(FederationOutbox.HttpClientName, config, "Federation");
        services.AddSingleton<FederationReceiver>().AddSingleton<FederationViews>().AddSingleton<FederationOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<FederationOutbox>());
        return services;
    }

    public static IEndpointRouteBuilder MapFederation(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/federation").WithTags("Federation");
        api.MapPost("/batches", async ([FromBody] FederationBatchDto? batch, AccessScope scope, FederationReceiver receiver, CancellationToken ct) =>
                (await receiver.ReceiveAsync(scope, batch, ct)).ToHttp(null))
            .WithName("ReceiveFederationBatch").RequireAccess(Access.FederationPush)
            .WithSummary("Take a province's batch: its units, then its values and its own totals; the same batch again changes nothing")
            .WithDescription("A bearer token with the scope `federation:push`, held by an account of the province. Body: `id` (a UUID made by the province), `province` (its code), `madeAt`, `units` [{code, name, kind, parent, openedOn, closedOn, mergedInto, mergedOn}] when they changed, `values` [{element, unit, period, value}] (no value: the province no longer holds one), `totals` [{element, period, value}] (the province's own aggregate, for the reconciliation). The batch is checked whole and stored in one transaction, or refused whole with 400 naming each field (`values[3].unit` for a unit outside the province). Answer: `status` `stored` or `unchanged`, with the counts.");
        api.MapGet("/provinces", async (string? element, string? indicator, string? period, AccessScope scope, FederationViews views, IStringLocalizer<FederationResource> t,
                CancellationToken ct) =>
            {
                Period? p = null;
                if (period is not null)
                {
                    if (!Period.TryParse(period, out var parsed))
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [t["Fed.BadPeriod", period]] });
                    p = parsed;
                }
                return Results.Ok(await views.ProvincesAsync(scope, element, p, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct, indicator));
            })
            .WithName("ListFederationProvinces").RequireAccess(Access.FederationRead)
            .WithSummary("The provinces compared: when each last pushed, and for an element (or an indicator) and a period the national figure, the province's own total of the element, and the rank");
        api.MapGet("/reconciliation", async (string? province, bool? differences, AccessScope scope, FederationViews views, CancellationToken ct) =>
                Results.Ok(await views.ReconciliationAsync(scope, province, differences == true, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct)))
            .WithName("FederationReconciliation").RequireAccess(Access.FederationRead)
            .WithSummary("For each province, element and period: its own total as reported in its batch against the national figure, differences flagged and first");
        api.MapGet("/outgoing", async (int? limit, FederationViews views, CancellationToken ct) => Results.Ok(await views.OutgoingAsync(limit ?? 50, ct)))
            .WithName("ListFederationOutgoing").RequireAccess(Access.FederationRead)
            .WithSummary("This province's batches for the national instance, newest first: pending, sent or refused, with the answer");
        api.MapPost("/push", async (FederationOutbox outbox, IStringLocalizer<FederationResource> t, CancellationToken ct) =>
                outbox.Enabled ? Results.Ok(await outbox.PassAsync(ct))
                : Results.Problem(t["Fed.NotConfigured"], statusCode: StatusCodes.Status409Conflict))
            .WithName("PushFederationNow").RequireAccess(Access.InteropManage)
            .WithSummary("Push to the national instance now (otherwise it runs every Federation:PollSeconds)");
        return app;
    }
}
